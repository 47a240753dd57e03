import ArgumentParser
import Foundation
import Logging
import QingshanCore
import QingshanServer
import QingshanStore
import QingshanTools

/// `qingshan rollup rebuild`: recomputes rollups from the stored observations (after a crash, or a change of rules).
struct Rollup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Rollups (hour, day, O3 8-hour maximum, month, year).", subcommands: [Rebuild.self])

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recompute the rollups of some days from the stored observations.")
        @OptionGroup var options: StoreOptions
        @Option(name: .customLong("site"), help: "Site code (repeatable; default every site).") var sites: [String] = []
        @Option(help: "First day, YYYY-MM-DD (Beijing time).") var from: String
        @Option(help: "Last day, YYYY-MM-DD (included).") var to: String

        func run() async throws {
            guard let first = CivilDateTime(dateText: from) else { fail("--from '\(from)' must be a date YYYY-MM-DD", code: 2) }
            guard let last = CivilDateTime(dateText: to) else { fail("--to '\(to)' must be a date YYYY-MM-DD", code: 2) }
            guard first.timestamp <= last.timestamp else { fail("--from \(from) is after --to \(to)", code: 2) }
            let config = await loadConfig(options)
            Observability.bootstrapLogging(format: config.logFormat, level: config.logLevel)
            let sites = self.sites
            do {
                let written = try await SQLStore.withStore(config.database, logger: Logger(label: "qingshan.store")) { store in
                    for site in sites where try await store.site(code: site) == nil {
                        fail("no site with code '\(site)'", code: 1)
                    }
                    return try await RollupWorker(store: store, logger: Logger(label: "qingshan.rollup"))
                        .rebuild(siteCodes: sites, first: first, last: last, progress: ProgressBar.reporting("rollups"))
                }
                print("rollups computed: \(written)")
            } catch {
                fail("rollup rebuild: \(error)", code: 1)
            }
        }
    }
}
