import QingshanCore
import QingshanStore
import Synchronization

/// The registry as requests read it — sites by code, regions, devices — loaded from the store when this
/// server changed it and at most every few seconds otherwise (another process may have), so that no request
/// reads the registry tables on its way. One per application, shared by REST and SensorThings.
final class RegistrySnapshot: Sendable {
    struct Contents: Sendable {
        var sites: [String: Site]
        /// Sorted.
        var siteCodes: [String]
        var regions: [Region]
        var devices: [Device]
        /// Sites the public may not see (unpublished outlets).
        var hiddenFromPublic: Set<String>
    }

    /// How long a snapshot is trusted when this server has not changed the registry.
    static let maximumAgeMilliseconds: Int64 = 5_000

    private let store: any RegistryStore
    private let state = Mutex<(contents: Contents, generation: Int, loadedAt: Int64)?>(nil)

    init(store: any RegistryStore) {
        self.store = store
    }

    /// The registry now (concurrent requests that find it stale may each load it: the tables are small).
    func current(now: Timestamp = .now) async throws -> Contents {
        let generation = store.registryGeneration
        if let cached = state.withLock({ $0 }), cached.generation == generation,
            now.millisecondsSinceEpoch - cached.loadedAt < Self.maximumAgeMilliseconds
        {
            return cached.contents
        }
        let sites = try await store.sites(SiteFilter())
        let contents = Contents(
            sites: Dictionary(sites.map { ($0.code, $0) }, uniquingKeysWith: { $1 }), siteCodes: sites.map(\.code).sorted(),
            regions: try await store.regions(), devices: try await store.devices(),
            hiddenFromPublic: Set(sites.filter { !$0.isPublic }.map(\.code)))
        state.withLock { $0 = (contents, generation, now.millisecondsSinceEpoch) }
        return contents
    }

    func site(code: String) async throws -> Site? {
        try await current().sites[code]
    }
}
