/// A regulated enterprise (排污单位).
public struct Enterprise: Codable, Sendable, Hashable {
    public var code: String
    public var nameZh: String
    public var nameEn: String?
    public var regionCode: String?
    public var industry: String?
    public var attributes: [String: String]
    public var origin: RecordOrigin

    public init(
        code: String, nameZh: String, nameEn: String? = nil, regionCode: String? = nil, industry: String? = nil,
        attributes: [String: String] = [:], origin: RecordOrigin = .profile
    ) {
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.regionCode = regionCode
        self.industry = industry
        self.attributes = attributes
        self.origin = origin
    }
}
