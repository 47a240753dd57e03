/// What several series are read or counted by at once: a time range and conditions on the value.
public struct ObservationRange: Sendable, Hashable {
    /// Inclusive.
    public var from: Timestamp?
    /// Exclusive.
    public var to: Timestamp?
    /// All of which must hold.
    public var valueConditions: [ObservationQuery.ValueCondition]

    public init(from: Timestamp? = nil, to: Timestamp? = nil, valueConditions: [ObservationQuery.ValueCondition] = []) {
        self.from = from
        self.to = to
        self.valueConditions = valueConditions
    }
}
