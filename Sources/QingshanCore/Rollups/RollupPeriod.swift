/// The periods values are rolled up to. `dayMaximumEightHours` is the O3 daily maximum 8-hour mean.
public enum RollupPeriod: String, Sendable, Hashable, CaseIterable, Codable {
    case hour, day
    case dayMaximumEightHours = "day_max8h"
    case month, year
}

/// One rolled-up value with the data behind it: valid inputs, inputs the period has, and their share.
/// `value` is nil when the period has too few valid inputs.
public struct Rollup: Sendable, Hashable {
    public var siteCode: String
    public var parameterCode: String
    public var period: RollupPeriod
    /// Start of the period (Beijing time for days, months and years).
    public var periodStart: Timestamp
    public var value: Double?
    public var validCount: Int
    public var expectedCount: Int

    public init(
        siteCode: String, parameterCode: String, period: RollupPeriod, periodStart: Timestamp, value: Double?, validCount: Int,
        expectedCount: Int
    ) {
        self.siteCode = siteCode
        self.parameterCode = parameterCode
        self.period = period
        self.periodStart = periodStart
        self.value = value
        self.validCount = validCount
        self.expectedCount = expectedCount
    }

    public var coverage: Double { expectedCount == 0 ? 0 : Double(validCount) / Double(expectedCount) }
}
