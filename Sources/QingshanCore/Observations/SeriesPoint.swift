/// One value of a series without its metadata: what rollups and evaluations read by the million.
public struct SeriesPoint: Sendable, Hashable {
    public var periodStart: Timestamp
    public var value: Double

    public init(periodStart: Timestamp, value: Double) {
        self.periodStart = periodStart
        self.value = value
    }
}
