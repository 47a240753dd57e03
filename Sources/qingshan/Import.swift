import ArgumentParser
import Foundation
import Logging
import QingshanServer
import QingshanStore
import QingshanTools

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import data files into the store.",
        subcommands: [PRSA.self, CNEMC.self])

    struct PRSA: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prsa", abstract: "UCI Beijing multi-site hourly files (PRSA_Data_*.csv).")
        @OptionGroup var options: StoreOptions
        @Flag(help: "Stop at the first bad row and store nothing.") var strict = false
        @Argument(help: "Files to import.") var files: [String]

        func run() async throws { await runImport(.prsa, files: files, strict: strict, options: options) }
    }

    struct CNEMC: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cnemc", abstract: "CNEMC national release days (china_sites_YYYYMMDD.csv).")
        @OptionGroup var options: StoreOptions
        @Flag(help: "Stop at the first bad row and store nothing.") var strict = false
        @Argument(help: "Files to import.") var files: [String]

        func run() async throws { await runImport(.cnemc, files: files, strict: strict, options: options) }
    }
}

func runImport(_ format: ImportFormat, files: [String], strict: Bool, options: StoreOptions) async {
    let config = await loadConfig(options)
    let batchSize = config.importBatchSize
    let logger = Logger(label: "qingshan.import")
    let started = Date.now
    do {
        let summary = try await withConfiguredStore(config) { store in
            let summary = try await Importer(store: store, batchSize: batchSize, strict: strict, logger: logger)
                .run(format: format, files: files)
            // The import ran outside `serve`, so its days are rolled up here, before the process ends.
            let rollups = try await RollupWorker(store: store, logger: logger).pass(progress: ProgressBar.reporting("rollups"))
            return (summary, rollups)
        }
        print(summary.0.report())
        print("rollups computed: \(summary.1)")
        print(String(format: "time: %.2f s", Date.now.timeIntervalSince(started)))
    } catch {
        fail("import \(format.rawValue): \(error)", code: 1)
    }
}
