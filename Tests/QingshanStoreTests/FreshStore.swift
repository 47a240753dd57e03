import QingshanStore
import QingshanTestSupport

/// Runs `body` on a migrated store in a fresh database.
func withFreshStore<T: Sendable>(_ database: TestDatabase, _ body: @Sendable (SQLStore) async throws -> T) async throws -> T {
    let location = try await database.makeLocation()
    return try await SQLStore.withStore(location, body)
}
