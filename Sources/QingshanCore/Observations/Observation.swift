/// One value of one parameter at one site for one period (or instant, for real-time data).
///
/// Identity is (site, parameter, interval, period start); storing the same identity twice keeps the first.
public struct Observation: Sendable, Hashable, Codable {
    public var siteCode: String
    /// Catalogue code (never an alias); importers and the gateway resolve aliases before building one.
    public var parameterCode: String
    public var interval: ObservationInterval
    /// Start of the period in UTC (the sampling instant for `rtd`).
    public var periodStart: Timestamp
    public var value: Double
    public var minimum: Double?
    public var maximum: Double?
    /// HJ 212 `Cou`: the emitted amount over the period, for sources.
    public var cumulative: Double?
    /// HJ 212 data flag: `N` normal, `F` stopped, `M` maintenance, `C` calibration, `D` fault, `T` over range…
    public var flag: String
    /// Where the value came from: `hj212`, `import:prsa`, `import:cnemc`, `sta`, `manual`.
    public var source: String
    /// When the store took it; set only where a reader needs it (the alarm screening's clock check).
    public var receivedAt: Timestamp?

    public init(
        siteCode: String, parameterCode: String, interval: ObservationInterval, periodStart: Timestamp, value: Double,
        minimum: Double? = nil, maximum: Double? = nil, cumulative: Double? = nil, flag: String = "N",
        source: String, receivedAt: Timestamp? = nil
    ) {
        self.receivedAt = receivedAt
        self.siteCode = siteCode
        self.parameterCode = parameterCode
        self.interval = interval
        self.periodStart = periodStart
        self.value = value
        self.minimum = minimum
        self.maximum = maximum
        self.cumulative = cumulative
        self.flag = flag
        self.source = source
    }
}
