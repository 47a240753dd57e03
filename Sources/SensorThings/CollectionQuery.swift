public import QingshanCore

/// `$filter`, `$orderby`, `$count`, `$skip` and `$top` applied to entities held in memory.
public enum CollectionQuery {
    public struct Page: Sendable {
        public var entities: [STAEntity]
        public var count: Int?
        /// Whether more entities follow (then the answer carries `@iot.nextLink`).
        public var hasMore: Bool

        public init(entities: [STAEntity], count: Int?, hasMore: Bool) {
            self.entities = entities
            self.count = count
            self.hasMore = hasMore
        }
    }

    /// `filterObjects`, one per entity, are what `$filter` and `$orderby` see when they reach related entities;
    /// without them each entity's own `filterObject`.
    public static func apply(
        _ entities: [STAEntity], options: QueryOptions, defaultTop: Int, now: Timestamp, filterObjects: [ODataValue]? = nil
    ) throws(QueryError) -> Page {
        // Filter values are built only for a request that filters or sorts (a plain page of 20,000 Datastreams needs none).
        let compared = options.filter != nil || !options.orderBy.isEmpty
        var selected = entities.indices.map { index in
            (entity: entities[index], object: compared ? filterObjects?[index] ?? entities[index].filterObject : ODataValue.null)
        }
        if let filter = options.filter {
            if let set = entities.first?.set { try set.check(filter.propertyPaths, option: "$filter") }
            let evaluator = FilterEvaluator(now: now)
            var kept: [(entity: STAEntity, object: ODataValue)] = []
            for item in selected where try evaluator.matches(filter, item.object) { kept.append(item) }
            selected = kept
        }
        if !options.orderBy.isEmpty {
            if let set = entities.first?.set { try set.check(options.orderBy.flatMap(\.expression.propertyPaths), option: "$orderby") }
            let evaluator = FilterEvaluator(now: now)
            var keyed: [(keys: [ODataValue], item: (entity: STAEntity, object: ODataValue))] = []
            for item in selected {
                var keys: [ODataValue] = []
                for term in options.orderBy { keys.append(try evaluator.evaluate(term.expression, item.object)) }
                keyed.append((keys, item))
            }
            keyed.sort { a, b in
                for (index, term) in options.orderBy.enumerated() {
                    // Nulls first ascending; mismatched kinds keep their order.
                    let order: Int
                    switch (a.keys[index], b.keys[index]) {
                    case (.null, .null): order = 0
                    case (.null, _): order = -1
                    case (_, .null): order = 1
                    default: order = FilterEvaluator.order(a.keys[index], b.keys[index]) ?? 0
                    }
                    if order != 0 { return term.descending ? order > 0 : order < 0 }
                }
                return false
            }
            selected = keyed.map(\.item)
        }
        let count = options.count ? selected.count : nil
        let top = options.top ?? defaultTop
        let start = min(options.skip, selected.count)
        let end = min(start + top, selected.count)
        return Page(entities: selected[start..<end].map(\.entity), count: count, hasMore: end < selected.count)
    }
}
