import Foundation
import QingshanCore
import QingshanStore
import SensorThings
import Synchronization

/// Answers one SensorThings request: walks the resource path, fetches entities from the registry and the store,
/// applies the query options and renders JSON.
struct SensorThingsResolver: Sendable {
    let store: SQLStore
    let catalogue: ParameterCatalogue
    let now: Timestamp
    let cache: RegistryCache
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

    /// The registry as one request sees it.
    struct Registry: Sendable {
        var sites: [String: Site]
        var siteCodes: [String]
        var devices: [Device]
        var series: [SeriesKey]
        /// Sites the public may not see (unpublished outlets), found once per snapshot rather than per request.
        var hiddenFromPublic: Set<String>
    }

    /// `$top` when none is given, and the most a request may ask for.
    static let defaultTop = 100
    static let maximumTop = 10_000

    /// Rows read from the store per round trip while scanning a series: small enough that a scan evaluating a
    /// filter row by row gives way every few milliseconds.
    static let scanChunk = 1_000

    /// The registry of the last few seconds: sites and loggers change rarely, and every request needs them.
    final class RegistryCache: Sendable {
        static let seconds: Int64 = 5
        private let state = Mutex<(registry: Registry, loadedAt: Int64)?>(nil)

        func get(_ now: Timestamp, load: () async throws -> Registry) async throws -> Registry {
            if let cached = state.withLock({ $0 }), now.millisecondsSinceEpoch - cached.loadedAt < Self.seconds * 1000 { return cached.registry }
            let registry = try await load()
            state.withLock { $0 = (registry, now.millisecondsSinceEpoch) }
            return registry
        }
    }

    /// Sites and loggers from the cache; the series from the store's own list, which follows every write; less
    /// what the principal may not read (unpublished outlets, for the public).
    func registry() async throws -> Registry {
        var registry = try await cache.get(now) { try await loadRegistry() }
        registry.series = try await store.series()
        guard !principal.seesEverything else { return registry }
        let hidden =
            principal == .anonymous
            ? registry.hiddenFromPublic : Set(registry.sites.values.filter { !principal.canRead($0) }.map(\.code))
        guard !hidden.isEmpty else { return registry }
        registry.sites = registry.sites.filter { !hidden.contains($0.key) }
        registry.siteCodes.removeAll { hidden.contains($0) }
        registry.devices.removeAll { hidden.contains($0.siteCode) }
        registry.series.removeAll { hidden.contains($0.siteCode) }
        return registry
    }

    func loadRegistry() async throws -> Registry {
        let sites = try await store.sites(SiteFilter())
        return Registry(
            sites: Dictionary(uniqueKeysWithValues: sites.map { ($0.code, $0) }), siteCodes: sites.map(\.code).sorted(),
            devices: try await store.devices(), series: try await store.series(),
            hiddenFromPublic: Set(sites.filter { !$0.isPublic }.map(\.code)))
    }

    // MARK: Resolution

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
        let page = try await self.page(set, source, options: options, registry)
        try budget.charge(page.entities.count)
        var members: [(String, JSONValue)] = []
        if let count = page.count { members.append(("@iot.count", .number(Double(count)))) }
        if set == .observations, options.dataArray {
            members.append(("value", dataArray(page.entities, options: options, base: base)))
        } else if path.referencesOnly {
            members.append(("value", .array(page.entities.map { .object([("@iot.selfLink", .string("\(base)/\($0.path)"))]) })))
        } else {
            var rendered: [JSONValue] = []
            for entity in page.entities { rendered.append(try await render(entity, options: options, base: base, registry)) }
            members.append(("value", .array(rendered)))
        }
        // `$top=0` asks for the count alone: a next link would repeat the same request forever.
        let top = options.top ?? Self.defaultTop
        if page.hasMore, top > 0 {
            members.append(("@iot.nextLink", .string("\(base)/\(linkPath)?\(Self.nextQuery(query, top: top, skip: options.skip + top))")))
        }
        return .json(.object(members))
    }

    /// The query string of the next page: the same options with `$top` and `$skip` moved on.
    static func nextQuery(_ query: String?, top: Int, skip: Int) -> String {
        var parts = (query ?? "").split(separator: "&").filter { part in
            let name = (part.split(separator: "=", maxSplits: 1).first.map(String.init) ?? "").removingPercentEncoding ?? ""
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

    // MARK: Observations

    /// What a `$filter` gives the SQL query: bounds on the period start (phenomenonTime against a time) and
    /// conditions on the value (result against a number) from its top-level `and`; the rest is evaluated per row.
    struct PushedFilter {
        var from: Timestamp?
        var to: Timestamp?
        var valueConditions: [ObservationQuery.ValueCondition] = []
        var residual: FilterExpression?
    }

    /// The terms of a top-level `and` (the expression itself when it is not one).
    static func conjuncts(_ expression: FilterExpression) -> [FilterExpression] {
        if case .and(let a, let b) = expression { return conjuncts(a) + conjuncts(b) }
        return [expression]
    }

    static func push(_ filter: FilterExpression?) -> PushedFilter {
        var pushed = PushedFilter()
        guard let filter else { return pushed }
        var rest: [FilterExpression] = []
        func visit(_ expression: FilterExpression) {
            switch expression {
            case .and(let a, let b):
                visit(a)
                visit(b)
            case .comparison(let op, .property(["phenomenonTime"]), .literal(.time(let time))) where op != .ne:
                switch op {
                case .ge: pushed.from = max(pushed.from ?? time, time)
                case .gt: pushed.from = max(pushed.from ?? time, time.adding(milliseconds: 1))
                case .lt: pushed.to = min(pushed.to ?? time, time)
                case .le: pushed.to = min(pushed.to ?? time, time.adding(milliseconds: 1))
                default:
                    pushed.from = max(pushed.from ?? time, time)
                    pushed.to = min(pushed.to ?? time.adding(milliseconds: 1), time.adding(milliseconds: 1))
                }
            case .comparison(let op, .property(["result"]), .literal(.number(let bound))):
                let comparison: ObservationQuery.ValueCondition.Comparison =
                    switch op {
                    case .eq: .equal
                    case .ne: .notEqual
                    case .gt: .greater
                    case .ge: .greaterOrEqual
                    case .lt: .less
                    case .le: .lessOrEqual
                    }
                pushed.valueConditions.append(.init(comparison, bound))
            default:
                rest.append(expression)
            }
        }
        visit(filter)
        pushed.residual = rest.dropFirst().reduce(rest.first) { partial, next in partial.map { .and($0, next) } }
        return pushed
    }

    /// A page of Observations. What goes through rows one by one takes its turn, one scan at a time
    /// (`ScanGate`): a residual filter or a sort evaluated here, a sort by value, and a condition on the value
    /// over whole series (no time bound), which the database answers only by reading every row. Reads of a time
    /// range in time order, with or without value conditions, run at once.
    func observationPage(_ series: [SeriesKey], options: QueryOptions, _ registry: Registry) async throws -> CollectionQuery.Page {
        let pushed = Self.push(options.filter)
        guard pushed.residual == nil, !Self.scansWholeSeries(pushed), Self.isNativeOrder(options) else {
            return try await scans.run { try await scanObservationPage(series, options: options, pushed: pushed, registry) }
        }
        return try await scanObservationPage(series, options: options, pushed: pushed, registry)
    }

    /// phenomenonTime, resultTime and id order like the period start: read in that order from the store.
    static func isNativeOrder(_ options: QueryOptions) -> Bool {
        options.orderBy.count <= 1
            && options.orderBy.allSatisfy {
                [.property(["phenomenonTime"]), .property(["resultTime"]), .property(["id"]), .property(["@iot.id"])].contains($0.expression)
            }
    }

    /// `$orderby=result` alone: each series' first rows by value, from the database.
    static func isValueOrder(_ options: QueryOptions) -> Bool {
        options.orderBy.count == 1 && options.orderBy[0].expression == .property(["result"])
    }

    /// Value conditions without a time bound: the database reads every row of each series.
    static func scansWholeSeries(_ pushed: PushedFilter) -> Bool {
        !pushed.valueConditions.isEmpty && pushed.from == nil && pushed.to == nil
    }

    private func scanObservationPage(
        _ series: [SeriesKey], options: QueryOptions, pushed: PushedFilter, _ registry: Registry
    ) async throws -> CollectionQuery.Page {
        let set = EntitySet.observations
        if let filter = options.filter { try set.check(filter.propertyPaths, option: "$filter") }
        try set.check(options.orderBy.flatMap(\.expression.propertyPaths), option: "$orderby")
        let top = options.top ?? Self.defaultTop
        let native = Self.isNativeOrder(options)
        let descending = native && options.orderBy.first?.descending == true
        let evaluator = FilterEvaluator(now: now)
        // What a filter reaches through Datastream/… or FeatureOfInterest/… is the same for a whole series:
        // looked up once per series, and the terms of a top-level `and` that look only there skip whole series
        // (`Observations?$filter=Datastream/id eq '…'` reads one series, not all of them).
        let paths = Self.navigationPaths(set, options)
        var reached: [SeriesKey: [String: ODataValue]] = [:]
        func reachedValues(_ key: SeriesKey) async throws -> [String: ODataValue] {
            if let known = reached[key] { return known }
            let template = Observation(
                siteCode: key.siteCode, parameterCode: key.parameterCode, interval: key.interval,
                periodStart: Timestamp(millisecondsSinceEpoch: 0), value: 0, source: "")
            var values: [String: ODataValue] = [:]
            if case .object(let whole) = try await filterObject(SensorThingsModel.observation(key, template), reaching: paths, registry) {
                values = whole.filter { paths[$0.key] != nil }
            }
            reached[key] = values
            return values
        }
        func value(_ key: SeriesKey, _ observation: Observation) async throws -> ODataValue {
            let own = SensorThingsModel.observationValue(key, observation)
            guard !paths.isEmpty, case .object(var members) = own else { return own }
            members.merge(try await reachedValues(key)) { $1 }
            return .object(members)
        }
        let seriesTerms =
            pushed.residual.map(Self.conjuncts)?.filter { term in
                let used = term.propertyPaths
                return !used.isEmpty && used.allSatisfy { $0.count > 1 && paths[$0[0]] != nil }
            } ?? []
        // Bounded by QueryOptions.maximumSkip and maximumTop: no overflow.
        let needed = options.skip + top + 1
        var matched: [STAEntity] = []
        var total = 0
        var countedInSQL = false
        // With nothing to evaluate here, the database passes over `$skip` rows itself (a client walking a long
        // series with @iot.nextLink costs an index walk per page, not a read of every row before it), and a
        // sort on `result` alone takes each series' first rows by value.
        let skipInSQL = native && pushed.residual == nil
        let valueSorted = !native && pushed.residual == nil && Self.isValueOrder(options)
        var skippedInSQL = 0
        func query(_ key: SeriesKey, limit: Int?, after: Timestamp?) -> ObservationQuery {
            var query = ObservationQuery(
                siteCode: key.siteCode, parameterCode: key.parameterCode, interval: key.interval, from: pushed.from, to: pushed.to,
                limit: limit, after: after, descending: valueSorted ? options.orderBy[0].descending : descending)
            query.valueConditions = pushed.valueConditions
            query.byValue = valueSorted
            return query
        }
        if options.count, pushed.residual == nil {
            for key in series { total += try await store.count(query(key, limit: nil, after: nil)) }
            countedInSQL = true
        }
        scan: for key in descending ? series.reversed() : series {
            if !seriesTerms.isEmpty {
                let reachedObject = ODataValue.object(try await reachedValues(key))
                guard try seriesTerms.allSatisfy({ try evaluator.matches($0, reachedObject) }) else { continue }
            }
            var after: Timestamp?
            var offset = 0
            if skipInSQL, skippedInSQL < options.skip {
                let rows = try await store.count(query(key, limit: nil, after: nil))
                if skippedInSQL + rows <= options.skip {
                    skippedInSQL += rows
                    continue
                }
                offset = options.skip - skippedInSQL
                skippedInSQL = options.skip
            }
            // What the database goes through beyond what it returns counts against the client's rate.
            if valueSorted || Self.scansWholeSeries(pushed) {
                var range = query(key, limit: nil, after: nil)
                range.valueConditions = []
                range.byValue = false
                budget.noteExamined(try await store.count(range))
            }
            // With nothing left to evaluate, one query of exactly what is needed; otherwise growing chunks.
            var chunk = skipInSQL || valueSorted ? max(needed - skippedInSQL - matched.count, 1) : max(needed, 500)
            while true {
                var request = query(key, limit: chunk, after: after)
                request.offset = offset
                offset = 0
                let page = try await store.observations(request)
                try budget.charge(page.items.count)
                for observation in page.items {
                    if let residual = pushed.residual, try !evaluator.matches(residual, try await value(key, observation)) {
                        continue
                    }
                    if !countedInSQL { total += 1 }
                    if !native || skippedInSQL + matched.count < needed {
                        matched.append(SensorThingsModel.observation(key, observation))
                    }
                }
                if native, !options.count || countedInSQL, skippedInSQL + matched.count >= needed { break scan }
                guard !valueSorted, let next = page.nextAfter else { break }
                after = next
                chunk = min(chunk * 2, Self.scanChunk)
                // A long scan gives way between chunks, so requests waiting for a thread are not held up.
                await Task.yield()
            }
        }
        if !native {
            var sortOnly = options
            sortOnly.filter = nil
            guard !paths.isEmpty else { return try CollectionQuery.apply(matched, options: sortOnly, defaultTop: top, now: now) }
            var objects: [ODataValue] = []
            for entity in matched { objects.append(try await filterObject(entity, reaching: paths, registry)) }
            return try CollectionQuery.apply(matched, options: sortOnly, defaultTop: top, now: now, filterObjects: objects)
        }
        let start = min(options.skip - skippedInSQL, matched.count)
        let end = min(start + top, matched.count)
        return CollectionQuery.Page(entities: Array(matched[start..<end]), count: options.count ? total : nil, hasMore: matched.count > end)
    }

    /// `$resultFormat=dataArray`: one entry per Datastream with the selected components as rows.
    func dataArray(_ observations: [STAEntity], options: QueryOptions, base: String) -> JSONValue {
        let components = options.select ?? ["id", "phenomenonTime", "resultTime", "result"]
        var groups: [(String, [JSONValue])] = []
        for observation in observations {
            guard let (key, _) = SensorThingsModel.observationKey(observation.id) else { continue }
            let datastream = SensorThingsModel.datastreamID(key)
            let row = JSONValue.array(
                components.map { name in
                    name == "id" || name == "@iot.id" ? .string(observation.id) : observation.fields.first { $0.name == name }?.json ?? .null
                })
            if let index = groups.firstIndex(where: { $0.0 == datastream }) {
                groups[index].1.append(row)
            } else {
                groups.append((datastream, [row]))
            }
        }
        return .array(
            groups.map { datastream, rows in
                .object([
                    ("Datastream@iot.navigationLink", .string("\(base)/Datastreams('\(datastream)')")),
                    ("components", .array(components.map(JSONValue.string))),
                    ("dataArray@iot.count", .number(Double(rows.count))),
                    ("dataArray", .array(rows)),
                ])
            })
    }

    // MARK: Rendering

    /// One entity as JSON, written straight into bytes (a page of Observations is most of a request's work).
    func render(_ entity: STAEntity, options: QueryOptions, base: String, _ registry: Registry) async throws -> JSONValue {
        let navigation = entity.set.navigation
        if let select = options.select {
            for name in select
            where !(["id", "@iot.id", "@iot.selfLink"].contains(name) || entity.set.properties.contains(name) || navigation[name] != nil) {
                throw QueryError(
                    "$select: '\(name)' is not a property of \(entity.set.rawValue); it has id, \(entity.set.properties.joined(separator: ", "))")
            }
        }
        func wanted(_ name: String) -> Bool { options.select?.contains(name) ?? true }
        let path = entity.path
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(640)
        var empty = true
        func key(_ name: String) {
            if !empty { out.append(UInt8(ascii: ",")) }
            empty = false
            JSONBytes.quote(name, into: &out)
            out.append(UInt8(ascii: ":"))
        }
        // The entity's own URL starts its self link and every navigation link: escaped once.
        var prefix: [UInt8] = []
        JSONBytes.escape(base, into: &prefix)
        prefix.append(UInt8(ascii: "/"))
        JSONBytes.escape(path, into: &prefix)
        func link(_ suffix: String) {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: prefix)
            JSONBytes.escape(suffix, into: &out)
            out.append(UInt8(ascii: "\""))
        }
        if wanted("id") || options.select?.contains("@iot.id") == true {
            key("@iot.id")
            JSONBytes.quote(entity.id, into: &out)
        }
        if options.select == nil || options.select?.contains("@iot.selfLink") == true {
            key("@iot.selfLink")
            link("")
        }
        for field in entity.fields where wanted(field.name) {
            key(field.name)
            field.json.write(to: &out)
        }
        for name in entity.set.navigationNames where options.select == nil || options.select?.contains(name) == true {
            key(name + "@iot.navigationLink")
            link("/" + name)
        }
        for expansion in options.expand {
            let name = expansion.path[0]
            guard let (set, toMany) = navigation[name] else {
                throw QueryError(
                    "$expand: \(entity.set.rawValue) has no navigation property '\(name)'; it has \(entity.set.navigationNames.joined(separator: ", "))"
                )
            }
            var nested = expansion.options
            if expansion.path.count > 1 {
                nested = QueryOptions()
                nested.expand = [QueryOptions.Expansion(path: Array(expansion.path.dropFirst()), options: expansion.options)]
            }
            if toMany {
                let page = try await self.page(set, .related(entity, name), options: nested, registry)
                try budget.charge(page.entities.count)
                if let count = page.count {
                    key(name + "@iot.count")
                    JSONBytes.number(Double(count), into: &out)
                }
                key(name)
                out.append(UInt8(ascii: "["))
                for (index, member) in page.entities.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    try await render(member, options: nested, base: base, registry).write(to: &out)
                }
                out.append(UInt8(ascii: "]"))
                let top = nested.top ?? Self.defaultTop
                if page.hasMore, top > 0 {
                    key(name + "@iot.nextLink")
                    link("/\(name)?" + Self.expansionQuery(expansion, top: top, skip: nested.skip + top))
                }
            } else {
                key(name)
                if let related = try await related(entity, name, registry) {
                    try await render(related, options: nested, base: base, registry).write(to: &out)
                } else {
                    out.append(contentsOf: "null".utf8)
                }
            }
        }
        out.append(UInt8(ascii: "}"))
        return .bytes(out)
    }
}
