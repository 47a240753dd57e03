import QingshanCore
import Testing

@Suite struct RollupCalculatorTests {
    static func minutes(every interval: Int, count: Int, value: Double = 10) -> [(start: Int64, value: Double)] {
        (0..<count).map { (Int64($0 * interval) * Timestamp.millisecondsPerMinute, value) }
    }

    /// HJ 75: an hour needs 45 minutes of valid data, whatever the logger's reporting interval.
    @Test(arguments: [(10, 5, true), (10, 4, false), (1, 45, true), (1, 44, false), (5, 9, true), (5, 8, false), (15, 3, true)])
    func hourFromMinutes(interval: Int, count: Int, valid: Bool) {
        let result = RollupCalculator.hour(minutes: Self.minutes(every: interval, count: count), kind: .sourceGas)
        #expect((result.value != nil) == valid)
        #expect(result.validMinutes == min(interval * count, 60))
        #expect(result.expected == 60)
    }

    @Test func aLoneMinuteIsOneMinute() {
        #expect(RollupCalculator.hour(minutes: Self.minutes(every: 10, count: 1), kind: .air).validMinutes == 1)
        #expect(RollupCalculator.hour(minutes: [], kind: .air).value == nil)
    }

    /// The counts a period needs, by kind of site (GB 3095 表4 for air, HJ 75 for sources, any value otherwise).
    @Test(arguments: [
        (RollupPeriod.day, SiteKind.air, 2, 24, 20), (.day, .sourceGas, 2, 24, 20), (.day, .surfaceWater, 2, 24, 1),
        (.month, .air, 2, 29, 25), (.month, .air, 3, 31, 27), (.month, .sourceWater, 2, 28, 23), (.month, .sourceGas, 4, 30, 25),
        (.year, .air, 1, 365, 324), (.year, .noise, 1, 365, 1), (.dayMaximumEightHours, .air, 5, 17, 14),
    ])
    func needed(period: RollupPeriod, kind: SiteKind, month: Int, expected: Int, needed: Int) {
        #expect(RollupRules.needed(period, kind: kind, start: CivilDateTime(year: 2016, month: month, day: 1), expected: expected) == needed)
    }

    @Test(arguments: [("N", true), ("S", true), ("F", false), ("M", false), ("D", false), ("C", false), ("T", false), ("B", false)])
    func flags(flag: String, valid: Bool) {
        #expect(RollupRules.isValid(flag: flag) == valid)
    }

    /// Air pollutants are rounded as reported (half to even); other parameters keep their mean.
    @Test func dailyMeans() {
        let day = CivilDateTime(year: 2016, month: 5, day: 1)
        let pm25 = (0..<24).map { Double?($0 < 12 ? 12 : 13) }
        #expect(RollupCalculator.mean(pm25, period: .day, kind: .air, start: day, parameterCode: "a34004").value == 12)
        #expect(RollupCalculator.mean(pm25, period: .day, kind: .air, start: day, parameterCode: "a01001").value == 12.5)
        var sparse = pm25
        for hour in 0..<5 { sparse[hour] = nil }
        let result = RollupCalculator.mean(sparse, period: .day, kind: .air, start: day, parameterCode: "a34004")
        #expect(result.value == nil)
        #expect(result.valid == 19)
        #expect(
            RollupCalculator.mean([nil, 7.5, nil, nil, nil, nil], period: .day, kind: .surfaceWater, start: day, parameterCode: "w01001").value == 7.5
        )
    }
}
