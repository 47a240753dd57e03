import ArgumentParser
import Foundation
import Logging
import QingshanServer
import QingshanStore

@main
struct Qingshan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qingshan",
        abstract: "青山 Qingshan: ecological-environment monitoring and supervision platform.",
        subcommands: [
            Serve.self, Import.self, Registry.self, Config.self, HJ212Tool.self, Simulate.self, Calc.self, Evaluate.self, Rollup.self, Token.self,
            User.self, Audit.self, Secrets.self, Plan.self,
        ])
}

/// Options every command that opens the store shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "YAML configuration file.")
    var config: String?

    @Option(
        name: .long,
        help:
            "sqlite:PATH, or postgres://user@host:port/database without a password (give a password through QINGSHAN_DATABASE or the configuration file: ps shows flags to every user)"
    )
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

/// The one way a command opens its store: the configuration (file, environment, flags) with logging set up from it,
/// and the store prepared as `serve` prepares it (migrations, the default profile on first start). Errors come back
/// out of `body`, so no command exits while its store is open; it reports them once the store is closed.
func withConfiguredStore<T: Sendable>(
    _ options: StoreOptions, _ body: @escaping @Sendable (any PlatformStore) async throws -> T
) async throws -> T {
    try await withConfiguredStore(await loadConfig(options), body)
}

/// The same, for a command that needed its configuration before opening the store (read once).
func withConfiguredStore<T: Sendable>(
    _ config: AppConfig, _ body: @escaping @Sendable (any PlatformStore) async throws -> T
) async throws -> T {
    try await SQLStore.withStore(config.database, logger: Logger(label: "qingshan.store")) { store in
        try await StoreBootstrap.prepare(store, config: config, logger: Logger(label: "qingshan"))
        return try await body(store)
    }
}

/// The configuration (file, environment, flags), with logging set up from it; exits 2 when it is unusable.
func loadConfig(_ options: StoreOptions, http: String? = nil, hj212: String? = nil) async -> AppConfig {
    let config: AppConfig
    do {
        config = try await AppConfig.load(file: options.config, overrides: options.overrides(http: http, hj212: hj212))
    } catch {
        fail("configuration: \(error.description)", code: 2)
    }
    Observability.bootstrapLogging(format: config.logFormat, level: config.logLevel)
    return config
}
