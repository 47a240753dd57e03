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

    /// Sites and loggers from the application's registry snapshot; the series from the store's own list, which follows every write; less
    /// what the principal may not read (unpublished outlets, for the public).
    func registry() async throws -> Registry {
        let contents = try await snapshot.current(now: now)
        var registry = Registry(
            sites: contents.sites, siteCodes: contents.siteCodes, devices: contents.devices, series: try await store.series(),
            hiddenFromPublic: contents.hiddenFromPublic)
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
}
