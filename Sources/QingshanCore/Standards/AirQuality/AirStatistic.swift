/// One statistic of a period (a 24-hour mean, a daily maximum 8-hour mean, …) with the data behind it:
/// how many inputs were valid and how many the period has. `value` is nil when the statistic is not valid.
public struct AirStatistic: Sendable, Hashable {
    public var value: ExactDecimal?
    public var validInputs: Int
    public var expectedInputs: Int

    public init(value: ExactDecimal?, validInputs: Int, expectedInputs: Int) {
        self.value = value
        self.validInputs = validInputs
        self.expectedInputs = expectedInputs
    }

    public var coverage: Double { expectedInputs == 0 ? 0 : Double(validInputs) / Double(expectedInputs) }
}

extension AQIPollutant {
    /// Decimals a concentration is reported with (HJ 663 practice, GB/T 8170): CO 0.1 mg/m³, the rest 1 µg/m³.
    public var reportingDecimals: Int { self == .co ? 1 : 0 }
}
