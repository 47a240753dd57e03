public import QingshanCore

/// What a `$filter` gives the SQL query: bounds on the period start (phenomenonTime against a time) and
/// conditions on the value (result against a number) from its top-level `and`; the rest (`residual`) is evaluated
/// per row. Pure, so that what reaches the database is tested without one.
public struct FilterPushDown: Sendable {
    public var from: Timestamp?
    public var to: Timestamp?
    public var valueConditions: [ObservationQuery.ValueCondition] = []
    public var residual: FilterExpression?

    public init(_ filter: FilterExpression?) {
        guard let filter else { return }
        var pushed = FilterPushDown(nil)
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
                // The upper bound is exclusive: `le t` reads up to t + 1 ms (a first `le` once stopped before t).
                case .le: pushed.to = min(pushed.to ?? time.adding(milliseconds: 1), time.adding(milliseconds: 1))
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
        self = pushed
    }

    /// The terms of a top-level `and` (the expression itself when it is not one).
    public static func conjuncts(_ expression: FilterExpression) -> [FilterExpression] {
        if case .and(let a, let b) = expression { return conjuncts(a) + conjuncts(b) }
        return [expression]
    }

    /// Value conditions without a time bound: the database reads every row of each series.
    public var scansWholeSeries: Bool {
        !valueConditions.isEmpty && from == nil && to == nil
    }

    /// phenomenonTime, resultTime and id order like the period start: read in that order from the store.
    public static func isNativeOrder(_ options: QueryOptions) -> Bool {
        options.orderBy.count <= 1
            && options.orderBy.allSatisfy {
                [.property(["phenomenonTime"]), .property(["resultTime"]), .property(["id"]), .property(["@iot.id"])].contains($0.expression)
            }
    }

    /// `$orderby=result` alone: each series' first rows by value, from the database.
    public static func isValueOrder(_ options: QueryOptions) -> Bool {
        options.orderBy.count == 1 && options.orderBy[0].expression == .property(["result"])
    }
}
