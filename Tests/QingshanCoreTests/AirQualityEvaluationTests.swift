import QingshanCore
import QingshanTestSupport
import Testing

@Suite struct AirQualityEvaluationTests {
    static func decimal(_ text: String) -> ExactDecimal { ExactDecimal(parsing: text)! }

    /// A day whose every hour of pollutant p is `values[p]` (nil = missing), hours listed in `missing` left out.
    static func day(_ civil: CivilDateTime, _ values: [AQIPollutant: String], missing: Set<Int> = []) -> DailyAirValues {
        let hours = AQIPollutant.allCases.map { pollutant in
            (0..<24).map { hour in missing.contains(hour) ? nil : values[pollutant].map(decimal) }
        }
        return DailyAirValues(day: civil, hours: hours, limits: .gb3095_2012)
    }

    /// standards.md §3.2: daily PM2.5 [12, 35, 48, 52, 60, 61, 70, 75, 80, 95, 110, 130] → P90 108.5, P95 119.0, P98 125.6.
    @Test(arguments: [(90, "108.5"), (95, "119"), (98, "125.6"), (100, "130"), (0, "12"), (50, "65.5")])
    func percentileExample(percent: Int, expected: String) throws {
        let values = [12, 35, 48, 52, 60, 61, 70, 75, 80, 95, 110, 130].map { ExactDecimal(units: $0, scale: 0) }
        var generator = SeededGenerator()
        #expect(
            try #require(HJ663Percentile.of(values.shuffled(using: &generator), percent: percent)) == Self.decimal(expected), "\(generator.replay)")
    }

    /// The exact percentile agrees with the linear interpolation done in floating point on random data.
    @Test func percentileAgreesWithLinearInterpolation() throws {
        var generator = SeededGenerator()
        for _ in 0..<200 {
            let values = (0..<Int.random(in: 1...400, using: &generator)).map { _ in
                ExactDecimal(units: Int.random(in: 0...5000, using: &generator), scale: Int.random(in: 0...2, using: &generator))
            }
            let sorted = values.map(\.doubleValue).sorted()
            for percent in [90, 95, 98] {
                let k = Double(sorted.count - 1) * Double(percent) / 100
                let s = Int(k)
                let expected = s + 1 < sorted.count ? sorted[s] + (sorted[s + 1] - sorted[s]) * (k - Double(s)) : sorted[s]
                let exact = try #require(HJ663Percentile.of(values, percent: percent))
                #expect(abs(exact.doubleValue - expected) < 1e-9, "P\(percent) of \(values.map(\.doubleValue)), \(generator.replay)")
            }
        }
        #expect(HJ663Percentile.of([], percent: 95) == nil)
    }

    /// GB/T 8170: a mean exactly half-way rounds to the even neighbour; CO keeps one decimal.
    @Test(arguments: [
        (["12", "13"], 0, "12"), (["13", "14"], 0, "14"), (["0.2", "0.3"], 1, "0.2"), (["0.3", "0.4"], 1, "0.4"),
        (["1", "2", "2"], 0, "2"), (["80.2291", "80.2309"], 2, "80.23"), (["-1", "-2"], 0, "-2"),
    ])
    func meanRounding(values: [String], decimals: Int, expected: String) throws {
        var sum = ExactSum()
        for value in values { sum.add(Self.decimal(value)) }
        #expect(try #require(sum.mean(decimals: decimals)) == Self.decimal(expected))
    }

    /// GB 3095 表4: a 24-hour mean needs 20 hours; with 19 it is not valid.
    @Test(arguments: [(4, true), (5, false)])
    func twentyHoursMakeADay(missingHours: Int, valid: Bool) {
        let day = Self.day(CivilDateTime(year: 2016, month: 5, day: 1), [.pm25: "75", .so2: "10"], missing: Set(0..<missingHours))
        #expect(day.statistic(.pm25).validInputs == 24 - missingHours)
        #expect(day.statistic(.pm25).expectedInputs == 24)
        #expect((day.statistic(.pm25).value != nil) == valid)
        #expect(day.statistic(.no2).value == nil)
        #expect(day.statistic(.no2).validInputs == 0)
    }

    /// O3: 8-hour means from ≥ 6 hours, the daily maximum valid with ≥ 14 of the 17 (08–24 h), or with fewer
    /// when it exceeds 160 µg/m³.
    @Test func ozoneDailyMaximumEightHours() throws {
        var series: [ExactDecimal?] = (0..<24).map { ExactDecimal(units: 40 + $0 * 5, scale: 0) }
        // Hours 16–23 (the last window) give (120+…+155)/8 = 137.5 → 138 (half to even).
        let full = DailyAirValues.maximumEightHourMean(series, limit: 160)
        #expect(full.value == ExactDecimal(units: 138, scale: 0))
        #expect(full.validInputs == 17)
        // Missing hours 0–10: the windows ending at 8…16 h (hours 0–7 … 8–15) have fewer than 6 hours → 8 valid,
        // 138 < 160: not valid.
        for hour in 0...10 { series[hour] = nil }
        let sparse = DailyAirValues.maximumEightHourMean(series, limit: 160)
        #expect(sparse.validInputs == 8)
        #expect(sparse.value == nil)
        // The same day above the limit counts.
        let high = series.map { $0.map { ExactDecimal(units: $0.units + 100, scale: 0) } }
        let exceeding = DailyAirValues.maximumEightHourMean(high, limit: 160)
        #expect(exceeding.value == ExactDecimal(units: 238, scale: 0))
        // A window with 6 of its hours counts, with 5 it does not: every fourth hour missing leaves 6 in each
        // window; hour 2 missing too takes the three windows holding it (hours 0–7, 1–8, 2–9) to 5.
        var gaps: [ExactDecimal?] = Array(repeating: ExactDecimal(units: 100, scale: 0), count: 24)
        for hour in stride(from: 0, to: 24, by: 4) { gaps[hour] = nil }
        #expect(DailyAirValues.maximumEightHourMean(gaps, limit: 160).validInputs == 17)
        gaps[2] = nil
        let fourteen = DailyAirValues.maximumEightHourMean(gaps, limit: 160)
        #expect(fourteen.validInputs == 14)
        #expect(fourteen.value == ExactDecimal(units: 100, scale: 0))
        // Hour 23 missing too takes only the last window (16–23) to 5 hours: 13 of 17, not valid below the limit…
        gaps[23] = nil
        let thirteen = DailyAirValues.maximumEightHourMean(gaps, limit: 160)
        #expect(thirteen.validInputs == 13)
        #expect(thirteen.value == nil)
        // …and valid when the maximum already exceeds it.
        let exceedingThirteen = DailyAirValues.maximumEightHourMean(gaps.map { $0.map { _ in ExactDecimal(units: 200, scale: 0) } }, limit: 160)
        #expect(exceedingThirteen.validInputs == 13)
        #expect(exceedingThirteen.value == ExactDecimal(units: 200, scale: 0))
    }

    @Test(arguments: [
        (CivilDateTime(year: 2016, month: 1, day: 1), 366, 324), (CivilDateTime(year: 2015, month: 1, day: 1), 365, 324),
        (CivilDateTime(year: 2016, month: 2, day: 1), 29, 25), (CivilDateTime(year: 2015, month: 2, day: 1), 28, 25),
        (CivilDateTime(year: 2016, month: 3, day: 1), 31, 27), (CivilDateTime(year: 2016, month: 4, day: 1), 30, 27),
        (CivilDateTime(year: 2016, month: 3, day: 5), 10, 9), (CivilDateTime(year: 2016, month: 3, day: 1), 30, 27),
    ])
    func daysNeeded(first: CivilDateTime, days: Int, needed: Int) {
        #expect(AirDataValidity.daysNeeded(first: first, days: days) == needed)
    }

    /// Editions change at 00:00 Beijing time of their first day.
    @Test(arguments: [
        (CivilDateTime(year: 2026, month: 2, day: 28, hour: 23), GB3095Edition.gb3095_2012),
        (CivilDateTime(year: 2026, month: 3, day: 1), .gb3095_2026), (CivilDateTime(year: 2030, month: 12, day: 31, hour: 23), .gb3095_2026),
        (CivilDateTime(year: 2031, month: 1, day: 1), .gb3095_2026Final),
    ])
    func editionInForce(time: CivilDateTime, edition: GB3095Edition) {
        #expect(GB3095Edition.inForce(at: time.timestamp) == edition)
    }

    /// The class-2 limits (standards.md §2.1, §2.5) and HJ 633's IAQI 100 at each 24-hour limit.
    @Test func limitsMatchTheTablesAndTheAQI() {
        #expect(GB3095Edition.gb3095_2012.classTwoLimits(.pm25) == GB3095Limits(annual: 35, daily: 75, oneHour: nil))
        #expect(GB3095Edition.gb3095_2026.classTwoLimits(.pm25) == GB3095Limits(annual: 30, daily: 60, oneHour: nil))
        #expect(GB3095Edition.gb3095_2026Final.classTwoLimits(.pm10) == GB3095Limits(annual: 50, daily: 100, oneHour: nil))
        #expect(GB3095Edition.gb3095_2012.classTwoLimits(.so2) == GB3095Limits(annual: 60, daily: 150, oneHour: 500))
        for (limits, aqi) in [(GB3095Edition.gb3095_2012, AQIEdition.hj633_2012), (.gb3095_2026, .hj633_2026)] {
            for (pollutant, column) in [
                (AQIPollutant.so2, IAQIColumn.so2_24h), (.no2, .no2_24h), (.pm10, .pm10_24h), (.co, .co_24h),
                (.o3, .o3_8h), (.pm25, .pm25_24h),
            ] {
                let limit = ExactDecimal(units: limits.classTwoLimits(pollutant).daily, scale: 0)
                #expect(IAQI.subIndex(column, concentration: limit, edition: aqi) == .value(100), "\(pollutant) \(limits)")
            }
        }
    }

    /// standards.md §3.5: SO2 9, NO2 28, PM10 62, PM2.5 33, CO P95 1.1, O3 P90 165 → I = 0.150, 0.700, 0.886,
    /// 0.943, 0.275, 1.031, Σ 3.98, weighted 7.60, primary O3; here as a year of identical days.
    @Test func comprehensiveIndexExample() throws {
        let values: [AQIPollutant: String] = [.so2: "9", .no2: "28", .pm10: "62", .pm25: "33", .co: "1.1", .o3: "165"]
        let start = CivilDateTime(year: 2015, month: 1, day: 1).timestamp
        let days = (0..<365).map { index in
            Self.day(CivilDateTime(start.adding(milliseconds: Int64(index) * Timestamp.millisecondsPerDay)), values)
        }
        var hourly = Array(repeating: ExactSum(), count: 6)
        for (slot, pollutant) in AQIPollutant.allCases.enumerated() {
            for _ in 0..<(365 * 24) { hourly[slot].add(Self.decimal(values[pollutant]!)) }
        }
        let evaluation = AirQualityEvaluation(days: days, hourly: hourly, limitsEdition: .gb3095_2012)
        let indexes = evaluation.pollutants.map { $0.index?.rounded(toDecimals: 3) }
        #expect(indexes == ["0.15", "0.7", "0.886", "0.275", "1.031", "0.943"].map(Self.decimal))
        #expect(try #require(evaluation.comprehensiveIndex).rounded(toDecimals: 2) == Self.decimal("3.98"))
        #expect(try #require(evaluation.weightedComprehensiveIndex).rounded(toDecimals: 2) == Self.decimal("7.60"))
        #expect(evaluation.primaryPollutants == [.o3])
        #expect(evaluation.pollutants.map(\.attained) == [true, true, true, true, false, true])
        #expect(evaluation.pollutants.first { $0.pollutant == .o3 }?.exceedanceDays == 365)
        // O3 8-hour 165 → IAQI 105 (light pollution) every day: no good day, every day at level 3 with O3 primary.
        #expect(evaluation.aqiDays == 365)
        #expect(evaluation.goodDays == 0)
        #expect(evaluation.goodDayShare == ExactFraction(0, 1))
        #expect(evaluation.daysPerLevel == [0, 0, 365, 0, 0, 0])
        #expect(evaluation.primaryPollutantDays == [.o3: 365])
        #expect(evaluation.pollutants.allSatisfy { $0.validDays == 365 && $0.daysNeeded == 324 && $0.isValid })
    }

    /// Too few valid days: no attainment verdict and no comprehensive index; a day missing one pollutant has no AQI.
    @Test func tooFewDaysGiveNoVerdict() {
        let values: [AQIPollutant: String] = [.so2: "9", .no2: "28", .pm10: "62", .pm25: "33", .co: "1.1", .o3: "90"]
        let start = CivilDateTime(year: 2015, month: 3, day: 1).timestamp
        let days = (0..<31).map { index in
            let civil = CivilDateTime(start.adding(milliseconds: Int64(index) * Timestamp.millisecondsPerDay))
            return index < 26 ? Self.day(civil, values) : Self.day(civil, values.filter { $0.key != .pm25 })
        }
        let evaluation = AirQualityEvaluation(days: days, hourly: Array(repeating: ExactSum(), count: 6), limitsEdition: .gb3095_2012)
        let pm25 = evaluation.pollutants.first { $0.pollutant == .pm25 }!
        #expect(pm25.validDays == 26)
        #expect(pm25.daysNeeded == 27)
        #expect(pm25.attained == nil)
        #expect(pm25.index == nil)
        #expect(evaluation.comprehensiveIndex == nil)
        #expect(evaluation.aqiDays == 26)
        #expect(evaluation.goodDays == 26)
        #expect(evaluation.goodDayShare?.rounded(toDecimals: 1) == Self.decimal("100"))
    }
}
