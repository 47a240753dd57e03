import Foundation
import QingshanCore
import QingshanStore
import SensorThings
import Synchronization

/// The Observations of a set of series: what the filter push-down leaves to the database is read from the store
/// in chunks; the rest of the filter and the sort run here, one scan at a time where rows go one by one.
extension SensorThingsResolver {
    /// What a scan gives: the store's rows when they come in the order asked for (written straight into bytes),
    /// or entities sorted here.
    enum ObservationPage {
        case rows([ObservationJSONWriter.Row], count: Int?, hasMore: Bool)
        case entities(CollectionQuery.Page)

        var entityPage: CollectionQuery.Page {
            switch self {
            case .rows(let rows, let count, let hasMore):
                CollectionQuery.Page(entities: rows.map { SensorThingsModel.observation($0.key, $0.observation) }, count: count, hasMore: hasMore)
            case .entities(let page): page
            }
        }
    }

    /// A page of Observations as entities (an expanded collection, a filter or sort that needs them).
    func observationPage(_ series: [SeriesKey], options: QueryOptions, _ registry: Registry) async throws -> CollectionQuery.Page {
        try await observationScan(series, options: options, registry).entityPage
    }

    /// A page of Observations. What goes through rows one by one takes its turn, one scan at a time
    /// (`ScanGate`): a residual filter or a sort evaluated here, a sort by value, and a condition on the value
    /// over whole series (no time bound), which the database answers only by reading every row. Reads of a time
    /// range in time order, with or without value conditions, run at once.
    func observationScan(_ series: [SeriesKey], options: QueryOptions, _ registry: Registry) async throws -> ObservationPage {
        let pushed = FilterPushDown(options.filter)
        guard pushed.residual == nil, !pushed.scansWholeSeries, FilterPushDown.isNativeOrder(options) else {
            return try await scans.run { try await scanObservationPage(series, options: options, pushed: pushed, registry) }
        }
        return try await scanObservationPage(series, options: options, pushed: pushed, registry)
    }

    func scanObservationPage(
        _ series: [SeriesKey], options: QueryOptions, pushed: FilterPushDown, _ registry: Registry
    ) async throws -> ObservationPage {
        let set = EntitySet.observations
        if let filter = options.filter { try set.check(filter.propertyPaths, option: "$filter") }
        try set.check(options.orderBy.flatMap(\.expression.propertyPaths), option: "$orderby")
        let top = options.top ?? Self.defaultTop
        let native = FilterPushDown.isNativeOrder(options)
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
            pushed.residual.map(FilterPushDown.conjuncts)?.filter { term in
                let used = term.propertyPaths
                return !used.isEmpty && used.allSatisfy { $0.count > 1 && paths[$0[0]] != nil }
            } ?? []
        // Bounded by QueryOptions.maximumSkip and maximumTop: no overflow.
        let needed = options.skip + top + 1
        var matched: [ObservationJSONWriter.Row] = []
        var total = 0
        var countedInSQL = false
        // With nothing to evaluate here, the database passes over `$skip` rows itself (a client walking a long
        // series with @iot.nextLink costs an index walk per page, not a read of every row before it), and a
        // sort on `result` alone takes each series' first rows by value.
        let skipInSQL = native && pushed.residual == nil
        let valueSorted = !native && pushed.residual == nil && FilterPushDown.isValueOrder(options)
        var skippedInSQL = 0
        func query(_ key: SeriesKey, limit: Int?, after: Timestamp?) -> ObservationQuery {
            var query = ObservationQuery(
                siteCode: key.siteCode, parameterCode: key.parameterCode, interval: key.interval, from: pushed.from, to: pushed.to,
                limit: limit, after: after, descending: valueSorted ? options.orderBy[0].descending : descending)
            query.valueConditions = pushed.valueConditions
            query.byValue = valueSorted
            return query
        }
        // Where the scan needs every series' count anyway (a total, series passed over for `$skip`, every row read
        // for a sort here), all of them come in one statement per few hundred series; series with nothing in
        // range are then passed over without a query, and small ones are read together.
        let range = ObservationRange(from: pushed.from, to: pushed.to, valueConditions: pushed.valueConditions)
        let counted = (options.count && pushed.residual == nil) || (skipInSQL && options.skip > 0) || !native
        var counts: [SeriesKey: Int] = [:]
        if counted {
            counts = Dictionary(uniqueKeysWithValues: zip(series, try await store.counts(of: series, in: range)))
        }
        if options.count, pushed.residual == nil {
            total = counts.values.reduce(0, +)
            countedInSQL = true
        }
        let readsTogether = counted && !valueSorted && !pushed.scansWholeSeries
        var readTogether: [SeriesKey: [Observation]] = [:]
        func take(_ key: SeriesKey, _ observations: [Observation]) async throws {
            try budget.charge(observations.count)
            for observation in observations {
                if let residual = pushed.residual, try !evaluator.matches(residual, try await value(key, observation)) {
                    continue
                }
                if !countedInSQL { total += 1 }
                if !native || skippedInSQL + matched.count < needed {
                    matched.append(ObservationJSONWriter.Row(key: key, observation: observation))
                }
            }
        }
        /// Reads the small series at the head of `following` in one statement: up to a chunk's rows, or, in time
        /// order, what the page still needs.
        func readSmallSeries(from following: ArraySlice<SeriesKey>) async throws {
            let wanted = native ? max(needed - skippedInSQL - matched.count, 1) : Self.scanChunk
            var group: [SeriesKey] = []
            var rows = 0
            for key in following {
                let own = counts[key] ?? 0
                guard own > 0 else { continue }
                if own > Self.smallSeries || (!group.isEmpty && rows + own > wanted) { break }
                group.append(key)
                rows += own
            }
            for (key, observations) in zip(group, try await store.observations(of: group, in: range)) {
                readTogether[key] = observations
            }
        }
        let ordered = descending ? Array(series.reversed()) : series
        scan: for (index, key) in ordered.enumerated() {
            if counted, counts[key] == 0 { continue }
            if !seriesTerms.isEmpty {
                let reachedObject = ODataValue.object(try await reachedValues(key))
                guard try seriesTerms.allSatisfy({ try evaluator.matches($0, reachedObject) }) else { continue }
            }
            var after: Timestamp?
            var offset = 0
            if skipInSQL, skippedInSQL < options.skip {
                var rows = counts[key] ?? 0
                if !counted { rows = try await store.count(query(key, limit: nil, after: nil)) }
                if skippedInSQL + rows <= options.skip {
                    skippedInSQL += rows
                    continue
                }
                offset = options.skip - skippedInSQL
                skippedInSQL = options.skip
            }
            if readsTogether, offset == 0, readTogether[key] == nil, let own = counts[key], own <= Self.smallSeries {
                try await readSmallSeries(from: ordered[index...])
            }
            if let observations = readTogether.removeValue(forKey: key) {
                try await take(key, descending ? observations.reversed() : observations)
                if native, !options.count || countedInSQL, skippedInSQL + matched.count >= needed { break scan }
                continue
            }
            // What the database goes through beyond what it returns counts against the client's rate.
            if valueSorted || pushed.scansWholeSeries {
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
                try await take(key, page.items)
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
            let entities = matched.map { SensorThingsModel.observation($0.key, $0.observation) }
            guard !paths.isEmpty else { return .entities(try CollectionQuery.apply(entities, options: sortOnly, defaultTop: top, now: now)) }
            var objects: [ODataValue] = []
            for entity in entities { objects.append(try await filterObject(entity, reaching: paths, registry)) }
            return .entities(try CollectionQuery.apply(entities, options: sortOnly, defaultTop: top, now: now, filterObjects: objects))
        }
        let start = min(options.skip - skippedInSQL, matched.count)
        let end = min(start + top, matched.count)
        return .rows(Array(matched[start..<end]), count: options.count ? total : nil, hasMore: matched.count > end)
    }
}
