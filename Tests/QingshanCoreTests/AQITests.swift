import QingshanCore
import Testing

@Suite struct AQITests {
    /// HJ 633 表1 transcribed again from the standard's table (not from the source file), CO in tenths of mg/m³.
    static let table2012: [IAQIColumn: [Int]] = [
        .so2_24h: [0, 50, 150, 475, 800, 1600, 2100, 2620], .so2_1h: [0, 150, 500, 650, 800],
        .no2_24h: [0, 40, 80, 180, 280, 565, 750, 940], .no2_1h: [0, 100, 200, 700, 1200, 2340, 3090, 3840],
        .pm10_24h: [0, 50, 150, 250, 350, 420, 500, 600], .co_24h: [0, 20, 40, 140, 240, 360, 480, 600],
        .co_1h: [0, 50, 100, 350, 600, 900, 1200, 1500], .o3_1h: [0, 160, 200, 300, 400, 800, 1000, 1200],
        .o3_8h: [0, 100, 160, 215, 265, 800], .pm25_24h: [0, 35, 75, 115, 150, 250, 350, 500],
    ]
    static func table(_ edition: AQIEdition) -> [IAQIColumn: [Int]] {
        guard edition == .hj633_2026 else { return table2012 }
        var table = table2012
        table[.pm25_24h]![2] = 60
        table[.pm10_24h]![2] = 120
        return table
    }
    static let indexes = [0, 50, 100, 150, 200, 300, 400, 500]

    static let cases: [(IAQIColumn, AQIEdition)] = AQIEdition.allCases.flatMap { edition in IAQIColumn.allCases.map { ($0, edition) } }

    /// At each breakpoint the sub-index is the row's IAQI exactly; one unit above it, the next whole index up.
    @Test(arguments: cases)
    func everyBreakpointBoundary(column: IAQIColumn, edition: AQIEdition) {
        let breakpoints = Self.table(edition)[column]!
        for (row, concentration) in breakpoints.enumerated() {
            #expect(
                IAQI.subIndex(column, rounded: concentration, edition: edition) == .value(Self.indexes[row]),
                "\(column) \(edition) at \(concentration)")
            guard row + 1 < breakpoints.count else { continue }
            let rise = Self.indexes[row + 1] - Self.indexes[row]
            let run = breakpoints[row + 1] - breakpoints[row]
            let step = (rise + run - 1) / run
            #expect(
                IAQI.subIndex(column, rounded: concentration + 1, edition: edition) == .value(Self.indexes[row] + step),
                "\(column) \(edition) at \(concentration + 1)")
        }
    }

    @Test(arguments: AQIEdition.allCases)
    func beyondTheTable(edition: AQIEdition) {
        // Never extrapolated: 爆表 (shown as 500).
        #expect(IAQI.subIndex(.pm25_24h, rounded: 501, edition: edition) == .beyondTable)
        #expect(IAQI.subIndex(.co_1h, rounded: 1501, edition: edition) == .beyondTable)
        // Where a column ends early the editions differ.
        #expect(IAQI.subIndex(.so2_1h, rounded: 801, edition: edition) == (edition == .hj633_2012 ? .notCalculated : .value(200)))
        #expect(IAQI.subIndex(.o3_8h, rounded: 801, edition: edition) == (edition == .hj633_2012 ? .notCalculated : .value(300)))
    }

    /// standards.md §1.8.
    @Test func workedExamples() throws {
        let daily = try AQICalculator.daily(
            AQICalculator.DailyInput(so2: 15, no2: 45, pm10: 120, co: 1.2, o3MaximumEightHour: 140, pm25: 80), edition: .hj633_2012)
        #expect(daily.subIndexes == [.pm25: .value(107), .pm10: .value(85), .so2: .value(15), .no2: .value(57), .co: .value(30), .o3: .value(84)])
        #expect(daily.aqi == 107)
        #expect(daily.level?.levelZh == "三级")
        #expect(daily.level?.categoryZh == "轻度污染")
        #expect(daily.primaryPollutants == [.pm25])
        #expect(daily.pollutantsOverLimit == [.pm25])
        let hourly = try AQICalculator.hourly(
            AQICalculator.HourlyInput(so2: 30, no2: 120, pm10: 90, co: 0.9, o3: 230, pm25: 60), edition: .hj633_2012)
        #expect(hourly.subIndexes == [.pm25: .value(82), .pm10: .value(70), .so2: .value(10), .no2: .value(60), .co: .value(9), .o3: .value(115)])
        #expect(hourly.aqi == 115)
        #expect(hourly.primaryPollutants == [.o3])
        // The 2026 PM2.5 change: 75 µg/m³ is 100 under 2012 and 114 under 2026 (§1.9).
        #expect(IAQI.subIndex(.pm25_24h, rounded: 75, edition: .hj633_2012) == .value(100))
        #expect(IAQI.subIndex(.pm25_24h, rounded: 75, edition: .hj633_2026) == .value(114))
        #expect(try AQICalculator.daily(AQICalculator.DailyInput(pm25: 75), edition: .hj633_2026).pollutantsOverLimit.isEmpty)
    }

    /// Exact arithmetic: CO 4.9 mg/m³ is IAQI 49 (a binary `ceil(50 * 4.9 / 5)` gives 50); inputs are rounded half
    /// to even (GB/T 8170) from the decimal they were written as.
    @Test func exactRounding() throws {
        #expect(try AQICalculator.hourly(AQICalculator.HourlyInput(co: 4.9), edition: .hj633_2012).aqi == 49)
        #expect(ExactDecimal(0.45)!.rounded(toDecimals: 1) == 4)
        #expect(ExactDecimal(0.55)!.rounded(toDecimals: 1) == 6)
        #expect(ExactDecimal(62.5)!.rounded(toDecimals: 0) == 62)
        #expect(ExactDecimal(63.5)!.rounded(toDecimals: 0) == 64)
        #expect(ExactDecimal(62.51)!.rounded(toDecimals: 0) == 63)
        #expect(ExactDecimal(1e-05)!.rounded(toDecimals: 1) == 0)
        #expect(ExactDecimal(1.5e3)!.rounded(toDecimals: 0) == 1500)
        #expect(ExactDecimal(parsing: "12.") != nil)
        #expect(ExactDecimal(parsing: "1.2.3") == nil)
        #expect(ExactDecimal(Double.nan) == nil)
    }

    @Test func levelsTiesAndMissing() throws {
        #expect([0, 50, 51, 100, 101, 150, 151, 200, 201, 300, 301, 500].map { AQILevel.of(aqi: $0).level } == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6])
        #expect(AQILevel.of(aqi: 301).colourHex == "#7E0023")
        // Ties: every pollutant at the AQI is primary; none at or below 50.
        let tie = try AQICalculator.hourly(AQICalculator.HourlyInput(pm10: 150, pm25: 75), edition: .hj633_2012)
        #expect(tie.aqi == 100)
        #expect(tie.primaryPollutants == [.pm10, .pm25])
        #expect(try AQICalculator.hourly(AQICalculator.HourlyInput(pm25: 35), edition: .hj633_2012).primaryPollutants.isEmpty)
        #expect(try AQICalculator.hourly(AQICalculator.HourlyInput(), edition: .hj633_2012).aqi == nil)
        // Beyond the table: 500, marked.
        let smog = try AQICalculator.hourly(AQICalculator.HourlyInput(pm25: 620), edition: .hj633_2012)
        #expect(smog.aqi == 500 && smog.beyondTable && smog.primaryPollutants == [.pm25])
        // SO2 above 800 µg/m³ in an hour: left out under 2012 (as CNEMC publishes), 200 under 2026.
        let so2 = AQICalculator.HourlyInput(so2: 819, co: 9.9)
        #expect(try AQICalculator.hourly(so2, edition: .hj633_2012).aqi == 99)
        #expect(try AQICalculator.hourly(so2, edition: .hj633_2026).aqi == 200)
        // O3 8 h above 800: from the 1-hour maximum under 2012, 300 under 2026.
        let o3 = AQICalculator.DailyInput(o3MaximumEightHour: 850, o3MaximumOneHour: 900)
        #expect(try AQICalculator.daily(o3, edition: .hj633_2012).aqi == 350)
        #expect(try AQICalculator.daily(o3, edition: .hj633_2026).aqi == 300)
    }

    @Test func badInputIsRefusedWithItsReason() {
        #expect(throws: AQIInputError(pollutant: .pm25, value: -3, reason: "is negative")) {
            try AQICalculator.hourly(AQICalculator.HourlyInput(pm25: -3), edition: .hj633_2012)
        }
        #expect(throws: AQIInputError.self) { try AQICalculator.hourly(AQICalculator.HourlyInput(co: .infinity), edition: .hj633_2012) }
    }

    @Test func editionInForceByDate() {
        #expect(AQIEdition.inForce(at: CivilDateTime(year: 2026, month: 2, day: 28, hour: 23).timestamp) == .hj633_2012)
        #expect(AQIEdition.inForce(at: CivilDateTime(year: 2026, month: 3, day: 1).timestamp) == .hj633_2026)
    }
}
