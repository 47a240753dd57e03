import QingshanCore
import QingshanStore
import Synchronization

extension SensorThingsResolver {
    /// The registry as one request sees it.
    struct Registry: Sendable {
        var sites: [String: Site]
        var siteCodes: [String]
        var devices: [Device]
        var series: [SeriesKey]
        /// Sites the public may not see (unpublished outlets), found once per snapshot rather than per request.
        var hiddenFromPublic: Set<String>
    }

    /// The registry of the last few seconds: sites and loggers change rarely, and every request needs them.
    final class RegistryCache: Sendable {
        static let seconds: Int64 = 5
        private let state = Mutex<(registry: Registry, loadedAt: Int64)?>(nil)

        func get(_ now: Timestamp, load: () async throws -> Registry) async throws -> Registry {
            if let cached = state.withLock({ $0 }), now.millisecondsSinceEpoch - cached.loadedAt < Self.seconds * 1000 { return cached.registry }
            let registry = try await load()
            state.withLock { $0 = (registry, now.millisecondsSinceEpoch) }
            return registry
        }
    }

    /// Sites and loggers from the cache; the series from the store's own list, which follows every write; less
    /// what the principal may not read (unpublished outlets, for the public).
    func registry() async throws -> Registry {
        var registry = try await cache.get(now) { try await loadRegistry() }
        registry.series = try await store.series()
        guard !principal.seesEverything else { return registry }
        let hidden =
            principal == .anonymous
            ? registry.hiddenFromPublic : Set(registry.sites.values.filter { !principal.canRead($0) }.map(\.code))
        guard !hidden.isEmpty else { return registry }
        registry.sites = registry.sites.filter { !hidden.contains($0.key) }
        registry.siteCodes.removeAll { hidden.contains($0) }
        registry.devices.removeAll { hidden.contains($0.siteCode) }
        registry.series.removeAll { hidden.contains($0.siteCode) }
        return registry
    }

    func loadRegistry() async throws -> Registry {
        let sites = try await store.sites(SiteFilter())
        return Registry(
            sites: Dictionary(uniqueKeysWithValues: sites.map { ($0.code, $0) }), siteCodes: sites.map(\.code).sorted(),
            devices: try await store.devices(), series: try await store.series(),
            hiddenFromPublic: Set(sites.filter { !$0.isPublic }.map(\.code)))
    }
}
