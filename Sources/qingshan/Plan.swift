import ArgumentParser
import Foundation
import QingshanServer
import QingshanStore

/// `qingshan plan report`: the plan's evaluation report from the configured store.
struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The five-year plan's scorecard and reports.", subcommands: [Report.self])

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the plan's report for a year: midterm (中期评估), final (总结评估) or annual; md, html or pdf (Chromium).")
        @OptionGroup var options: StoreOptions
        @Option(help: "The year reported on, 2021 or later.") var year: Int
        @Option(help: "midterm, final or annual.") var kind = "annual"
        @Option(help: "md, html or pdf.") var format = "md"
        @Option(name: .shortAndLong, help: "Output file (default: standard output for md and html; required for pdf).") var output: String?

        func run() async throws {
            guard let kind = PlanReport.Kind(rawValue: kind) else { fail("plan report: --kind must be midterm, final or annual", code: 2) }
            guard ["md", "html", "pdf"].contains(format) else { fail("plan report: --format must be md, html or pdf", code: 2) }
            guard year >= 2021, year <= 2100 else { fail("plan report: --year must be 2021 or later", code: 2) }
            if format == "pdf", output == nil { fail("plan report: a PDF needs -o FILE", code: 2) }
            let (year, format) = (year, format)
            do {
                let book = try PlanBook.builtIn()
                let report = try await withConfiguredStore(options) { store in
                    try await PlanReport.make(book: book, store: store, kind: kind, year: year)
                }
                let bytes: Data =
                    switch format {
                    case "md": Data(report.markdown().utf8)
                    case "html": Data(report.html().utf8)
                    default: try await PlanReportPDF.render(html: report.html())
                    }
                if let output {
                    try bytes.write(to: URL(fileURLWithPath: output))
                    FileHandle.standardError.write(Data("\(report.title): \(output) (\(bytes.count) bytes)\n".utf8))
                } else {
                    FileHandle.standardOutput.write(bytes)
                }
            } catch let failure as PlanReportPDF.Failure {
                fail("plan report: \(failure.description)", code: 1)
            } catch {
                fail("plan report: \(error)", code: 1)
            }
        }
    }
}
