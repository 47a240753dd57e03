import Foundation
public import QingshanStore

/// The engines database tests run on, and throw-away databases for them: a new SQLite file, or a new database on
/// the PostgreSQL server `make test` starts (`QINGSHAN_TEST_POSTGRES`, a URL whose user may create databases).
/// The one helper every test target uses.
public enum TestDatabase: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    public static var postgresAdminURL: String? {
        ProcessInfo.processInfo.environment["QINGSHAN_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Both engines, unless `QINGSHAN_TEST_SQLITE_ONLY=1` leaves PostgreSQL out on purpose: without a server the
    /// PostgreSQL cases fail and say how to get one, instead of vanishing from the run.
    public static var available: [TestDatabase] {
        ProcessInfo.processInfo.environment["QINGSHAN_TEST_SQLITE_ONLY"] == "1" ? [.sqlite] : [.sqlite, .postgres]
    }

    public static let missingPostgres =
        "QINGSHAN_TEST_POSTGRES is not set: run the tests with make test (it starts a throw-away PostgreSQL server), or set QINGSHAN_TEST_SQLITE_ONLY=1 to leave the PostgreSQL cases out, knowingly"

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// A fresh, empty database of this kind.
    public func makeLocation() async throws -> DatabaseLocation {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qingshan-test-\(UUID().uuidString)")
            return .sqlite(path: directory.appendingPathComponent("test.sqlite").path)
        case .postgres:
            return try DatabaseLocation(parsing: try Self.createPostgresDatabase())
        }
    }

    /// Creates a new database with psql and returns its URL (for a server process, through its environment).
    public static func createPostgresDatabase() throws -> String {
        guard let admin = postgresAdminURL else { throw Unavailable(description: missingPostgres) }
        let name = "qs_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [admin, "-v", "ON_ERROR_STOP=1", "-q", "-c", "CREATE DATABASE \(name)"]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Unavailable(description: "psql could not create \(name) on \(admin)") }
        guard let slash = admin.lastIndex(of: "/") else { throw Unavailable(description: "QINGSHAN_TEST_POSTGRES is not a URL: \(admin)") }
        return String(admin[...slash]) + name
    }
}
