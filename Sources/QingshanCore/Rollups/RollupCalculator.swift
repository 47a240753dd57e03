/// Rolls values up one period at a time; the caller reads the inputs from the store.
public enum RollupCalculator {
    /// An hour from its minute values (period starts in milliseconds, values): the minutes covered are the count
    /// times the reporting interval, read as the smallest gap between values (1 minute for a lone value).
    public static func hour(minutes: [(start: Int64, value: Double)], kind: SiteKind) -> (value: Double?, validMinutes: Int, expected: Int) {
        guard !minutes.isEmpty else { return (nil, 0, 60) }
        let starts = minutes.map(\.start).sorted()
        var gap = Int64.max
        for (earlier, later) in zip(starts, starts.dropFirst()) where later > earlier { gap = min(gap, later - earlier) }
        let interval = gap == .max ? 1 : max(Int(gap / Timestamp.millisecondsPerMinute), 1)
        let covered = min(minutes.count * interval, 60)
        let mean = minutes.reduce(0) { $0 + $1.value } / Double(minutes.count)
        let needed = RollupRules.needed(.hour, kind: kind, start: CivilDateTime(year: 2000, month: 1, day: 1), expected: 60)
        return (covered >= needed ? mean : nil, covered, 60)
    }

    /// A mean of `values` (nil = missing) over a period that has `values.count` inputs. Air pollutants are rounded
    /// as reported (µg/m³, CO 0.1 mg/m³) exactly; other parameters keep their mean.
    public static func mean(
        _ values: [Double?], period: RollupPeriod, kind: SiteKind, start: CivilDateTime, parameterCode: String
    ) -> (value: Double?, valid: Int) {
        let present = values.compactMap { $0 }
        let needed = RollupRules.needed(period, kind: kind, start: start, expected: values.count)
        guard present.count >= needed, !present.isEmpty else { return (nil, present.count) }
        if kind == .air, let pollutant = AQIPollutant.allCases.first(where: { $0.parameterCode == parameterCode }) {
            var sum = ExactSum()
            for value in present { if let exact = ExactDecimal(value) { sum.add(exact) } }
            return (sum.mean(decimals: pollutant.reportingDecimals)?.doubleValue, present.count)
        }
        return (present.reduce(0, +) / Double(present.count), present.count)
    }

    /// The O3 daily maximum 8-hour mean from the day's 24 hours (see `DailyAirValues`), under the limits in force that day.
    public static func ozoneDailyMaximumEightHours(_ hours: [Double?], day: CivilDateTime) -> (value: Double?, validWindows: Int) {
        let exact = hours.map { $0.flatMap(ExactDecimal.init) }
        let limit = GB3095Edition.inForce(at: day.timestamp).classTwoLimits(.o3).daily
        let statistic = DailyAirValues.maximumEightHourMean(exact, limit: limit)
        return (statistic.value?.doubleValue, statistic.validInputs)
    }
}
