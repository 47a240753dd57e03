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
    /// When the bureau published a source outlet's data (信息公开); until then only its enterprise, its county and
    /// the city see them. Ambient sites are public without it.
    public var publishedAt: Timestamp?

    /// Whether anyone, without a token, may read the site and its data.
    public var isPublic: Bool { kind.isAmbient || publishedAt != nil }

    public init(
        code: String, nameZh: String, nameEn: String? = nil, kind: SiteKind, regionCode: String? = nil,
        location: GeoPoint? = nil, enterpriseCode: String? = nil, attributes: [String: String] = [:],
        origin: RecordOrigin = .profile, publishedAt: Timestamp? = nil
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
        self.publishedAt = publishedAt
    }
}
