import Foundation
import QingshanStore

@testable import QingshanServer

/// A throw-away database on the PostgreSQL server `make test` starts (`QINGSHAN_TEST_POSTGRES`).
enum TestPostgres {
    static var adminURL: String? {
        ProcessInfo.processInfo.environment["QINGSHAN_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// PostgreSQL cases run unless they are left out on purpose: without a server they fail and say how to get
    /// one, instead of vanishing from the run.
    static var enabled: Bool {
        ProcessInfo.processInfo.environment["QINGSHAN_TEST_SQLITE_ONLY"] != "1"
    }

    static let missing =
        "QINGSHAN_TEST_POSTGRES is not set: run the tests with make test (it starts a throw-away PostgreSQL server), or set QINGSHAN_TEST_SQLITE_ONLY=1 to leave the PostgreSQL cases out, knowingly"

    /// Creates a new database with psql and returns its URL.
    static func createDatabase() async throws -> String {
        guard let admin = adminURL else { throw TestFailure(missing) }
        let name = "qs_proc_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [admin, "-v", "ON_ERROR_STOP=1", "-q", "-c", "CREATE DATABASE \(name)"]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("psql could not create \(name)") }
        guard let slash = admin.lastIndex(of: "/") else { throw TestFailure("bad QINGSHAN_TEST_POSTGRES") }
        return String(admin[...slash]) + name
    }
}

/// The engines a parameterized test runs on: SQLite, and PostgreSQL unless `QINGSHAN_TEST_SQLITE_ONLY=1`.
enum TestEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    var description: String { rawValue }

    static var selected: [TestEngine] { TestPostgres.enabled ? [.sqlite, .postgres] : [.sqlite] }

    /// A configuration on a new, empty database of this engine.
    func config(_ change: (inout AppConfig) -> Void = { _ in }) async throws -> AppConfig {
        var config = AppConfig(dataDirectory: Fixture.temporaryDirectory())
        if self == .postgres { config.database = try DatabaseLocation(parsing: try await TestPostgres.createDatabase()) }
        change(&config)
        return config
    }
}
