import ArgumentParser
import Foundation
import QingshanServer

struct Config: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Configuration tools.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a configuration file (with the environment applied); exit 2 with the reason if it is bad.")
        @Argument(help: "YAML configuration file.") var file: String

        func run() async throws {
            do {
                let config = try await AppConfig.load(file: file)
                print(
                    "ok: database \(config.database), http \(config.http), hj212 \(config.hj212), log \(config.logLevel) \(config.logFormat.rawValue)"
                )
            } catch {
                fail("configuration: \(error.description)", code: 2)
            }
        }
    }
}
