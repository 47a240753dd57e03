import QingshanStore
import QingshanTestSupport

@testable import QingshanServer

/// The engines a parameterized test runs on: SQLite, and PostgreSQL unless `QINGSHAN_TEST_SQLITE_ONLY=1`.
typealias TestEngine = TestDatabase

extension TestDatabase {
    static var selected: [TestDatabase] { available }

    /// A configuration on a new, empty database of this engine.
    func config(_ change: (inout AppConfig) -> Void = { _ in }) async throws -> AppConfig {
        var config = AppConfig(dataDirectory: Fixture.temporaryDirectory())
        if self == .postgres { config.database = try await makeLocation() }
        change(&config)
        return config
    }
}
