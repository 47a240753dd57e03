import Hummingbird
import QingshanCore

/// JSON shapes of the API. Domain types stay free of HTTP concerns; these mirror them for clients.
struct SiteDTO: ResponseEncodable, Sendable {
    var code: String
    var name: String
    var nameEn: String?
    var kind: String
    var kindName: String
    var region: String?
    var longitude: Double?
    var latitude: Double?
    var locationApproximate: Bool?
    var enterprise: String?
    var attributes: [String: String]
    var origin: String

    init(_ site: Site) {
        code = site.code
        name = site.nameZh
        nameEn = site.nameEn
        kind = site.kind.rawValue
        kindName = site.kind.nameZh
        region = site.regionCode
        longitude = site.location?.longitude
        latitude = site.location?.latitude
        locationApproximate = site.location?.approximate
        enterprise = site.enterpriseCode
        attributes = site.attributes
        origin = site.origin.rawValue
    }
}

struct ItemsDTO<Item: Encodable & Sendable>: ResponseEncodable, Sendable {
    var items: [Item]
}

struct RegionDTO: ResponseEncodable, Sendable {
    var code: String
    var name: String
    var nameEn: String?
    var parent: String?
    var level: String
    var longitude: Double?
    var latitude: Double?

    init(_ region: Region) {
        code = region.code
        name = region.nameZh
        nameEn = region.nameEn
        parent = region.parentCode
        level = region.level.rawValue
        longitude = region.centre?.longitude
        latitude = region.centre?.latitude
    }
}

struct LatestItemDTO: Encodable, Sendable {
    var parameter: String
    var name: String?
    var unit: String?
    var interval: String
    var time: String
    var value: Double
    var flag: String
}

struct LatestDTO: ResponseEncodable, Sendable {
    var site: String
    var items: [LatestItemDTO]
}

/// A GeoJSON FeatureCollection of sites (RFC 7946), for maps and GIS tools.
struct GeoJSONFeatureCollection: ResponseEncodable, Sendable {
    var type = "FeatureCollection"
    var features: [GeoJSONFeature]
}

struct GeoJSONFeature: Encodable, Sendable {
    struct Point: Encodable, Sendable {
        var type = "Point"
        var coordinates: [Double]
    }

    var type = "Feature"
    var geometry: Point
    var properties: SiteDTO
}
