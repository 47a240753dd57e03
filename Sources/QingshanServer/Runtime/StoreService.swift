import QingshanStore
import ServiceLifecycle

/// Keeps the store's background work (the PostgreSQL pool) inside the ServiceGroup, so it starts before
/// and stops after the HTTP server.
struct StoreService: Service {
    let store: SQLStore

    func run() async throws {
        await withGracefulShutdownHandler {
            await store.run()
        } onGracefulShutdown: {}
        await store.close()
    }
}
