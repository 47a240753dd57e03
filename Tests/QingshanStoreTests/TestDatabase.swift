import Foundation
import Logging
import PostgresNIO
import QingshanStore

/// The engines the contract suite runs on: SQLite always; PostgreSQL when `QINGSHAN_TEST_POSTGRES` names a
/// server where the test user may create databases (`make test` starts one and sets it).
enum TestDatabase: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    var description: String { rawValue }

    static var postgresAdminURL: String? {
        ProcessInfo.processInfo.environment["QINGSHAN_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Both engines, unless `QINGSHAN_TEST_SQLITE_ONLY=1` leaves PostgreSQL out on purpose: without a server the
    /// PostgreSQL cases fail and say how to get one, instead of vanishing from the run.
    static var available: [TestDatabase] {
        ProcessInfo.processInfo.environment["QINGSHAN_TEST_SQLITE_ONLY"] == "1" ? [.sqlite] : [.sqlite, .postgres]
    }

    /// A fresh, empty database of this kind: a new SQLite file or a new PostgreSQL database.
    func makeLocation() async throws -> DatabaseLocation {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qingshan-test-\(UUID().uuidString)")
            return .sqlite(path: directory.appendingPathComponent("test.sqlite").path)
        case .postgres:
            guard let url = Self.postgresAdminURL, case .postgres(var address) = try DatabaseLocation(parsing: url) else {
                throw StoreError.unavailable(
                    "QINGSHAN_TEST_POSTGRES is not set: run the tests with make test (it starts a throw-away PostgreSQL server), or set QINGSHAN_TEST_SQLITE_ONLY=1 to leave the PostgreSQL cases out, knowingly"
                )
            }
            let name = "qs_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            try await Self.admin(address) { connection in
                try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: Self.logger)
            }
            address.database = String(name)
            return .postgres(address)
        }
    }

    static let logger = Logger(label: "test")

    static func admin(_ address: DatabaseLocation.PostgresAddress, _ body: (PostgresConnection) async throws -> Void) async throws {
        let configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.username, password: address.password,
            database: address.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await body(connection)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// Runs `body` on a migrated store in a fresh database.
func withFreshStore<T: Sendable>(_ database: TestDatabase, _ body: @Sendable (SQLStore) async throws -> T) async throws -> T {
    let location = try await database.makeLocation()
    return try await SQLStore.withStore(location, body)
}
