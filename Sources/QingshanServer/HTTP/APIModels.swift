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

struct ObservationItemDTO: Encodable, Sendable {
    var time: String
    var value: Double
    var flag: String
}

/// `next` is always present: `null` on the last page.
struct ObservationPageDTO: ResponseEncodable, Sendable {
    var site: String
    var parameter: String
    var unit: String?
    var interval: String
    var items: [ObservationItemDTO]
    var next: String?

    enum CodingKeys: String, CodingKey { case site, parameter, unit, interval, items, next }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(site, forKey: .site)
        try container.encode(parameter, forKey: .parameter)
        try container.encodeIfPresent(unit, forKey: .unit)
        try container.encode(interval, forKey: .interval)
        try container.encode(items, forKey: .items)
        try container.encode(next, forKey: .next)
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
