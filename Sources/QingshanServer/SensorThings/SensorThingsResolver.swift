import Foundation
import QingshanCore
import QingshanStore
import SensorThings
import Synchronization

/// Answers one SensorThings request: walks the resource path, fetches entities from the registry and the store,
/// applies the query options and renders JSON.
struct SensorThingsResolver: Sendable {
    let store: any PlatformStore
    let catalogue: ParameterCatalogue
    let now: Timestamp
    let snapshot: RegistrySnapshot
    /// Who asks: sites it may not read, and their series, are left out of the registry it sees.
    let principal: Principal
    /// Rows and time this request may spend.
    let budget: QueryBudget
    /// Where scans that read row by row take their turn (one at a time, server-wide).
    let scans: ScanGate

    struct NotFound: Error {
        var message: String
    }

    enum Answer {
        case json(JSONValue)
        case text(String)
    }

    /// Where a collection's members come from.
    enum Source {
        case all
        case related(STAEntity, String)
    }

    /// `$top` when none is given, and the most a request may ask for.
    static let defaultTop = 100
    static let maximumTop = 10_000

    /// Rows read from the store per round trip while scanning a series: small enough that a scan evaluating a
    /// filter row by row gives way every few milliseconds.
    static let scanChunk = 1_000
    /// Series with at most this many rows in range are read several to a statement.
    static let smallSeries = 200

    func resolve(_ path: ResourcePath, options: QueryOptions, base: String, query: String?) async throws -> Answer {
        let registry = try await registry()
        guard let first = path.segments.first, let firstSet = EntitySet(rawValue: first.name) else {
            throw NotFound(
                message:
                    "'\(path.segments.first?.name ?? "")' is not an entity set; the sets are \(EntitySet.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        var entity: STAEntity?
        var collection: (set: EntitySet, source: Source)?
        if let id = first.id {
            entity = try await self.entity(firstSet, id: id, registry)
        } else {
            collection = (firstSet, .all)
        }
        var linkPath = first.id == nil ? first.name : entity!.path
        for segment in path.segments.dropFirst() {
            guard let parent = entity else {
                throw QueryError("'\(segment.name)' must follow one entity: give the id of the \(collection!.set.rawValue) first")
            }
            guard let (set, toMany) = parent.set.navigation[segment.name] else {
                throw QueryError(
                    "\(parent.set.rawValue) has no navigation property '\(segment.name)'; it has \(parent.set.navigationNames.joined(separator: ", "))"
                )
            }
            if toMany {
                if let id = segment.id {
                    // Observations are read by id (there are millions); the rest are found among the members.
                    let found: STAEntity?
                    if set == .observations {
                        let observation = try? await self.entity(EntitySet.observations, id: id, registry)
                        let series = SensorThingsModel.observationKey(id).map(\.0)
                        found = series.map { seriesOf(.related(parent, segment.name), registry).contains($0) } == true ? observation : nil
                    } else {
                        found = try await members(set, .related(parent, segment.name), registry).first { $0.id == id }
                    }
                    guard let found else {
                        throw NotFound(message: "\(parent.path)/\(segment.name) has no member '\(id)'")
                    }
                    entity = found
                    collection = nil
                    linkPath = found.path
                } else {
                    entity = nil
                    collection = (set, .related(parent, segment.name))
                    linkPath = "\(parent.path)/\(segment.name)"
                }
            } else {
                guard let found = try await related(parent, segment.name, registry) else {
                    throw NotFound(message: "\(parent.path) has no \(segment.name)")
                }
                entity = found
                collection = nil
                linkPath = found.path
            }
        }
        if let entity {
            if let property = path.property {
                guard
                    let field = entity.fields.first(where: { $0.name == property })
                        ?? (property == "id" ? (name: "id", json: JSONValue.string(entity.id), value: ODataValue.string(entity.id)) : nil)
                else {
                    throw QueryError(
                        "\(entity.set.rawValue) has no property '\(property)'; it has id, \(entity.set.properties.joined(separator: ", "))")
                }
                if path.rawValue {
                    if case .string(let text) = field.json { return .text(text) }
                    return .text(field.json.serialized())
                }
                return .json(.object([(property, field.json)]))
            }
            if path.referencesOnly { return .json(.object([("@iot.selfLink", .string("\(base)/\(entity.path)"))])) }
            return .json(try await render(entity, options: options, base: base, registry))
        }
        let (set, source) = collection!
        let scanned: ObservationPage =
            set == .observations
            ? try await observationScan(seriesOf(source, registry), options: options, registry)
            : .entities(try await self.page(set, source, options: options, registry))
        let value: JSONValue
        let count: Int?
        let hasMore: Bool
        switch scanned {
        case .rows(let rows, let rowCount, let more) where options.expand.isEmpty && !options.dataArray && !path.referencesOnly:
            try budget.charge(rows.count)
            var writer = try ObservationJSONWriter(base: base, select: options.select)
            var bytes: [UInt8] = []
            writer.writeArray(rows, into: &bytes)
            (value, count, hasMore) = (.bytes(bytes), rowCount, more)
        default:
            let page = scanned.entityPage
            try budget.charge(page.entities.count)
            (count, hasMore) = (page.count, page.hasMore)
            if set == .observations, options.dataArray {
                value = dataArray(page.entities, options: options, base: base)
            } else if path.referencesOnly {
                value = .array(page.entities.map { .object([("@iot.selfLink", .string("\(base)/\($0.path)"))]) })
            } else {
                var rendered: [JSONValue] = []
                for entity in page.entities { rendered.append(try await render(entity, options: options, base: base, registry)) }
                value = .array(rendered)
            }
        }
        var members: [(String, JSONValue)] = []
        if let count { members.append(("@iot.count", .number(Double(count)))) }
        members.append(("value", value))
        // `$top=0` asks for the count alone: a next link would repeat the same request forever.
        let top = options.top ?? Self.defaultTop
        if hasMore, top > 0 {
            members.append(("@iot.nextLink", .string("\(base)/\(linkPath)?\(Self.nextQuery(query, top: top, skip: options.skip + top))")))
        }
        return .json(.object(members))
    }

    /// The query string of the next page: the same options with `$top` and `$skip` moved on.
    static func nextQuery(_ query: String?, top: Int, skip: Int) -> String {
        var parts = (query ?? "").split(separator: "&").filter { part in
            let name = PercentDecoding.decode(part.split(separator: "=", maxSplits: 1).first ?? "") ?? ""
            return name != "$top" && name != "$skip"
        }.map(String.init)
        parts.append("$top=\(top)")
        parts.append("$skip=\(skip)")
        return parts.joined(separator: "&")
    }

    // MARK: Entities

    func entity(_ set: EntitySet, id: String, _ registry: Registry) async throws -> STAEntity {
        let missing = NotFound(message: "no \(set.rawValue) with id '\(id)'")
        switch set {
        case .things:
            guard let site = registry.sites[id] else { throw missing }
            return SensorThingsModel.thing(site)
        case .locations:
            guard let site = registry.sites[id], let location = SensorThingsModel.location(site) else { throw missing }
            return location
        case .featuresOfInterest:
            guard let site = registry.sites[id], let feature = SensorThingsModel.featureOfInterest(site) else { throw missing }
            return feature
        case .sensors:
            guard let site = registry.sites[id] else { throw missing }
            return SensorThingsModel.sensor(site, devices: registry.devices)
        case .observedProperties:
            guard let parameter = catalogue.parameters.first(where: { $0.code == id }) else { throw missing }
            return SensorThingsModel.observedProperty(parameter)
        case .datastreams:
            guard let key = SensorThingsModel.seriesKey(datastreamID: id), registry.series.contains(key) else { throw missing }
            return SensorThingsModel.datastream(key, site: registry.sites[key.siteCode], parameter: catalogue.parameter(for: key.parameterCode))
        case .observations:
            guard let (key, start) = SensorThingsModel.observationKey(id), registry.sites[key.siteCode] != nil else { throw missing }
            let page = try await store.observations(
                ObservationQuery(
                    siteCode: key.siteCode, parameterCode: key.parameterCode, interval: key.interval, from: start,
                    to: start.adding(milliseconds: 1), limit: 1))
            guard let observation = page.items.first else { throw missing }
            return SensorThingsModel.observation(key, observation)
        case .historicalLocations:
            throw missing
        }
    }

    /// The to-one entity behind a navigation property.
    func related(_ parent: STAEntity, _ navigation: String, _ registry: Registry) async throws -> STAEntity? {
        switch (parent.set, navigation) {
        case (.datastreams, _), (.observations, "Datastream"):
            let datastreamID =
                parent.set == .datastreams
                ? parent.id : SensorThingsModel.observationKey(parent.id).map { SensorThingsModel.datastreamID($0.0) } ?? ""
            guard let key = SensorThingsModel.seriesKey(datastreamID: datastreamID) else { return nil }
            switch navigation {
            case "Thing": return registry.sites[key.siteCode].map(SensorThingsModel.thing)
            case "Sensor": return registry.sites[key.siteCode].map { SensorThingsModel.sensor($0, devices: registry.devices) }
            case "ObservedProperty": return catalogue.parameter(for: key.parameterCode).map(SensorThingsModel.observedProperty)
            case "Datastream":
                return SensorThingsModel.datastream(key, site: registry.sites[key.siteCode], parameter: catalogue.parameter(for: key.parameterCode))
            default: return nil
            }
        case (.observations, "FeatureOfInterest"):
            guard let (key, _) = SensorThingsModel.observationKey(parent.id), let site = registry.sites[key.siteCode] else { return nil }
            return SensorThingsModel.featureOfInterest(site)
        default:
            return nil
        }
    }

    /// Every member of a collection other than Observations.
    func members(_ set: EntitySet, _ source: Source, _ registry: Registry) async throws -> [STAEntity] {
        let sites = registry.siteCodes.compactMap { registry.sites[$0] }
        switch (set, source) {
        case (.things, .all): return sites.map(SensorThingsModel.thing)
        case (.things, .related(let parent, _)): return registry.sites[parent.id].map { [SensorThingsModel.thing($0)] } ?? []
        case (.locations, .all): return sites.compactMap(SensorThingsModel.location)
        case (.locations, .related(let parent, _)): return registry.sites[parent.id].flatMap(SensorThingsModel.location).map { [$0] } ?? []
        case (.featuresOfInterest, .all): return sites.compactMap(SensorThingsModel.featureOfInterest)
        case (.sensors, .all): return sites.map { SensorThingsModel.sensor($0, devices: registry.devices) }
        case (.observedProperties, .all): return catalogue.parameters.map(SensorThingsModel.observedProperty)
        case (.datastreams, let source):
            let keys: [SeriesKey] =
                switch source {
                case .all: registry.series
                case .related(let parent, _) where parent.set == .observedProperties: registry.series.filter { $0.parameterCode == parent.id }
                case .related(let parent, _): registry.series.filter { $0.siteCode == parent.id }
                }
            return keys.map {
                SensorThingsModel.datastream($0, site: registry.sites[$0.siteCode], parameter: catalogue.parameter(for: $0.parameterCode))
            }
        default:
            return []
        }
    }

    func seriesOf(_ source: Source, _ registry: Registry) -> [SeriesKey] {
        switch source {
        case .all: return registry.series
        case .related(let parent, _) where parent.set == .datastreams:
            return SensorThingsModel.seriesKey(datastreamID: parent.id).map { [$0] } ?? []
        case .related(let parent, _): return registry.series.filter { $0.siteCode == parent.id }
        }
    }

    func page(_ set: EntitySet, _ source: Source, options: QueryOptions, _ registry: Registry) async throws -> CollectionQuery.Page {
        let defaultTop = Self.defaultTop
        if set == .observations { return try await observationPage(seriesOf(source, registry), options: options, registry) }
        let members = try await members(set, source, registry)
        if let filter = options.filter { try set.check(filter.propertyPaths, option: "$filter") }
        try set.check(options.orderBy.flatMap(\.expression.propertyPaths), option: "$orderby")
        let paths = Self.navigationPaths(set, options)
        guard !paths.isEmpty else { return try CollectionQuery.apply(members, options: options, defaultTop: defaultTop, now: now) }
        var objects: [ODataValue] = []
        for member in members { objects.append(try await filterObject(member, reaching: paths, registry)) }
        return try CollectionQuery.apply(members, options: options, defaultTop: defaultTop, now: now, filterObjects: objects)
    }

    /// The query of an expanded collection's next page: its own options (or, for a path, the rest of the path
    /// with them) with `$top` and `$skip` moved on.
    static func expansionQuery(_ expansion: QueryOptions.Expansion, top: Int, skip: Int) -> String {
        let kept: [String]
        if expansion.path.count > 1 {
            let inner = expansion.optionText.isEmpty ? "" : "(" + expansion.optionText.joined(separator: ";") + ")"
            kept = ["$expand=" + expansion.path.dropFirst().joined(separator: "/") + inner]
        } else {
            kept = expansion.optionText.filter { !$0.hasPrefix("$top=") && !$0.hasPrefix("$skip=") }
        }
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&+;#=")
        let encoded = kept.map { option in
            guard let equals = option.firstIndex(of: "=") else { return option }
            let value = String(option[option.index(after: equals)...])
            return option[...equals] + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)
        }
        return (encoded + ["$top=\(top)", "$skip=\(skip)"]).joined(separator: "&")
    }

    /// The to-one navigation paths `$filter` and `$orderby` follow, grouped by navigation property.
    static func navigationPaths(_ set: EntitySet, _ options: QueryOptions) -> [String: [[String]]] {
        set.navigationPaths((options.filter?.propertyPaths ?? []) + options.orderBy.flatMap(\.expression.propertyPaths))
    }

    /// An entity as `$filter` sees it, with the related entities its paths reach (`Datastream/Thing/name`).
    func filterObject(_ entity: STAEntity, reaching paths: [String: [[String]]], _ registry: Registry) async throws -> ODataValue {
        let own = entity.filterObject
        guard !paths.isEmpty, case .object(var members) = own else { return own }
        for (name, rest) in paths {
            guard let related = try await related(entity, name, registry) else { continue }
            members[name] = try await filterObject(related, reaching: related.set.navigationPaths(rest), registry)
        }
        return .object(members)
    }

}
