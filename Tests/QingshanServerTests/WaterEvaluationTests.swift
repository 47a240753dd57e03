import Foundation
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import QingshanCore
import QingshanServer
import QingshanStore
import QingshanTestSupport
import Testing

/// Surface-water assessment from stored values of the Bayannur profile's sections, over HTTP.
@Suite struct WaterEvaluationTests {
    static let day = CivilDateTime(year: 2025, month: 7, day: 1)

    static func values(_ site: String, _ parameter: String, _ values: [Double]) -> [Observation] {
        values.enumerated().map { index, value in
            Observation(
                siteCode: site, parameterCode: parameter, interval: .hour,
                periodStart: day.timestamp.adding(milliseconds: Int64(index * 4) * Timestamp.millisecondsPerHour), value: value,
                source: "test")
        }
    }

    @Test(arguments: TestEngine.selected)
    func sectionsOfARegion(engine: TestEngine) async throws {
        try await withApp(config: try await engine.config()) { client, store in
            // 黄河出境断面 (river, target Ⅱ): NH3-N 0.3, 0.5 → 0.4 Ⅱ; Hg 0.04 µg/L → Ⅰ. 乌梁素海湖心 (lake, target Ⅴ):
            // TP 0.12, 0.16 → 0.14, Ⅴ by the lake limits; NH3-N 0.6 → Ⅲ.
            var writes = Self.values("HH-CJ", "w21003", [0.3, 0.5]) + Self.values("HH-CJ", "w20111", [0.04])
            writes += Self.values("WLSH-HX", "w21011", [0.12, 0.16]) + Self.values("WLSH-HX", "w21003", [0.6])
            _ = try await store.write(writes)
            try await client.execute(uri: "/api/v1/evaluation/water?region=150823&from=2025-07-01&to=2025-07-31", method: .get) { response in
                #expect(response.status == .ok)
                let report = try JSONDecoder().decode(WaterEvaluationDTO.self, from: Data(buffer: response.body))
                let river = try #require(report.sections.first { $0.code == "HH-CJ" })
                #expect(river.waterClass == "Ⅱ类")
                #expect(river.target == "Ⅱ类")
                #expect(river.attained == true)
                #expect(river.items.map(\.item) == ["nh3n", "hg"])
                #expect(river.items.first?.mean == 0.4)
                #expect(river.items.first?.samples == 2)
                let lake = try #require(report.sections.first { $0.code == "WLSH-HX" })
                #expect(lake.waterbody == "lake")
                #expect(lake.waterClass == "Ⅴ类")
                #expect(lake.mainPollutants == ["总磷"])
                #expect(lake.attained == true)
                #expect(lake.items.first { $0.item == "tp" }?.exceedanceMultiple == 1.8)
                // Sections without data are listed but not classed.
                #expect(report.sections.contains { $0.code == "ZPG-RH" && $0.waterClass == nil })
                #expect(report.classified == 2)
                #expect(report.shareIToIII == 50)
                #expect(report.shareWorseThanV == 0)
                #expect(report.withTarget == 2)
                #expect(report.attained == 2)
            }
            try await client.execute(uri: "/api/v1/evaluation/water?site=2196A&from=2025-07-01&to=2025-07-31", method: .get) { response in
                #expect(response.status == .notFound)
                let problem = try response.json()
                #expect((problem["detail"] as? String)?.contains("not a surface-water section") == true)
            }
        }
    }
}
