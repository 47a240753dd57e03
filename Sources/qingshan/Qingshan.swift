import ArgumentParser
import Foundation
import QingshanServer

@main
struct Qingshan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qingshan",
        abstract: "青山 Qingshan: ecological-environment monitoring and supervision platform.",
        subcommands: [Serve.self, Import.self, Registry.self, Config.self, HJ212Command.self, Simulate.self, Calc.self, Evaluate.self, Rollup.self, Token.self])
}

/// Options every command that opens the store shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "YAML configuration file.")
    var config: String?

    @Option(name: .long, help: "sqlite:PATH or postgres://user:password@host:port/database")
    var database: String?

    @Option(name: .customLong("data-directory"), help: "Data directory (default ./qingshan-data).")
    var dataDirectory: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error, critical")
    var logLevel: String?

    func overrides(http: String? = nil, hj212: String? = nil) -> AppConfig.Overrides {
        AppConfig.Overrides(database: database, http: http, hj212: hj212, dataDirectory: dataDirectory, logLevel: logLevel)
    }
}

/// Prints `qingshan: reason` and exits with the given code; 2 is reserved for bad configuration.
func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("qingshan: \(message)\n".utf8))
    exit(code)
}

func loadConfig(_ options: StoreOptions, http: String? = nil, hj212: String? = nil) async -> AppConfig {
    do {
        return try await AppConfig.load(file: options.config, overrides: options.overrides(http: http, hj212: hj212))
    } catch {
        fail("configuration: \(error.description)", code: 2)
    }
}
