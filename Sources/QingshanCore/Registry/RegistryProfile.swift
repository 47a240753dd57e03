/// A city's master data as one value: what a profile file holds and what `registry export` writes.
///
/// Another city is another profile, not a code change (DESIGN: Default profile).
public struct RegistryProfile: Codable, Sendable, Hashable {
    public var name: String
    public var regions: [Region]
    public var sites: [Site]
    public var enterprises: [Enterprise]
    public var devices: [Device]
    /// Parameters added to or overriding the built-in catalogue.
    public var parameters: [Parameter]
    /// The outlets' discharge permits (a profile without them has none).
    public var permits: [Permit]

    public init(
        name: String, regions: [Region] = [], sites: [Site] = [], enterprises: [Enterprise] = [],
        devices: [Device] = [], parameters: [Parameter] = [], permits: [Permit] = []
    ) {
        self.name = name
        self.regions = regions
        self.sites = sites
        self.enterprises = enterprises
        self.devices = devices
        self.parameters = parameters
        self.permits = permits
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        regions = try container.decodeIfPresent([Region].self, forKey: .regions) ?? []
        sites = try container.decodeIfPresent([Site].self, forKey: .sites) ?? []
        enterprises = try container.decodeIfPresent([Enterprise].self, forKey: .enterprises) ?? []
        devices = try container.decodeIfPresent([Device].self, forKey: .devices) ?? []
        parameters = try container.decodeIfPresent([Parameter].self, forKey: .parameters) ?? []
        permits = try container.decodeIfPresent([Permit].self, forKey: .permits) ?? []
    }

    /// Checks references between records; returns one readable problem per broken reference.
    public func problems() -> [String] {
        var problems: [String] = []
        let regionCodes = Set(regions.map(\.code))
        let siteCodes = Set(sites.map(\.code))
        let enterpriseCodes = Set(enterprises.map(\.code))
        for duplicate in Self.duplicates(regions.map(\.code)) { problems.append("region \(duplicate) is defined twice") }
        for duplicate in Self.duplicates(sites.map(\.code)) { problems.append("site \(duplicate) is defined twice") }
        for duplicate in Self.duplicates(devices.map(\.mn)) { problems.append("device \(duplicate) is defined twice") }
        for region in regions {
            if let parent = region.parentCode, !regionCodes.contains(parent) {
                problems.append("region \(region.code): parent \(parent) is not a region of this profile")
            }
        }
        for site in sites {
            if let region = site.regionCode, !regionCodes.contains(region) {
                problems.append("site \(site.code): region \(region) is not a region of this profile")
            }
            if let location = site.location, !location.isValid {
                problems.append("site \(site.code): coordinates out of range")
            }
            if let enterprise = site.enterpriseCode, !enterpriseCodes.contains(enterprise) {
                problems.append("site \(site.code): enterprise \(enterprise) is not an enterprise of this profile")
            }
        }
        for device in devices where !siteCodes.contains(device.siteCode) {
            problems.append("device \(device.mn): site \(device.siteCode) is not a site of this profile")
        }
        let kinds = Dictionary(sites.map { ($0.code, $0.kind) }, uniquingKeysWith: { first, _ in first })
        for duplicate in Self.duplicates(permits.map(\.siteCode)) { problems.append("permit of \(duplicate) is defined twice") }
        for permit in permits {
            switch kinds[permit.siteCode] {
            case nil: problems.append("permit of \(permit.siteCode): not a site of this profile")
            case .sourceGas?, .sourceWater?: break
            case let kind?: problems.append("permit of \(permit.siteCode): a \(kind.rawValue) site is not an outlet")
            }
            problems += permit.problems().map { "permit of \(permit.siteCode): \($0)" }
        }
        return problems
    }

    private static func duplicates(_ codes: [String]) -> [String] {
        var seen = Set<String>()
        var repeated: [String] = []
        for code in codes where !seen.insert(code).inserted { repeated.append(code) }
        return repeated
    }
}
