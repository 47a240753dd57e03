import ArgumentParser
import Foundation
import Logging
import QingshanCore
import QingshanServer
import QingshanStore

/// `qingshan evaluate`: evaluations of stored data against the national standards.
struct Evaluate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate stored data against the national standards.", subcommands: [Air.self, Water.self])

    struct Air: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "HJ 663 air-quality evaluation of sites or a region over whole days (Beijing time).",
            discussion: """
                Each --site is evaluated on its own; --region takes the hourly mean of the region's air stations \
                (its sub-regions included). Dates are YYYY-MM-DD, both days included.
                """)
        @OptionGroup var options: StoreOptions
        @Option(name: .customLong("site"), help: "Site code (repeatable).") var sites: [String] = []
        @Option(help: "Region code (mean of its air stations).") var region: String?
        @OptionGroup var days: DayRange
        @Option(help: "json or md.", transform: ReportFormat.parse) var format: ReportFormat = .md
        @Option(
            help: "GB 3095 edition for the limits: 2012, 2026, 2026-final (default: the one in force on the first day).",
            transform: { try ArgumentValue.parse($0, option: "--limits", expected: "2012, 2026 or 2026-final") { GB3095Edition(rawValue: $0) } })
        var limits: GB3095Edition?
        @Flag(help: "Daily AQI: let the O3 daily maximum 1-hour value count too.") var o3OneHour = false

        func run() async throws {
            let (first, last) = (days.from, days.to)
            var scopes = sites.map(AirEvaluationReport.Scope.site)
            if let region { scopes.append(.region(region)) }
            guard !scopes.isEmpty else { fail("name what to evaluate: --site CODE (repeatable) or --region CODE", code: 2) }
            let (chosenScopes, chosenEdition, o3OneHour) = (scopes, limits, self.o3OneHour)
            let reports: [AirEvaluationDTO]
            do {
                reports = try await withConfiguredStore(options) { store in
                    var reports: [AirEvaluationDTO] = []
                    for scope in chosenScopes {
                        let report = try await AirEvaluationReport.make(
                            store: store, scope: scope, first: first, last: last, limits: chosenEdition, oneHourO3Enters: o3OneHour)
                        reports.append(AirEvaluationDTO(report))
                    }
                    return reports
                }
            } catch let error as EvaluationError {
                fail("evaluate air: \(error.description)", code: 1)
            } catch {
                fail("evaluate air: \(error)", code: 1)
            }
            try printReport(reports, as: format) { $0.map { $0.markdown() }.joined(separator: "\n") }
        }
    }

    struct Water: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "GB 3838 assessment of a surface-water section or a region's sections over whole days (Beijing time).",
            discussion: "Period means of the stored hourly and daily values per item; each section's waterbody and target come from its attributes.")
        @OptionGroup var options: StoreOptions
        @Option(help: "Section (site) code.") var site: String?
        @Option(help: "Region code (its sections, sub-regions included).") var region: String?
        @OptionGroup var days: DayRange
        @Option(help: "json or md.", transform: ReportFormat.parse) var format: ReportFormat = .md

        func run() async throws {
            let (first, last) = (days.from, days.to)
            let scope: AirEvaluationReport.Scope
            switch (site, region) {
            case (let site?, nil): scope = .site(site)
            case (nil, let region?): scope = .region(region)
            default: fail("name what to evaluate: --site CODE or --region CODE (one of them)", code: 2)
            }
            let report: WaterEvaluationDTO
            do {
                report = try await withConfiguredStore(options) { store in
                    WaterEvaluationDTO(try await WaterEvaluationReport.make(store: store, scope: scope, first: first, last: last))
                }
            } catch let error as EvaluationError {
                fail("evaluate water: \(error.description)", code: 1)
            } catch {
                fail("evaluate water: \(error)", code: 1)
            }
            try printReport(report, as: format) { $0.markdown() }
        }
    }
}

/// Prints a report as pretty JSON (`json`) or as the Markdown `markdown` makes of it.
func printReport<Report: Encodable>(_ report: Report, as format: ReportFormat, markdown: (Report) -> String) throws {
    if format == .json {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        FileHandle.standardOutput.write(try encoder.encode(report) + Data("\n".utf8))
    } else {
        print(markdown(report))
    }
}
