/// A page request for one site's series of one parameter.
public struct ObservationQuery: Sendable, Hashable {
    public var siteCode: String
    public var parameterCode: String
    public var interval: ObservationInterval
    /// Inclusive.
    public var from: Timestamp?
    /// Exclusive.
    public var to: Timestamp?
    /// At most this many items; `nil` for every row (CSV export).
    public var limit: Int?
    /// Continue after this period start (the cursor of the previous page; before it when descending).
    public var after: Timestamp?
    /// Newest first.
    public var descending: Bool
    /// Conditions on the value, all of which must hold (pushed down from SensorThings `$filter`).
    public var valueConditions: [ValueCondition] = []
    /// Rows passed over before the page starts (SensorThings `$skip`, done by the database).
    public var offset = 0
    /// Ordered by value (then period start) instead of period start: the `limit` smallest, or largest when
    /// descending. No cursor follows such a page.
    public var byValue = false

    /// `value <op> bound`.
    public struct ValueCondition: Sendable, Hashable {
        public enum Comparison: String, Sendable, Hashable {
            case equal = "="
            case notEqual = "<>"
            case greater = ">"
            case greaterOrEqual = ">="
            case less = "<"
            case lessOrEqual = "<="
        }

        public var comparison: Comparison
        public var bound: Double

        public init(_ comparison: Comparison, _ bound: Double) {
            self.comparison = comparison
            self.bound = bound
        }
    }

    public init(
        siteCode: String, parameterCode: String, interval: ObservationInterval, from: Timestamp? = nil,
        to: Timestamp? = nil, limit: Int? = nil, after: Timestamp? = nil, descending: Bool = false
    ) {
        self.descending = descending
        self.siteCode = siteCode
        self.parameterCode = parameterCode
        self.interval = interval
        self.from = from
        self.to = to
        self.limit = limit
        self.after = after
    }
}

/// One page of a series; `nextAfter` is set when more rows follow.
public struct ObservationPage: Sendable, Hashable {
    public var items: [Observation]
    public var nextAfter: Timestamp?

    public init(items: [Observation], nextAfter: Timestamp?) {
        self.items = items
        self.nextAfter = nextAfter
    }
}
