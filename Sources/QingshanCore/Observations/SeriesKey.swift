/// One stored series: a site's parameter at one interval (a SensorThings Datastream).
public struct SeriesKey: Sendable, Hashable, Comparable {
    public var siteCode: String
    public var parameterCode: String
    public var interval: ObservationInterval

    public init(siteCode: String, parameterCode: String, interval: ObservationInterval) {
        self.siteCode = siteCode
        self.parameterCode = parameterCode
        self.interval = interval
    }

    public static func < (lhs: SeriesKey, rhs: SeriesKey) -> Bool {
        (lhs.siteCode, lhs.parameterCode, lhs.interval.rawValue) < (rhs.siteCode, rhs.parameterCode, rhs.interval.rawValue)
    }
}
