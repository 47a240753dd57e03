import QingshanCore
import Testing

@Suite struct GB3838Tests {
    static func d(_ text: String) -> ExactDecimal { ExactDecimal(parsing: text)! }

    /// 表1 transcribed again from the standard (river TP), limits of classes Ⅰ–Ⅴ.
    static let limits: [(GB3838.Item, [String])] = [
        (.permanganateIndex, ["2", "4", "6", "10", "15"]), (.cod, ["15", "15", "20", "30", "40"]), (.bod5, ["3", "3", "4", "6", "10"]),
        (.ammonia, ["0.15", "0.5", "1.0", "1.5", "2.0"]), (.totalPhosphorus, ["0.02", "0.1", "0.2", "0.3", "0.4"]),
        (.totalNitrogen, ["0.2", "0.5", "1.0", "1.5", "2.0"]), (.copper, ["0.01", "1.0", "1.0", "1.0", "1.0"]),
        (.zinc, ["0.05", "1.0", "1.0", "2.0", "2.0"]), (.fluoride, ["1.0", "1.0", "1.0", "1.5", "1.5"]),
        (.selenium, ["0.01", "0.01", "0.01", "0.02", "0.02"]), (.arsenic, ["0.05", "0.05", "0.05", "0.1", "0.1"]),
        (.mercury, ["0.00005", "0.00005", "0.0001", "0.001", "0.001"]), (.cadmium, ["0.001", "0.005", "0.005", "0.005", "0.01"]),
        (.chromiumVI, ["0.01", "0.05", "0.05", "0.05", "0.1"]), (.lead, ["0.01", "0.01", "0.05", "0.05", "0.1"]),
        (.cyanide, ["0.005", "0.05", "0.2", "0.2", "0.2"]), (.volatilePhenol, ["0.002", "0.002", "0.005", "0.01", "0.1"]),
        (.petroleum, ["0.05", "0.05", "0.05", "0.5", "1.0"]), (.anionicSurfactant, ["0.2", "0.2", "0.2", "0.3", "0.3"]),
        (.sulfide, ["0.05", "0.1", "0.2", "0.5", "1.0"]), (.faecalColiforms, ["200", "2000", "10000", "20000", "40000"]),
    ]

    /// At each limit the value is in the best class that limit belongs to; a hair above the Ⅴ limit is 劣Ⅴ.
    @Test(arguments: limits.map(\.0))
    func everyLimit(item: GB3838.Item) {
        let limits = Self.limits.first { $0.0 == item }!.1
        for limit in limits {
            let best = limits.firstIndex(of: limit)!  // equal limits share the better class
            #expect(GB3838.waterClass(item, Self.d(limit)) == GB3838.WaterClass(rawValue: best + 1)!, "\(item) at \(limit)")
        }
        let overV = ExactDecimal(units: Self.d(limits[4]).units * 10 + 1, scale: Self.d(limits[4]).scale + 1)
        #expect(GB3838.waterClass(item, overV) == .worseThanV, "\(item) above \(limits[4])")
    }

    @Test func oxygenPHAndLakePhosphorus() {
        // DO must be at least the limit.
        #expect(GB3838.waterClass(.dissolvedOxygen, Self.d("7.5")) == .i)
        #expect(GB3838.waterClass(.dissolvedOxygen, Self.d("7.49")) == .ii)
        #expect(GB3838.waterClass(.dissolvedOxygen, Self.d("5")) == .iii)
        #expect(GB3838.waterClass(.dissolvedOxygen, Self.d("1.99")) == .worseThanV)
        #expect(GB3838.waterClass(.ph, Self.d("6")) == .i)
        #expect(GB3838.waterClass(.ph, Self.d("9.0")) == .i)
        #expect(GB3838.waterClass(.ph, Self.d("9.01")) == .worseThanV)
        #expect(GB3838.waterClass(.ph, Self.d("5.99")) == .worseThanV)
        // TP 0.05 mg/L: class Ⅱ in a river, Ⅲ in a lake.
        #expect(GB3838.waterClass(.totalPhosphorus, Self.d("0.05"), waterbody: .river) == .ii)
        #expect(GB3838.waterClass(.totalPhosphorus, Self.d("0.05"), waterbody: .lake) == .iii)
        // Exact: 1.0 and 1 are the same limit.
        #expect(Self.d("1.0") == Self.d("1"))
        #expect(GB3838.waterClass(.ammonia, Self.d("1")) == .iii)
    }

    @Test func sectionIsItsWorstEvaluatedItem() throws {
        let result = try #require(
            GB3838.section([
                .dissolvedOxygen: Self.d("6.2"), .permanganateIndex: Self.d("5.1"), .ammonia: Self.d("1.8"), .totalPhosphorus: Self.d("0.45"),
                .cod: Self.d("32"), .totalNitrogen: Self.d("9.9"), .ph: Self.d("8.1"),
            ]))
        // TN is classed (劣Ⅴ) but does not decide; TP 0.45 (劣Ⅴ) does.
        #expect(result.itemClasses[.totalNitrogen] == .worseThanV)
        #expect(result.waterClass == .worseThanV)
        #expect(result.waterClass.nameZh == "劣Ⅴ类")
        #expect(result.waterClass.conditionZh == "重度污染")
        // Both class Ⅴ: NH3-N exceeds its class-Ⅲ limit 0.8 times, COD 0.6 times.
        #expect(result.mainPollutants == [.totalPhosphorus, .ammonia, .cod])
        #expect(GB3838.exceedanceMultiple(.totalPhosphorus, 0.45)! > 1.249 && GB3838.exceedanceMultiple(.totalPhosphorus, 0.45)! < 1.251)
        #expect(GB3838.exceedanceMultiple(.ammonia, 0.9) == nil)
        #expect(GB3838.exceedanceMultiple(.dissolvedOxygen, 1) == nil)
        #expect(GB3838.section([.totalNitrogen: Self.d("1")]) == nil)
    }
}

@Suite struct SurfaceWaterAssessmentTests {
    static func d(_ text: String) -> ExactDecimal { ExactDecimal(parsing: text)! }

    /// 断面水质类别比例法 at its boundaries.
    @Test(arguments: [
        (90, 0, "优"), (89, 0, "良好"), (75, 10, "良好"), (74, 19, "轻度污染"), (74, 20, "中度污染"), (50, 39, "中度污染"), (50, 40, "重度污染"),
    ])
    func condition(shareIToIII: Int, shareWorseThanV: Int, expected: String) {
        #expect(
            SurfaceWaterAssessment.condition(
                shareIToIII: ExactFraction(shareIToIII, 1), shareWorseThanV: ExactFraction(shareWorseThanV, 1)) == expected)
    }

    /// A section's period means (rounded to the samples' decimals) give its class; its target is met or not.
    @Test func sectionFromSamples() throws {
        let section = SurfaceWaterAssessment.section(
            code: "S", waterbody: .river, target: .iii,
            samples: [.ammonia: ["0.9", "1.2", "1.05"].map(Self.d), .dissolvedOxygen: ["6.1", "5.9"].map(Self.d)])
        // NH3-N (0.9 + 1.2 + 1.05) / 3 = 1.05 → Ⅳ (≤ 1.5); DO 6.0 → Ⅱ.
        #expect(section.means[.ammonia] == Self.d("1.05"))
        #expect(section.means[.dissolvedOxygen] == Self.d("6.0"))
        #expect(section.samples[.ammonia] == 3)
        #expect(section.result?.waterClass == .iv)
        #expect(section.attained == false)
        #expect(SurfaceWaterAssessment.section(code: "E", waterbody: .river, target: .iii, samples: [:]).attained == nil)
    }

    /// Five or more sections: shares decide; fewer: the class of the items averaged over the sections.
    @Test func summaries() throws {
        func section(_ ammonia: String, target: GB3838.WaterClass? = nil) -> SurfaceWaterAssessment.Section {
            SurfaceWaterAssessment.section(code: ammonia, waterbody: .river, target: target, samples: [.ammonia: [Self.d(ammonia)]])
        }
        // Ⅱ, Ⅲ, Ⅲ, Ⅳ, 劣Ⅴ: Ⅰ–Ⅲ 60 %, 劣Ⅴ 20 % → 中度污染.
        let five = SurfaceWaterAssessment.summary([
            section("0.4", target: .iii), section("0.9"), section("1.0"), section("1.2"), section("2.5", target: .v),
        ])
        #expect(five.classified == 5)
        #expect(five.sectionsPerClass == [0, 1, 2, 1, 0, 1])
        #expect(five.shareIToIII == ExactFraction(60, 1))
        #expect(five.shareWorseThanV == ExactFraction(20, 1))
        #expect(five.conditionZh == "中度污染")
        #expect(five.withTarget == 2)
        #expect(five.attained == 1)
        // Two sections, NH3-N 0.4 and 2.5: mean 1.45 → Ⅳ → 轻度污染 (not the share rule).
        let two = SurfaceWaterAssessment.summary([section("0.4"), section("2.5")])
        #expect(two.conditionZh == "轻度污染")
        #expect(SurfaceWaterAssessment.summary([]).conditionZh == nil)
        #expect(GB3838.WaterClass(name: "Ⅲ类") == .iii)
        #expect(GB3838.WaterClass(name: "iv") == .iv)
        #expect(GB3838.WaterClass(name: "6") == nil)
    }
}
