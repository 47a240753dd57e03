/// One value of a series without its metadata: what rollups and evaluations read by the million.
public struct SeriesPoint: Sendable, Hashable {
    public var periodStart: Timestamp
    public var value: Double
    /// The HJ 212 data flag (N normal, …); see `RollupRules.isValid(flag:)`.
    public var flag: String

    public init(periodStart: Timestamp, value: Double, flag: String = "N") {
        self.periodStart = periodStart
        self.value = value
        self.flag = flag
    }
}
