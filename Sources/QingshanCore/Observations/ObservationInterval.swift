/// The averaging period of a value, as HJ 212 uploads distinguish them (2011 real-time, 2051 minute,
/// 2061 hour, 2031 day).
public enum ObservationInterval: String, Codable, Sendable, Hashable, CaseIterable {
    case rtd
    case minute
    case hour
    case day

    /// The period length, for the intervals that are periods; real-time values are instants.
    public var periodMilliseconds: Int64? {
        switch self {
        case .rtd: nil
        case .minute: Timestamp.millisecondsPerMinute
        case .hour: Timestamp.millisecondsPerHour
        case .day: Timestamp.millisecondsPerDay
        }
    }
}
