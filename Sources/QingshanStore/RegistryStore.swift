public import QingshanCore

/// Filters for listing sites.
public struct SiteFilter: Sendable, Hashable {
    public var kind: SiteKind?
    /// A region code; a city code also matches the sites of its districts.
    public var regionCode: String?

    public init(kind: SiteKind? = nil, regionCode: String? = nil) {
        self.kind = kind
        self.regionCode = regionCode
    }
}

/// Regions, sites, enterprises, devices and parameters.
public protocol RegistryStore: Sendable {
    /// Inserts or replaces every record of the profile in one transaction; records not in it are kept.
    func load(_ profile: RegistryProfile) async throws
    /// The whole registry as a profile.
    func export(name: String) async throws -> RegistryProfile
    /// Adds sites that do not exist yet and leaves existing ones untouched; returns the codes added.
    func addMissingSites(_ sites: [Site]) async throws -> [String]

    /// Inserts or replaces devices; each must name a registered site.
    func addDevices(_ devices: [Device]) async throws

    /// Deletes sites with their devices, observations and rollups, in one transaction; returns how many observations
    /// went. For demo sites: a running server keeps the devices and site ids it has cached until it restarts.
    func removeSites(codes: [String]) async throws -> Int

    /// Publishes a site's data to everyone from `at` (信息公开), or withdraws them with nil; false for an unknown code.
    func setPublished(siteCode: String, at: Timestamp?) async throws -> Bool

    func regions() async throws -> [Region]
    func sites(_ filter: SiteFilter) async throws -> [Site]
    func site(code: String) async throws -> Site?
    func enterprises() async throws -> [Enterprise]
    func devices() async throws -> [Device]
    func parameters() async throws -> [Parameter]
    /// Grows with every registry write through this store object: a snapshot of the registry that sees it change
    /// reloads at once (writes by other processes are seen when the snapshot's age runs out).
    var registryGeneration: Int { get }
    /// Whether the registry has ever been loaded (a fresh store loads the default profile once).
    func isEmpty() async throws -> Bool
}
