import QingshanCore
import Testing

@Suite struct GBT14848Tests {
    static func d(_ text: String) -> ExactDecimal { ExactDecimal(parsing: text)! }

    /// Boundaries of 表1, with 从优不从劣 where adjacent classes share a limit (Mn Ⅰ=Ⅱ, LAS Ⅲ=Ⅳ, fluoride Ⅰ–Ⅲ).
    @Test(arguments: [
        (GBT14848.Indicator.manganese, "0.05", GBT14848.GroundwaterClass.i), (.manganese, "0.06", .iii), (.manganese, "0.10", .iii),
        (.manganese, "0.11", .iv), (.manganese, "1.50", .iv), (.manganese, "1.51", .v),
        (.ph, "6.5", .i), (.ph, "8.5", .i), (.ph, "6.49", .iv), (.ph, "5.5", .iv), (.ph, "5.49", .v), (.ph, "8.51", .iv),
        (.ph, "9.0", .iv), (.ph, "9.01", .v),
        (.anionicSurfactant, "0", .i), (.anionicSurfactant, "0.01", .ii), (.anionicSurfactant, "0.3", .iii), (.anionicSurfactant, "0.31", .v),
        (.fluoride, "1.0", .i), (.fluoride, "1.01", .iv), (.fluoride, "2.01", .v),
        (.ammonia, "0.02", .i), (.ammonia, "0.021", .ii), (.ammonia, "0.5", .iii), (.ammonia, "1.5", .iv), (.ammonia, "1.6", .v),
        (.totalColiforms, "3.0", .i), (.totalColiforms, "100", .iv), (.hardness, "450", .iii), (.hardness, "650.1", .v),
        (.mercury, "0.0001", .i), (.mercury, "0.001", .iii), (.lead, "0.005", .i), (.cadmium, "0.0005", .ii),
    ])
    func indicatorClass(indicator: GBT14848.Indicator, value: String, expected: GBT14848.GroundwaterClass) {
        #expect(GBT14848.groundwaterClass(indicator, Self.d(value)) == expected)
    }

    /// 6.3: the sample takes its worst indicator's class; the indicators at that class decide it.
    @Test func sampleTakesTheWorstIndicator() throws {
        let result = try #require(GBT14848.sample([.manganese: Self.d("0.2"), .ammonia: Self.d("0.6"), .fluoride: Self.d("0.5")]))
        #expect(result.groundwaterClass == .iv)
        #expect(result.decisive == [.manganese, .ammonia])
        #expect(result.indicatorClasses[.fluoride] == .i)
        #expect(GBT14848.exceedanceMultiple(.ammonia, Self.d("0.6")) == ExactFraction(1, 5))
        #expect(GBT14848.exceedanceMultiple(.ammonia, Self.d("0.5")) == nil)
        #expect(GBT14848.exceedanceMultiple(.ph, Self.d("9.5")) == nil)
        #expect(GBT14848.sample([:]) == nil)
        #expect(GBT14848.GroundwaterClass.v.nameZh == "Ⅴ类")
    }
}

@Suite struct GB3096Tests {
    @Test(arguments: [
        (GB3096.ZoneClass.zero, 50, 40), (.one, 55, 45), (.two, 60, 50), (.three, 65, 55), (.fourA, 70, 55), (.fourB, 70, 60),
    ])
    func limits(zone: GB3096.ZoneClass, day: Int, night: Int) {
        #expect(GB3096.limit(zone, .day) == day)
        #expect(GB3096.limit(zone, .night) == night)
    }

    @Test(arguments: [(0, GB3096.Period.night), (5, .night), (6, .day), (21, .day), (22, .night), (23, .night)])
    func periods(hour: Int, period: GB3096.Period) {
        #expect(GB3096.Period(hourStartingAt: hour) == period)
    }

    /// Equal levels average to themselves; 50 and 60 dB(A) give 10·lg((10⁵ + 10⁶)/2) = 57.40.
    @Test func energyMean() throws {
        #expect(abs(try #require(GB3096.energyMean([60, 60, 60])) - 60) < 1e-12)
        #expect(abs(try #require(GB3096.energyMean([50, 60])) - 57.4036) < 1e-4)
        #expect(GB3096.energyMean([]) == nil)
    }

    /// Compared after rounding to 0.1 dB(A): 50.05 rounds to 50.0 (half to even) and meets a night limit of 50.
    @Test(arguments: [(50.04, nil as String?), (50.05, nil), (50.06, "0.1"), (52.35, "2.4"), (49.9, nil)])
    func judgement(leq: Double, exceedance: String?) throws {
        let judgement = try #require(GB3096.judge(leq: leq, zone: .two, period: .night))
        #expect(judgement.limit == 50)
        #expect(judgement.exceedance == exceedance.map { ExactDecimal(parsing: $0)! })
    }
}

@Suite struct FlueGasTests {
    static func d(_ text: String) -> ExactDecimal { ExactDecimal(parsing: text)! }

    /// standards.md §9.1: 25 mg/m³ at 8 % O2 → 28.85 at 6 %; 30 at 10 % → 40.91.
    @Test(arguments: [("25", "8", "6", "28.85"), ("30", "10", "6", "40.91"), ("30", "6", "6", "30.00"), ("50", "9.5", "3", "78.26")])
    func referenceOxygen(measured: String, oxygen: String, reference: String, expected: String) throws {
        let converted = try FlueGas.referenceOxygenConcentration(
            measured: Self.d(measured), oxygen: Self.d(oxygen), referenceOxygen: Self.d(reference))
        #expect(converted.rounded(toDecimals: 2) == Self.d(expected))
    }

    @Test func badInputIsRefused() {
        #expect(throws: FlueGas.InputError.oxygenOutOfRange("measured O2 21.0")) {
            try FlueGas.referenceOxygenConcentration(measured: Self.d("10"), oxygen: Self.d("21"), referenceOxygen: Self.d("6"))
        }
        #expect(throws: FlueGas.InputError.negative("concentration -1.0")) {
            try FlueGas.referenceOxygenConcentration(measured: Self.d("-1"), oxygen: Self.d("8"), referenceOxygen: Self.d("6"))
        }
        #expect(throws: FlueGas.InputError.negative("flow -5.0")) { try FlueGas.emissionRate(concentration: Self.d("1"), flow: Self.d("-5")) }
    }

    /// 28.85 mg/m³ × 500,000 m³/h = 14.425 kg/h; a year of it is 126.363 t, 5.3 % over a 120 t permit.
    @Test func rateAndLoadAgainstThePermit() throws {
        let rate = try FlueGas.emissionRate(concentration: Self.d("28.85"), flow: Self.d("500000"))
        #expect(rate == ExactFraction(14425, 1000))
        let load = FlueGas.load(hourlyRates: Array(repeating: rate, count: 8760), permittedTonnes: Self.d("120"))
        #expect(load.tonnes.rounded(toDecimals: 3) == Self.d("126.363"))
        #expect(try #require(load.shareOfPermit).rounded(toDecimals: 3) == Self.d("1.053"))
        #expect(load.exceedsPermit == true)
        #expect(FlueGas.load(hourlyRates: [rate]).shareOfPermit == nil)
    }
}
