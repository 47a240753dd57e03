import QingshanCore
import Testing

/// Every rule and screening check on hourly data where it must fire and data where it must not, flagged hours
/// included, with the evidence asserted.
@Suite struct AlarmScreeningTests {
    /// 2026-03-02 12:00 Beijing: the hour judged.
    static let hour = CivilDateTime(year: 2026, month: 3, day: 2, hour: 12).timestamp
    static let stack = Site(code: "E01-G1", nameZh: "一号锅炉烟囱", kind: .sourceGas, enterpriseCode: "E01")
    static let outfall = Site(code: "E04-W1", nameZh: "废水总排口", kind: .sourceWater, enterpriseCode: "E04")
    static let station = Site(code: "2195A", nameZh: "附二中", kind: .air, regionCode: "150802")
    static let section = Site(code: "HH-CJ", nameZh: "黄河出境断面", kind: .surfaceWater, attributes: ["target_class": "Ⅲ类"])

    /// Ultra-low SO2 (35 mg/m³ at 6 % O2, hourly) and a daily COD limit of 100 mg/L.
    static let permit = Permit(
        siteCode: "E01-G1",
        limits: EmissionLimitTable.limits(standard: "GB 13223-2011", table: "超低排放 燃煤机组") + [
            PermitLimit(parameter: "w01018", limit: 100, unit: "mg/L", averaging: .day, standard: "GB 8978-1996", table: "表4 一级")
        ])

    /// Hourly values: (hours before the judged hour, parameter, value, flag).
    static func values(_ site: Site, _ rows: [(Int, String, Double, String)]) -> [Observation] {
        rows.map { back, parameter, value, flag in
            Observation(
                siteCode: site.code, parameterCode: parameter, interval: .hour,
                periodStart: hour.adding(milliseconds: -Int64(back) * Timestamp.millisecondsPerHour), value: value, flag: flag, source: "test")
        }
    }

    static func screen(
        _ site: Site, _ rows: [(Int, String, Double, String)], permit: Permit? = permit, rules: AlarmRules = AlarmRules()
    ) -> AlarmScreening.Outcome {
        AlarmScreening.screen(input(site, rows, permit: permit, rules: rules))
    }

    static func input(
        _ site: Site, _ rows: [(Int, String, Double, String)], permit: Permit? = permit, rules: AlarmRules = AlarmRules()
    ) -> AlarmScreening.Input {
        AlarmScreening.Input(
            site: site, hour: hour, values: values(site, rows), permit: site.code == permit?.siteCode ? permit : nil,
            catalogue: .standard, rules: rules)
    }

    static func findings(_ outcome: AlarmScreening.Outcome, _ check: String) -> [AlarmFinding] {
        outcome.findings.filter { $0.check == check }
    }

    // MARK: Exceedance

    /// The hourly converted SO2 against 35: equal is not over; over is major; twice the limit is critical; a
    /// flagged hour is neither an exceedance nor a normal hour.
    @Test(arguments: [
        (35.0, "N", nil as AlarmSeverity?, true), (35.001, "N", .major, false), (36, "T", .major, false), (70, "N", .critical, false),
        (80, "M", nil, false), (80, "F", nil, false), (80, "C", nil, false), (80, "D", nil, false), (80, "S", nil, false),
    ])
    func hourlyConvertedLimit(value: Double, flag: String, severity: AlarmSeverity?, normal: Bool) throws {
        let outcome = Self.screen(Self.stack, [(0, "a21026_zs", value, flag), (0, "a00000", 50_000, "N")])
        let found = Self.findings(outcome, "hour_limit")
        #expect(found.first?.severity == severity)
        #expect(outcome.normal.contains { $0.check == "hour_limit" } == normal)
        if let finding = found.first {
            #expect(finding.type == .exceedance && finding.parameterCode == "a21026")
            #expect(finding.evidence.observed == value && finding.evidence.limit == 35 && finding.evidence.unit == "mg/m³")
            #expect(finding.evidence.rule.contains("GB 13223-2011") && finding.evidence.rule.contains("基准氧含量 6%"))
            #expect(finding.evidence.values.first?.parameter == "a21026_zs")
        }
    }

    /// Without a reported converted value, the measured value is converted with the hour's O2 (HJ 75):
    /// 30 × (21 − 6) / (21 − 9.5) = 39.130 > 35; at 4 % O2 it is 26.47, within the limit.
    @Test func measuredValueIsConvertedWithTheHoursOxygen() throws {
        let over = Self.screen(Self.stack, [(0, "a21026", 30, "N"), (0, "a19001", 9.5, "N")])
        let finding = try #require(Self.findings(over, "hour_limit").first)
        #expect(finding.evidence.observed == 39.13)
        #expect(Set(finding.evidence.values.map(\.parameter)) == ["a21026", "a19001"])
        let within = Self.screen(Self.stack, [(0, "a21026", 30, "N"), (0, "a19001", 4, "N")])
        #expect(Self.findings(within, "hour_limit").isEmpty)
        // A flagged O2 hour makes the converted value unjudged.
        #expect(Self.findings(Self.screen(Self.stack, [(0, "a21026", 30, "N"), (0, "a19001", 9.5, "C")]), "hour_limit").isEmpty)
    }

    /// The daily COD mean of the judged hour's day, once 20 hours are valid; maintenance hours counted, not judged.
    @Test(arguments: [
        (20, 0, 101.0, true), (20, 0, 100.0, false), (19, 5, 150.0, false), (22, 2, 100.5, true),
    ])
    func dailyMeanLimit(validHours: Int, maintenanceHours: Int, value: Double, fires: Bool) throws {
        let dayStart = CivilDateTime.dayStart(of: Self.hour)
        var rows: [(Int, String, Double, String)] = []
        for index in 0..<(validHours + maintenanceHours) {
            let start = dayStart.adding(milliseconds: Int64(index) * Timestamp.millisecondsPerHour)
            let back = Int((Self.hour.millisecondsSinceEpoch - start.millisecondsSinceEpoch) / Timestamp.millisecondsPerHour)
            rows.append((back, "w01018", index < validHours ? value : 400, index < validHours ? "N" : "M"))
        }
        let outcome = Self.screen(Self.stack, rows)
        let found = Self.findings(outcome, "day_limit")
        #expect(found.count == (fires ? 1 : 0))
        if let finding = found.first {
            #expect(finding.evidence.observed == value)
            #expect(finding.evidence.flaggedHours == maintenanceHours)
            #expect(finding.evidence.from == dayStart)
            #expect(finding.summary.contains("有效 \(validHours) 小时"))
        }
        #expect(outcome.normal.contains { $0.check == "day_limit" } == (!fires && validHours >= 20))
    }

    /// A permit outside its validity dates judges nothing.
    @Test func expiredPermitJudgesNothing() {
        var expired = Self.permit
        expired.validTo = "2026-03-01"
        #expect(Self.screen(Self.stack, [(0, "a21026_zs", 80, "N")], permit: expired).findings.isEmpty)
        expired.validTo = "2026-03-02"
        #expect(!Self.screen(Self.stack, [(0, "a21026_zs", 80, "N")], permit: expired).findings.isEmpty)
    }

    // MARK: Ambient

    /// PM2.5 160 µg/m³ (IAQI 210, 重度污染) fires at the default level 4; PM2.5 100 (IAQI 132) is normal; a site
    /// override to level 6 silences the first.
    @Test func airStationAQILevel() throws {
        let gases: [(Int, String, Double, String)] = [(0, "a21026", 10, "N"), (0, "a21004", 30, "N"), (0, "a05024", 60, "N")]
        let heavy = Self.screen(Self.station, gases + [(0, "a34004", 160, "N")])
        let finding = try #require(Self.findings(heavy, "aqi_level").first)
        #expect(finding.evidence.observed == 210 && finding.evidence.limit == 151 && finding.severity == .major)
        #expect(finding.summary.contains("重度污染"))
        #expect(finding.evidence.values.first?.parameter == "a34004", "the primary pollutant first")
        let moderate = Self.screen(Self.station, gases + [(0, "a34004", 100, "N")])
        #expect(moderate.findings.isEmpty && moderate.normal.contains { $0.type == .aqiLevel })
        let (rules, problems) = AlarmRules().applying(attributes: ["alarm_aqi_level": "6"])
        #expect(problems.isEmpty)
        #expect(Self.screen(Self.station, gases + [(0, "a34004", 160, "N")], rules: rules).findings.isEmpty)
        #expect(!AlarmRules().applying(attributes: ["alarm_aqi_level": "nine"]).problems.isEmpty)
        #expect(!AlarmRules().applying(attributes: ["alarm_aqi_level": "9"]).problems.isEmpty)
    }

    /// NH3-N 1.2 mg/L is class Ⅳ against target Ⅲ; 0.9 meets it; a section without a target is not judged.
    @Test func sectionWorseThanItsTarget() throws {
        let worse = try #require(Self.findings(Self.screen(Self.section, [(0, "w21003", 1.2, "N"), (0, "w01009", 7, "N")]), "water_class").first)
        #expect(worse.evidence.observed == 4 && worse.evidence.limit == 3)
        #expect(worse.summary.contains("Ⅳ类") && worse.summary.contains("氨氮"))
        #expect(Self.screen(Self.section, [(0, "w21003", 0.9, "N")]).normal.contains { $0.type == .waterClass })
        var untargeted = Self.section
        untargeted.attributes = [:]
        #expect(Self.screen(untargeted, [(0, "w21003", 3, "N")]).findings.isEmpty)
    }

    /// The day before the judged hour's: 24 valid SO2 hours are 100 %; 20 valid and 3 in maintenance are 20/24 =
    /// 83.3 % < 90; a factor that sent nothing that day is not judged (the silent-logger rule's case).
    @Test func dailyEffectiveTransmission() throws {
        let yesterday = CivilDateTime.dayStart(of: Self.hour).adding(milliseconds: -Timestamp.millisecondsPerDay)
        func rows(_ parameter: String, valid: Int, maintenance: Int) -> [(Int, String, Double, String)] {
            (0..<(valid + maintenance)).map { index in
                let start = yesterday.adding(milliseconds: Int64(index) * Timestamp.millisecondsPerHour)
                let back = Int((Self.hour.millisecondsSinceEpoch - start.millisecondsSinceEpoch) / Timestamp.millisecondsPerHour)
                return (back, parameter, 20, index < valid ? "N" : "M")
            }
        }
        let full = Self.screen(Self.stack, rows("a21026", valid: 24, maintenance: 0))
        #expect(Self.findings(full, "daily_rate").isEmpty && full.normal.contains { $0.check == "daily_rate" && $0.parameterCode == "a21026" })
        let short = Self.screen(Self.stack, rows("a21026", valid: 20, maintenance: 3))
        let finding = try #require(Self.findings(short, "daily_rate").first)
        #expect(finding.type == .transmission && finding.parameterCode == "a21026")
        #expect(finding.evidence.observed == 83.3 && finding.evidence.limit == 90 && finding.evidence.flaggedHours == 3)
        #expect(finding.evidence.from == yesterday && finding.summary.contains("收到 23 小时，有效 20 小时"))
        // The permit limits PM, SO2 and NOx: PM and NOx sent nothing that day and are not judged.
        #expect(Self.findings(short, "daily_rate").count == 1)
        // Connected at 20:00 that day: 4 hours due. All 4 valid is 100 %; 3 of 4 is 75 %.
        func connectedAt20(valid: Int) -> AlarmScreening.Outcome {
            var input = Self.input(Self.stack, Array(rows("a21026", valid: 24, maintenance: 0).suffix(4).prefix(valid)))
            input.firstHours = ["a21026": yesterday.adding(milliseconds: 20 * Timestamp.millisecondsPerHour)]
            return AlarmScreening.screen(input)
        }
        #expect(Self.findings(connectedAt20(valid: 4), "daily_rate").isEmpty)
        let late = try #require(Self.findings(connectedAt20(valid: 3), "daily_rate").first)
        #expect(late.evidence.observed == 75 && late.summary.contains("收到 3 小时，有效 3 小时，应有 4 小时"))
    }

    /// Rolling 12 months against 120 t/a: 120.5 t is over (major), 150 t (≥ 1.2 ×) critical; 100 t with 20 t in the
    /// last 30 days uses the remaining 20 t in 30 days (a warning naming the day); with 10 t, in 60 days (normal);
    /// no reported amounts, nothing judged.
    @Test(arguments: [
        (120_500.0, 10_000.0, "rolling_12_months", AlarmSeverity.major as AlarmSeverity?), (150_000, 10_000, "rolling_12_months", .critical),
        (100_000, 20_000, "projection", .warning), (100_000, 10_000, "", nil),
    ])
    func permittedLoad(rolling: Double, recent: Double, check: String, severity: AlarmSeverity?) {
        let result = PermittedLoad.judge(
            siteCode: "E01-G1", parameter: "a21026", name: "二氧化硫", permittedTonnes: 120,
            emissions: PermittedLoad.Emissions(rollingKilograms: rolling, rollingHours: 8_000, recentKilograms: recent), at: Self.hour)
        #expect(result.findings.map(\.check) == (check.isEmpty ? [] : [check]))
        #expect(result.findings.first?.severity == severity)
        #expect(result.findings.first?.evidence.observed == (check.isEmpty ? nil : rolling / 1000))
        #expect(result.normal.count == (check.isEmpty ? 2 : 1))
        if check == "projection" { #expect(result.findings.first?.summary.contains("约 30 天后（2026-04-01）用完") == true) }
        let silent = PermittedLoad.judge(
            siteCode: "E01-G1", parameter: "a21026", name: "二氧化硫", permittedTonnes: 120,
            emissions: PermittedLoad.Emissions(rollingKilograms: 0, rollingHours: 0, recentKilograms: 0), at: Self.hour)
        #expect(silent.findings.isEmpty && silent.normal.isEmpty)
    }

    // MARK: Data quality

    static let running: [(Int, String, Double, String)] = (0..<24).map { ($0, "a00000", 40_000 + Double($0 % 2) * 40_000, "N") }

    /// The same SO2 for 6 running hours is a lead; 5 hours, a calibration hour inside or a stopped hour is not.
    @Test func constantValues() throws {
        let six = (0..<6).map { ($0, "a21026", 12.5, "N") }
        let finding = try #require(Self.findings(Self.screen(Self.stack, Self.running + six), "constant").first)
        #expect(finding.type == .dataQuality && finding.evidence.values.count == 6)
        #expect(finding.evidence.from == Self.hour.adding(milliseconds: -5 * Timestamp.millisecondsPerHour))
        #expect(Self.findings(Self.screen(Self.stack, Self.running + Array(six.prefix(5)) + [(5, "a21026", 13, "N")]), "constant").isEmpty)
        var calibrated = six
        calibrated[3].3 = "C"
        #expect(Self.findings(Self.screen(Self.stack, Self.running + calibrated), "constant").isEmpty)
        var stopped = Self.running
        stopped[2].2 = 0
        #expect(Self.findings(Self.screen(Self.stack, stopped + six), "constant").isEmpty)
        // Water sources repeat their analyser's value for hours: their run is 24 hours.
        let waterSix = (0..<6).map { ($0, "w01018", 40.0, "N") } + (0..<6).map { ($0, "w00000", 3.0, "N") }
        let waterRules = AlarmRules().adjusted(for: .sourceWater)
        #expect(waterRules.constantHours == 24)
        #expect(Self.findings(Self.screen(Self.outfall, waterSix, rules: waterRules), "constant").isEmpty)
    }

    @Test func zeroWhileRunning() throws {
        let finding = try #require(Self.findings(Self.screen(Self.stack, Self.running + [(0, "a21026", 0, "N")]), "zero_while_running").first)
        #expect(finding.evidence.values.map(\.parameter) == ["a21026", "a00000"])
        #expect(Self.findings(Self.screen(Self.stack, [(0, "a21026", 0, "N"), (0, "a00000", 0, "N")]), "zero_while_running").isEmpty)
        #expect(Self.findings(Self.screen(Self.stack, Self.running + [(0, "a21026", 0, "F")]), "zero_while_running").isEmpty)
    }

    /// O2 20.5 % with flow is a dilution lead; 18.9 % or a stopped stack is not.
    @Test(arguments: [(20.5, 60_000.0, true), (19.0, 60_000, true), (18.9, 60_000, false), (20.5, 0, false)])
    func dilution(oxygen: Double, flow: Double, fires: Bool) {
        let found = Self.findings(Self.screen(Self.stack, [(0, "a19001", oxygen, "N"), (0, "a00000", flow, "N")]), "dilution")
        #expect(found.count == (fires ? 1 : 0))
        #expect(found.first?.severity == (fires ? .major : nil))
    }

    /// A reported converted SO2 of 30 where 30 mg/m³ at 9.5 % O2 gives 39.13 at 6 %: more than 10 % apart.
    @Test(arguments: [(30.0, true), (39.1, false), (35.3, false), (35.1, true)])
    func conversion(reported: Double, fires: Bool) {
        let rows: [(Int, String, Double, String)] = [(0, "a21026", 30, "N"), (0, "a19001", 9.5, "N"), (0, "a21026_zs", reported, "N")]
        let found = Self.findings(Self.screen(Self.stack, rows), "conversion")
        #expect(found.count == (fires ? 1 : 0))
        #expect(found.first?.evidence.limit == (fires ? 39.13 : nil))
    }

    /// 50 before a maintenance hour and 100 after it is a +100 % step; 60 after it (+20 %) is not.
    @Test func stepAfterMaintenance() throws {
        let step = Self.screen(Self.stack, [(2, "a21026", 50, "N"), (1, "a21026", 0, "M"), (0, "a21026", 100, "N")])
        let finding = try #require(Self.findings(step, "step_after_maintenance").first)
        #expect(finding.evidence.observed == 1 && finding.evidence.values.map(\.flag) == ["N", "M", "N"])
        #expect(finding.summary.contains("维护") && finding.summary.contains("+100%"))
        let small = Self.screen(Self.stack, [(2, "a21026", 50, "N"), (1, "a21026", 0, "C"), (0, "a21026", 60, "N")])
        #expect(Self.findings(small, "step_after_maintenance").isEmpty)
    }

    /// An hour's value stored at 12:30 for the hour 12:00–13:00 (30 minutes before it ended) is a clock-ahead
    /// lead; stored at 12:55, or hours late, it is not.
    @Test(arguments: [(30, true), (5, false), (-180, false)])
    func clockAhead(minutesBeforeEnd: Int, fires: Bool) throws {
        let end = Self.hour.adding(milliseconds: Timestamp.millisecondsPerHour)
        let received = end.adding(milliseconds: -Int64(minutesBeforeEnd) * Timestamp.millisecondsPerMinute)
        let value = Observation(
            siteCode: Self.stack.code, parameterCode: "a21026", interval: .hour, periodStart: Self.hour, value: 20, source: "test",
            receivedAt: received)
        let outcome = AlarmScreening.screen(
            AlarmScreening.Input(site: Self.stack, hour: Self.hour, values: [value], permit: nil, catalogue: .standard, rules: AlarmRules()))
        let found = Self.findings(outcome, "clock_ahead")
        #expect(found.count == (fires ? 1 : 0))
        if fires {
            #expect(found.first?.summary == "2026-03-02 12:00 的小时数据在 2026-03-02 12:30 已收到，早于该小时结束 30 分钟")
            #expect(found.first?.evidence.observed == 30)
        }
    }

    /// The hour sent again as 12 and 15 after 10 was stored: one lead with the three values; another hour's resend
    /// is not this hour's.
    @Test func resentWithDifferentValues() throws {
        let later = Self.hour.adding(milliseconds: 3 * Timestamp.millisecondsPerHour)
        var input = AlarmScreening.Input(
            site: Self.stack, hour: Self.hour, values: Self.values(Self.stack, [(0, "a21026", 10, "N")]), permit: nil, catalogue: .standard,
            rules: AlarmRules())
        input.resent =
            [12.0, 15].map {
                ResentValue(
                    parameterCode: "a21026", periodStart: Self.hour, storedValue: 10, storedFlag: "N", sentValue: $0, sentFlag: "N", receivedAt: later
                )
            } + [
                ResentValue(
                    parameterCode: "a21026", periodStart: later, storedValue: 1, storedFlag: "N", sentValue: 2, sentFlag: "N", receivedAt: later)
            ]
        let found = Self.findings(AlarmScreening.screen(input), "resent_changed")
        let finding = try #require(found.first)
        #expect(found.count == 1 && finding.evidence.values.map(\.value) == [10, 12, 15])
        #expect(finding.summary.contains("已存为 10，又上报为 12、15"))
    }

    /// SO2 that hardly moves (20.00 / 20.01) over 24 hours while the flow swings 40,000–80,000 m³/h (coefficient of variation 0.33); real
    /// variation (10–30) is not a lead.
    @Test func flatConcentrationWhileFlowSwings() throws {
        let flat = (0..<24).map { ($0, "a21026", $0 % 2 == 0 ? 20.0 : 20.01, "N") }
        let finding = try #require(Self.findings(Self.screen(Self.stack, Self.running + flat), "flat_with_flow").first)
        #expect(finding.evidence.values.count == 48)
        let varied = (0..<24).map { ($0, "a21026", 10 + Double($0 % 5) * 5, "N") }
        #expect(Self.findings(Self.screen(Self.stack, Self.running + varied), "flat_with_flow").isEmpty)
    }

    /// PM2.5 beyond the catalogue's valid range (0–10,000 µg/m³); a stack's temperature (a process quantity) is
    /// not held to the air's range.
    @Test func outOfRange() throws {
        let finding = try #require(Self.findings(Self.screen(Self.station, [(0, "a34004", 12_000, "N")]), "out_of_range").first)
        #expect(finding.evidence.limit == 10_000 && finding.parameterCode == "a34004")
        #expect(Self.findings(Self.screen(Self.station, [(0, "a34004", -1, "N")]), "out_of_range").first?.evidence.limit == 0)
        #expect(Self.findings(Self.screen(Self.stack, [(0, "a01012", 140, "N")]), "out_of_range").isEmpty)
    }

    /// A check turned off finds nothing.
    @Test func disabledChecks() {
        let rules = AlarmRules(disabled: ["dilution"])
        #expect(Self.screen(Self.stack, [(0, "a19001", 20.5, "N"), (0, "a00000", 60_000, "N")], rules: rules).findings.isEmpty)
        #expect(AlarmRules(disabled: ["nonsense"]).problems().count == 1)
    }

    // MARK: Permits and limits

    @Test func permitProblemsAreSpecific() {
        var permit = Self.permit
        permit.validFrom = "2026-13-01"
        permit.limits.append(PermitLimit(parameter: "a21026", limit: -1, unit: "mg/m³", referenceOxygen: 25, averaging: .hour, standard: ""))
        permit.annualTonnes = ["a21026": 0]
        let problems = permit.problems()
        #expect(problems.contains("validFrom '2026-13-01' is not a date YYYY-MM-DD"))
        #expect(problems.contains { $0.contains("a second hour limit for the same parameter") })
        #expect(problems.contains { $0.contains("limit must be a number above 0") })
        #expect(problems.contains { $0.contains("referenceOxygen must be at least 0 and below 21 %") })
        #expect(problems.contains { $0.contains("standard is empty") })
        #expect(problems.contains("annualTonnes[a21026] must be a number above 0"))
        #expect(Self.permit.problems().isEmpty)
    }

    /// The limit table's rows for a few tables, as the standards print them.
    @Test func emissionLimitTable() {
        let boiler = EmissionLimitTable.limits(standard: "GB 13271-2014", table: "表2 燃煤锅炉")
        #expect(boiler.map(\.limit) == [50, 300, 300] && boiler.allSatisfy { $0.referenceOxygen == 9 && $0.averaging == .hour })
        let ultraLow = EmissionLimitTable.limits(standard: "GB 13223-2011", table: "超低排放 燃煤机组")
        #expect(ultraLow.map(\.limit) == [10, 35, 50] && ultraLow.allSatisfy { $0.referenceOxygen == 6 })
        let plant = EmissionLimitTable.limits(standard: "GB 18918-2002", table: "一级A")
        #expect(plant.first { $0.parameter == "w01018" }?.limit == 50 && plant.allSatisfy { $0.averaging == .day })
        #expect(plant.first { $0.parameter == "w01001" }.map { ($0.minimum, $0.limit) } ?? (nil, 0) == (6, 9))
        #expect(EmissionLimitTable.limits(standard: "GB 16297-1996", table: "表2 其他").allSatisfy { $0.referenceOxygen == nil })
        #expect(EmissionLimitTable.tables(of: "GB 8978-1996") == ["表4 一级", "表4 二级", "表4 三级"])
    }

    /// pH is a range: 5.5 and 9.5 are exceedances of 6–9 on the daily mean.
    @Test(arguments: [(5.5, true), (6.0, false), (9.0, false), (9.5, true)])
    func phRange(value: Double, fires: Bool) {
        let permit = Permit(siteCode: "E04-W1", limits: EmissionLimitTable.limits(standard: "GB 8978-1996", table: "表4 一级"))
        let dayStart = CivilDateTime.dayStart(of: Self.hour)
        let rows = (0..<24).map { index -> (Int, String, Double, String) in
            let start = dayStart.adding(milliseconds: Int64(index) * Timestamp.millisecondsPerHour)
            return (Int((Self.hour.millisecondsSinceEpoch - start.millisecondsSinceEpoch) / Timestamp.millisecondsPerHour), "w01001", value, "N")
        }
        let found = Self.findings(Self.screen(Self.outfall, rows, permit: permit), "day_limit")
        #expect(found.count == (fires ? 1 : 0))
    }
}
