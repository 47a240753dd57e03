import QingshanStore
import ServiceLifecycle

/// Keeps the store's background work (the PostgreSQL pool) inside the ServiceGroup. Hummingbird shuts
/// services down in reverse order, so the HTTP server stops first. Whoever opened the store closes it.
struct StoreService: Service {
    let store: SQLStore

    func run() async throws {
        // The store's run loop ends on cancellation, which graceful shutdown triggers here.
        try? await cancelWhenGracefulShutdown {
            await store.run()
        }
    }
}
