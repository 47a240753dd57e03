import Foundation

/// A throw-away database on the PostgreSQL server `make test` starts (`QINGSHAN_TEST_POSTGRES`).
enum TestPostgres {
    static var adminURL: String? {
        ProcessInfo.processInfo.environment["QINGSHAN_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Creates a new database with psql and returns its URL.
    static func createDatabase() async throws -> String {
        guard let admin = adminURL else { throw TestFailure("QINGSHAN_TEST_POSTGRES is not set") }
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
