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
        @Option(help: "First day, YYYY-MM-DD.") var from: String
        @Option(help: "Last day, YYYY-MM-DD (included).") var to: String
        @Option(help: "json or md.") var format: String = "md"
        @Option(help: "GB 3095 edition for the limits: 2012, 2026, 2026-final (default: the one in force on the first day).")
        var limits: String?
        @Flag(help: "Daily AQI: let the O3 daily maximum 1-hour value count too.") var o3OneHour = false

        func run() async throws {
            guard let first = CivilDateTime(dateText: from) else { fail("--from '\(from)' must be a date YYYY-MM-DD", code: 2) }
            guard let last = CivilDateTime(dateText: to) else { fail("--to '\(to)' must be a date YYYY-MM-DD", code: 2) }
            guard format == "json" || format == "md" else { fail("--format '\(format)' must be json or md", code: 2) }
            var scopes = sites.map(AirEvaluationReport.Scope.site)
            if let region { scopes.append(.region(region)) }
            guard !scopes.isEmpty else { fail("name what to evaluate: --site CODE (repeatable) or --region CODE", code: 2) }
            var edition: GB3095Edition?
            if let limits {
                guard let parsed = GB3095Edition(rawValue: limits) else { fail("--limits '\(limits)' must be 2012, 2026 or 2026-final", code: 2) }
                edition = parsed
            }
            let (chosenScopes, chosenEdition) = (scopes, edition)
            let config = await loadConfig(options)
            Observability.bootstrapLogging(format: config.logFormat, level: config.logLevel)
            let reports: [AirEvaluationDTO]
            do {
                reports = try await SQLStore.withStore(config.database, logger: Logger(label: "qingshan.store")) { store in
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
        @Option(help: "First day, YYYY-MM-DD.") var from: String
        @Option(help: "Last day, YYYY-MM-DD (included).") var to: String
        @Option(help: "json or md.") var format: String = "md"

        func run() async throws {
            guard let first = CivilDateTime(dateText: from) else { fail("--from '\(from)' must be a date YYYY-MM-DD", code: 2) }
            guard let last = CivilDateTime(dateText: to) else { fail("--to '\(to)' must be a date YYYY-MM-DD", code: 2) }
            guard format == "json" || format == "md" else { fail("--format '\(format)' must be json or md", code: 2) }
            let scope: AirEvaluationReport.Scope
            switch (site, region) {
            case (let site?, nil): scope = .site(site)
            case (nil, let region?): scope = .region(region)
            default: fail("name what to evaluate: --site CODE or --region CODE (one of them)", code: 2)
            }
            let config = await loadConfig(options)
            Observability.bootstrapLogging(format: config.logFormat, level: config.logLevel)
            let report: WaterEvaluationDTO
            do {
                report = try await SQLStore.withStore(config.database, logger: Logger(label: "qingshan.store")) { store in
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
func printReport<Report: Encodable>(_ report: Report, as format: String, markdown: (Report) -> String) throws {
    if format == "json" {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        FileHandle.standardOutput.write(try encoder.encode(report) + Data("\n".utf8))
    } else {
        print(markdown(report))
    }
}
