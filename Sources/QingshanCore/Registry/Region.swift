/// An administrative region: the city (地级市) or one of its 旗县区.
public struct Region: Codable, Sendable, Hashable {
    public enum Level: String, Codable, Sendable, Hashable {
        case province
        case city
        case district
    }

    /// GB/T 2260 code, e.g. `150800` for 巴彦淖尔市.
    public var code: String
    public var nameZh: String
    public var nameEn: String?
    public var parentCode: String?
    public var level: Level
    /// Seat of government or centre used to place the region on a map.
    public var centre: GeoPoint?
    /// The boundary as a GeoJSON geometry object, kept as text: the core never computes with it.
    public var boundaryGeoJSON: String?

    public init(
        code: String, nameZh: String, nameEn: String? = nil, parentCode: String? = nil, level: Level,
        centre: GeoPoint? = nil, boundaryGeoJSON: String? = nil
    ) {
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.parentCode = parentCode
        self.level = level
        self.centre = centre
        self.boundaryGeoJSON = boundaryGeoJSON
    }
}
