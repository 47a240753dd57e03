/// A source's compliance month by month, from its hourly values and permit: hours expected, received, valid,
/// over an hourly limit (judged as the alarm engine judges them), flagged (stop, maintenance, manual, fault,
/// calibration), and 有效传输率 = 传输率 (received / expected) × 有效率 (valid / received).
public enum SourceCompliance {
    public struct Month: Sendable, Hashable {
        public var year: Int
        public var month: Int
        public var expectedHours: Int
        public var receivedHours: Int
        public var validHours: Int
        public var hoursOverLimit: Int
        public var flaggedHours: Int

        /// nil when no hour was expected.
        public var effectiveRate: Double? {
            guard expectedHours > 0 else { return nil }
            let transmission = Double(receivedHours) / Double(expectedHours)
            let validity = receivedHours > 0 ? Double(validHours) / Double(receivedHours) : 0
            return transmission * validity
        }
    }

    /// The Beijing months that [from, to) touches, oldest first. The hours looked at are those of the permit's
    /// limited parameters (every parameter without a permit).
    public static func months(values: [Observation], permit: Permit?, from: Timestamp, to: Timestamp) -> [Month] {
        let hourly = AlarmScreening.HourlyValues(values)
        let limited = Set(permit?.limits.map(\.parameter) ?? Array(hourly.series.keys))
        let site = Site(code: values.first?.siteCode ?? "", nameZh: "", kind: .sourceGas)
        let input = AlarmScreening.Input(site: site, hour: from, values: hourly, permit: permit, catalogue: .standard, rules: AlarmRules())
        let context = AlarmScreening.Context(input)
        var months: [Month] = []
        var start = from.millisecondsSinceEpoch
        let end = to.millisecondsSinceEpoch
        let hour = Timestamp.millisecondsPerHour
        while start < end {
            let civil = CivilDateTime(Timestamp(millisecondsSinceEpoch: start))
            if months.last.map({ ($0.year, $0.month) != (civil.year, civil.month) }) ?? true {
                months.append(
                    Month(year: civil.year, month: civil.month, expectedHours: 0, receivedHours: 0, validHours: 0, hoursOverLimit: 0, flaggedHours: 0)
                )
            }
            var month = months.removeLast()
            month.expectedHours += 1
            let observations = limited.compactMap { hourly.series[$0]?[start] }
            if !observations.isEmpty {
                month.receivedHours += 1
                if observations.allSatisfy({ AlarmScreening.isJudged(flag: $0.flag) }) { month.validHours += 1 }
                if observations.contains(where: { AlarmScreening.notExceedanceFlags.contains($0.flag) }) { month.flaggedHours += 1 }
            }
            let over = (permit?.limits ?? []).contains { limit in
                guard limit.averaging == .hour, let (value, observation, _) = context.judged(limit, at: start) else { return false }
                return AlarmScreening.isJudged(flag: observation.flag) && context.outside(value, limit)
            }
            if over { month.hoursOverLimit += 1 }
            months.append(month)
            start += hour
        }
        return months
    }
}
