/// A monitoring site: an air station, a water section, a groundwater well, a noise point or a source outlet.
public struct Site: Codable, Sendable, Hashable {
    /// The code a site is addressed by: national station code (`2195A`), section code, outlet code or MN.
    public var code: String
    public var nameZh: String
    public var nameEn: String?
    public var kind: SiteKind
    /// The 旗县区 (or city) the site belongs to, if known.
    public var regionCode: String?
    public var location: GeoPoint?
    /// The enterprise an outlet belongs to (source sites only).
    public var enterpriseCode: String?
    /// Free-form attributes from the profile (river or lake, target class, functional zone, reference O2…).
    public var attributes: [String: String]
    public var origin: RecordOrigin

    public init(
        code: String, nameZh: String, nameEn: String? = nil, kind: SiteKind, regionCode: String? = nil,
        location: GeoPoint? = nil, enterpriseCode: String? = nil, attributes: [String: String] = [:],
        origin: RecordOrigin = .profile
    ) {
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.kind = kind
        self.regionCode = regionCode
        self.location = location
        self.enterpriseCode = enterpriseCode
        self.attributes = attributes
        self.origin = origin
    }
}
