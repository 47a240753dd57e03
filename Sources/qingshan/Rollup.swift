import ArgumentParser
import Foundation
import Logging
import QingshanCore
import QingshanServer
import QingshanStore
import QingshanTools

/// A site code given on the command line that the registry does not have.
struct UnknownSite: Error, CustomStringConvertible {
    var code: String
    var description: String { "no site with code '\(code)'" }
}

extension [String] {
    /// The first of these site codes the store does not have.
    func asyncFirstMissing(in store: any PlatformStore) async throws -> String? {
        for code in self where try await store.site(code: code) == nil { return code }
        return nil
    }
}

/// `qingshan rollup rebuild`: recomputes rollups from the stored observations (after a crash, or a change of rules).
struct Rollup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Rollups (hour, day, O3 8-hour maximum, month, year).", subcommands: [Rebuild.self])

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recompute the rollups of some days from the stored observations.")
        @OptionGroup var options: StoreOptions
        @Option(name: .customLong("site"), help: "Site code (repeatable; default every site).") var sites: [String] = []
        @OptionGroup var days: DayRange

        func run() async throws {
            let (sites, days) = (self.sites, self.days)
            do {
                let written = try await withConfiguredStore(options) { store in
                    if let unknown = try await sites.asyncFirstMissing(in: store) { throw UnknownSite(code: unknown) }
                    return try await RollupWorker(store: store, logger: Logger(label: "qingshan.rollup"))
                        .rebuild(siteCodes: sites, first: days.from, last: days.to, progress: ProgressBar.reporting("rollups"))
                }
                print("rollups computed: \(written)")
            } catch let error as UnknownSite {
                fail(error.description, code: 1)
            } catch {
                fail("rollup rebuild: \(error)", code: 1)
            }
        }
    }
}
