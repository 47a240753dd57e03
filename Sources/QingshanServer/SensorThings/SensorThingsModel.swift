import QingshanCore
import SensorThings

/// How Qingshan's registry and store appear as SensorThings entities: a site is a Thing with one Location and
/// one FeatureOfInterest (its position) and one Sensor (its monitoring system); a parameter is an
/// ObservedProperty; a site's parameter at one interval is a Datastream (`2195A:a34004:hour`); a stored value
/// is an Observation (`2195A:a34004:hour:1483200000000`, the period start in milliseconds).
enum SensorThingsModel {
    static func thing(_ site: Site) -> STAEntity {
        var properties: [(String, JSONValue)] = [("kind", .string(site.kind.rawValue)), ("kindZh", .string(site.kind.nameZh))]
        var values: [String: ODataValue] = ["kind": .string(site.kind.rawValue), "kindZh": .string(site.kind.nameZh)]
        if let region = site.regionCode {
            properties.append(("region", .string(region)))
            values["region"] = .string(region)
        }
        if let name = site.nameEn {
            properties.append(("nameEn", .string(name)))
            values["nameEn"] = .string(name)
        }
        for (key, value) in site.attributes.sorted(by: { $0.key < $1.key }) {
            properties.append((key, .string(value)))
            values[key] = .string(value)
        }
        return STAEntity(
            set: .things, id: site.code,
            fields: [
                ("name", .string(site.nameZh), .string(site.nameZh)),
                ("description", .string("\(site.kind.nameZh)监测点位 \(site.code)"), .string("\(site.kind.nameZh)监测点位 \(site.code)")),
                ("properties", .object(properties), .object(values)),
            ])
    }

    static func point(_ site: Site) -> Geometry? {
        site.location.map { Geometry.point(longitude: $0.longitude, latitude: $0.latitude) }
    }

    static func location(_ site: Site) -> STAEntity? {
        guard let point = point(site) else { return nil }
        return STAEntity(
            set: .locations, id: site.code,
            fields: [
                ("name", .string(site.nameZh), .string(site.nameZh)),
                ("description", .string("\(site.nameZh)的位置"), .string("\(site.nameZh)的位置")),
                ("encodingType", .string("application/geo+json"), .string("application/geo+json")),
                ("location", .raw(point.geoJSON), .geometry(point)),
            ])
    }

    static func featureOfInterest(_ site: Site) -> STAEntity? {
        guard let point = point(site) else { return nil }
        return STAEntity(
            set: .featuresOfInterest, id: site.code,
            fields: [
                ("name", .string(site.nameZh), .string(site.nameZh)),
                ("description", .string("\(site.kind.nameZh) \(site.nameZh)"), .string("\(site.kind.nameZh) \(site.nameZh)")),
                ("encodingType", .string("application/geo+json"), .string("application/geo+json")),
                ("feature", .raw(point.geoJSON), .geometry(point)),
            ])
    }

    static func sensor(_ site: Site, devices: [Device]) -> STAEntity {
        let loggers = devices.filter { $0.siteCode == site.code }.map(\.mn).sorted()
        let metadata = loggers.isEmpty ? "no registered data logger" : "HJ 212 data logger MN " + loggers.joined(separator: ", ")
        return STAEntity(
            set: .sensors, id: site.code,
            fields: [
                ("name", .string("\(site.nameZh)监测设备"), .string("\(site.nameZh)监测设备")),
                ("description", .string("the analysers of \(site.code)"), .string("the analysers of \(site.code)")),
                ("encodingType", .string("text/plain"), .string("text/plain")),
                ("metadata", .string(metadata), .string(metadata)),
            ])
    }

    static func observedProperty(_ parameter: Parameter) -> STAEntity {
        let definition = "urn:hj212:parameter:\(parameter.code)"
        return STAEntity(
            set: .observedProperties, id: parameter.code,
            fields: [
                ("name", .string(parameter.nameZh), .string(parameter.nameZh)),
                ("definition", .string(definition), .string(definition)),
                ("description", .string(parameter.nameEn), .string(parameter.nameEn)),
                (
                    "properties", .object([("unit", .string(parameter.unit)), ("medium", .string(parameter.medium.rawValue))]),
                    .object(["unit": .string(parameter.unit), "medium": .string(parameter.medium.rawValue)])
                ),
            ])
    }

    static func datastreamID(_ key: SeriesKey) -> String { "\(key.siteCode):\(key.parameterCode):\(key.interval.rawValue)" }

    /// `site:parameter:interval`, read from the right (site codes may hold a colon).
    static func seriesKey(datastreamID id: String) -> SeriesKey? {
        let parts = id.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let interval = ObservationInterval(rawValue: String(parts[parts.count - 1])) else { return nil }
        return SeriesKey(
            siteCode: parts[0..<(parts.count - 2)].joined(separator: ":"), parameterCode: String(parts[parts.count - 2]), interval: interval)
    }

    static func datastream(_ key: SeriesKey, site: Site?, parameter: Parameter?) -> STAEntity {
        let intervalZh = ["rtd": "实时", "minute": "分钟", "hour": "小时", "day": "日"][key.interval.rawValue] ?? key.interval.rawValue
        let name = "\(site?.nameZh ?? key.siteCode) \(parameter?.nameZh ?? key.parameterCode) \(intervalZh)值"
        let unit = parameter?.unit ?? ""
        let unitOfMeasurement: [(String, JSONValue)] = [
            ("name", .string(unit)), ("symbol", .string(unit)), ("definition", .string("urn:qingshan:unit:\(unit)")),
        ]
        return STAEntity(
            set: .datastreams, id: datastreamID(key),
            fields: [
                ("name", .string(name), .string(name)),
                (
                    "description", .string("\(key.interval.rawValue) values of \(key.parameterCode) at \(key.siteCode)"),
                    .string("\(key.interval.rawValue) values of \(key.parameterCode) at \(key.siteCode)")
                ),
                (
                    "observationType", .string("http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement"),
                    .string("http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement")
                ),
                ("unitOfMeasurement", .object(unitOfMeasurement), .object(["name": .string(unit), "symbol": .string(unit)])),
                (
                    "properties", .object([("interval", .string(key.interval.rawValue)), ("parameter", .string(key.parameterCode))]),
                    .object(["interval": .string(key.interval.rawValue), "parameter": .string(key.parameterCode)])
                ),
            ])
    }

    static func observationID(_ key: SeriesKey, start: Timestamp) -> String { "\(datastreamID(key)):\(start.millisecondsSinceEpoch)" }

    static func observationKey(_ id: String) -> (SeriesKey, Timestamp)? {
        guard let colon = id.lastIndex(of: ":"), let milliseconds = Int64(id[id.index(after: colon)...]),
            let key = seriesKey(datastreamID: String(id[..<colon]))
        else { return nil }
        return (key, Timestamp(millisecondsSinceEpoch: milliseconds))
    }

    /// What `$filter` sees of an observation, without the formatting of `observation(_:_:)` (filters run on
    /// every row they scan).
    static func observationValue(_ key: SeriesKey, _ observation: Observation) -> ODataValue {
        let start = observation.periodStart
        let end = key.interval.periodMilliseconds.map { start.adding(milliseconds: $0) }
        return .object([
            "id": .string(observationID(key, start: start)), "@iot.id": .string(observationID(key, start: start)),
            "phenomenonTime": end.map { .interval(start, $0) } ?? .time(start), "resultTime": .time(end ?? start),
            "result": .number(observation.value), "resultQuality": .string(observation.flag),
            "parameters": .object(["flag": .string(observation.flag), "source": .string(observation.source)]),
        ])
    }

    static func observation(_ key: SeriesKey, _ observation: Observation) -> STAEntity {
        let start = observation.periodStart
        let phenomenon: JSONValue
        let phenomenonValue: ODataValue
        let resultTime: Timestamp
        // Each instant is formatted once: the end of an interval is also its result time.
        let startText = RFC3339.format(start, offsetMinutes: 0)
        let resultText: String
        if let length = key.interval.periodMilliseconds {
            let end = start.adding(milliseconds: length)
            resultText = RFC3339.format(end, offsetMinutes: 0)
            phenomenon = .string(startText + "/" + resultText)
            phenomenonValue = .interval(start, end)
            resultTime = end
        } else {
            resultText = startText
            phenomenon = .string(startText)
            phenomenonValue = .time(start)
            resultTime = start
        }
        return STAEntity(
            set: .observations, id: observationID(key, start: start),
            fields: [
                ("phenomenonTime", phenomenon, phenomenonValue),
                ("resultTime", .string(resultText), .time(resultTime)),
                ("result", .number(observation.value), .number(observation.value)),
                ("resultQuality", .string(observation.flag), .string(observation.flag)),
                (
                    "parameters", .object([("flag", .string(observation.flag)), ("source", .string(observation.source))]),
                    .object(["flag": .string(observation.flag), "source": .string(observation.source)])
                ),
            ])
    }
}
