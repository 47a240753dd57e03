import Foundation

/// The entity sets of SensorThings 1.1 with their properties and navigation.
public enum EntitySet: String, Sendable, Hashable, CaseIterable {
    case things = "Things"
    case locations = "Locations"
    case historicalLocations = "HistoricalLocations"
    case datastreams = "Datastreams"
    case sensors = "Sensors"
    case observedProperties = "ObservedProperties"
    case observations = "Observations"
    case featuresOfInterest = "FeaturesOfInterest"

    /// Properties `$select`, `$filter` and `$orderby` may name (besides `id` / `@iot.id`).
    public var properties: [String] {
        switch self {
        case .things: ["name", "description", "properties"]
        case .locations: ["name", "description", "encodingType", "location", "properties"]
        case .historicalLocations: ["time"]
        case .datastreams:
            ["name", "description", "unitOfMeasurement", "observationType", "observedArea", "phenomenonTime", "resultTime", "properties"]
        case .sensors: ["name", "description", "encodingType", "metadata", "properties"]
        case .observedProperties: ["name", "definition", "description", "properties"]
        case .observations: ["phenomenonTime", "resultTime", "result", "resultQuality", "validTime", "parameters"]
        case .featuresOfInterest: ["name", "description", "encodingType", "feature", "properties"]
        }
    }

    /// Navigation properties: the set they lead to, and whether to many.
    public var navigation: [String: (set: EntitySet, toMany: Bool)] { Self.navigationTable[self]! }

    /// The navigation property names in the order entities list their links.
    public var navigationNames: [String] { Self.navigationNameTable[self]! }

    // Built once: every rendered entity asks for them.
    private static let navigationTable = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.buildNavigation()) })
    private static let navigationNameTable = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.buildNavigation().keys.sorted()) })

    private func buildNavigation() -> [String: (set: EntitySet, toMany: Bool)] {
        switch self {
        case .things: ["Locations": (.locations, true), "HistoricalLocations": (.historicalLocations, true), "Datastreams": (.datastreams, true)]
        case .locations: ["Things": (.things, true), "HistoricalLocations": (.historicalLocations, true)]
        case .historicalLocations: ["Thing": (.things, false), "Locations": (.locations, true)]
        case .datastreams:
            [
                "Thing": (.things, false), "Sensor": (.sensors, false), "ObservedProperty": (.observedProperties, false),
                "Observations": (.observations, true),
            ]
        case .sensors: ["Datastreams": (.datastreams, true)]
        case .observedProperties: ["Datastreams": (.datastreams, true)]
        case .observations: ["Datastream": (.datastreams, false), "FeatureOfInterest": (.featuresOfInterest, false)]
        case .featuresOfInterest: ["Observations": (.observations, true)]
        }
    }

    /// Throws for a `$select` name that is neither a property nor a navigation property of this set.
    public func checkSelect(_ names: [String]?) throws(QueryError) {
        for name in names ?? [] where !(["id", "@iot.id", "@iot.selfLink"].contains(name) || properties.contains(name) || navigation[name] != nil) {
            throw QueryError("$select: '\(name)' is not a property of \(rawValue); it has id, \(properties.joined(separator: ", "))")
        }
    }

    /// Throws for a path whose first step is not a property of this set (paths into `properties/…`,
    /// `parameters/…`, `unitOfMeasurement/…` and the like are free below their first step). A path may go
    /// through to-one navigation properties (`Datastream/Thing/name` from Observations).
    public func check(_ paths: [[String]], option: String) throws(QueryError) {
        for path in paths {
            guard let first = path.first else { continue }
            if first == "id" || first == "@iot.id" || properties.contains(first) { continue }
            if let (set, toMany) = navigation[first], path.count > 1 {
                guard !toMany else {
                    throw QueryError(
                        "\(option): '\(path.joined(separator: "/"))' goes through \(first), which has many members; only to-one navigation properties (\(navigationNames.filter { navigation[$0]?.toMany == false }.joined(separator: ", "))) can be followed here"
                    )
                }
                try set.check([Array(path.dropFirst())], option: option)
                continue
            }
            throw QueryError(
                "\(option): '\(path.joined(separator: "/"))' is not a property of \(rawValue); it has id, \(properties.joined(separator: ", "))")
        }
    }

    /// The paths that follow a to-one navigation property, grouped by it, without it (`Datastream/name` gives
    /// `["Datastream": [["name"]]]`).
    public func navigationPaths(_ paths: [[String]]) -> [String: [[String]]] {
        var groups: [String: [[String]]] = [:]
        for path in paths where path.count > 1 && navigation[path[0]]?.toMany == false {
            groups[path[0], default: []].append(Array(path.dropFirst()))
        }
        return groups
    }
}

/// One entity: its id, and its properties both as JSON (in order) and as values for `$filter`.
public struct STAEntity: Sendable {
    public var set: EntitySet
    public var id: String
    public var fields: [(name: String, json: JSONValue, value: ODataValue)]

    public init(set: EntitySet, id: String, fields: [(name: String, json: JSONValue, value: ODataValue)]) {
        self.set = set
        self.id = id
        self.fields = fields
    }

    public var filterObject: ODataValue {
        var members: [String: ODataValue] = ["id": .string(id), "@iot.id": .string(id)]
        for field in fields { members[field.name] = field.value }
        return .object(members)
    }

    /// `Things('2195A')`, with quotes doubled inside the id.
    public var path: String {
        // Foundation's replacing bridges the string: only for the rare id that holds a quote.
        let escaped = id.utf8.contains(UInt8(ascii: "'")) ? id.replacingOccurrences(of: "'", with: "''") : id
        return set.rawValue + "('" + escaped + "')"
    }
}
