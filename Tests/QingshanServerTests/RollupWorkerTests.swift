import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import QingshanCore
import QingshanServer
import QingshanStore
import QingshanTestSupport
import Testing

/// Rollups through the real store: written observations mark their days, a pass recomputes hours, days, the
/// O3 8-hour maximum, months and years, and late data change what was computed.
@Suite struct RollupWorkerTests {
    static let day = CivilDateTime(year: 2025, month: 6, day: 1)

    static func hours(_ site: String, _ parameter: String, _ values: [Int: Double], day: CivilDateTime = day, flag: String = "N") -> [Observation] {
        values.map { hour, value in
            Observation(
                siteCode: site, parameterCode: parameter, interval: .hour,
                periodStart: day.timestamp.adding(milliseconds: Int64(hour) * Timestamp.millisecondsPerHour), value: value,
                flag: flag, source: "test")
        }
    }

    @Test func passesFollowTheData() async throws {
        try await withApp { client, store in try await Self.passes(client, store) }
    }

    @Test(.enabled(if: TestDatabase.available.contains(.postgres), "QINGSHAN_TEST_SQLITE_ONLY=1 leaves the PostgreSQL cases out"))
    func passesFollowTheDataOnPostgres() async throws {
        let database = try DatabaseLocation(parsing: try TestDatabase.createPostgresDatabase())
        try await withApp(config: AppConfig(dataDirectory: Fixture.temporaryDirectory(), database: database)) { client, store in
            try await Self.passes(client, store)
        }
    }

    static func passes(_ client: any TestClientProtocol, _ store: SQLStore) async throws {
        do {
            let worker = RollupWorker(store: store, logger: .init(label: "test"))
            _ = try await store.addMissingSites([
                Site(code: "AIR-1", nameZh: "测试空气站", kind: .air, origin: .manual),
                Site(code: "SRC-1", nameZh: "1号排口", kind: .sourceGas, origin: .manual),
            ])
            // PM2.5: 19 valid hours (one more flagged F): not a valid day. O3: 40 + 5h, all 24 hours.
            var writes = Self.hours("AIR-1", "a34004", Dictionary(uniqueKeysWithValues: (0..<19).map { ($0, 30.0) }))
            writes += Self.hours("AIR-1", "a34004", [19: 90], flag: "F")
            writes += Self.hours("AIR-1", "a05024", Dictionary(uniqueKeysWithValues: (0..<24).map { ($0, 40.0 + Double($0) * 5) }))
            // A stack reporting every 10 minutes: hour 0 complete, hour 1 with four values (40 minutes).
            writes += (0..<10).map { index in
                Observation(
                    siteCode: "SRC-1", parameterCode: "a21026", interval: .minute,
                    periodStart: Self.day.timestamp.adding(milliseconds: Int64(index) * 10 * Timestamp.millisecondsPerMinute),
                    value: Double(index < 6 ? 20 : 50), source: "test")
            }
            _ = try await store.write(writes)
            let written = try await worker.pass()
            #expect(written > 0)
            #expect(try await worker.pass() == 0)

            let dayEnd = Self.day.timestamp.adding(milliseconds: Timestamp.millisecondsPerDay)
            let pm25 = try await store.rollups(siteCode: "AIR-1", parameterCode: "a34004", period: .day, from: Self.day.timestamp, to: dayEnd)
            #expect(pm25.map(\.value) == [nil])
            #expect(pm25.map(\.validCount) == [19])
            let ozone = try await store.rollups(
                siteCode: "AIR-1", parameterCode: "a05024", period: .dayMaximumEightHours, from: Self.day.timestamp, to: dayEnd)
            #expect(ozone.map(\.value) == [138])
            #expect(ozone.map(\.validCount) == [17])
            let stackHours = try await store.rollups(siteCode: "SRC-1", parameterCode: "a21026", period: .hour, from: Self.day.timestamp, to: dayEnd)
            #expect(stackHours.map(\.value) == [20, nil])
            #expect(stackHours.map(\.validCount) == [60, 40])

            // A late hour makes the PM2.5 day valid: (19 × 30 + 42) / 20 = 30.6 → 31; the month and year follow.
            _ = try await store.write(Self.hours("AIR-1", "a34004", [23: 42]))
            #expect(try await worker.pass() > 0)
            let late = try await store.rollups(siteCode: "AIR-1", parameterCode: "a34004", period: .day, from: Self.day.timestamp, to: dayEnd)
            #expect(late.map(\.value) == [31])
            let month = try await store.rollups(
                siteCode: "AIR-1", parameterCode: "a34004", period: .month, from: Self.day.timestamp,
                to: CivilDateTime(year: 2025, month: 7, day: 1).timestamp)
            #expect(month.map(\.validCount) == [1])
            #expect(month.map(\.expectedCount) == [30])
            #expect(month.map(\.value) == [nil])

            try await client.execute(
                uri: "/api/v1/sites/AIR-1/rollups?parameter=pm25&period=day&from=2025-06-01T00:00:00%2B08:00&to=2025-06-02T00:00:00%2B08:00",
                method: .get
            ) { response in
                #expect(response.status == .ok)
                let body = try response.json()
                let items = try #require(body["items"] as? [[String: Any]])
                #expect(items.count == 1)
                #expect(items.first?["time"] as? String == "2025-06-01T00:00:00+08:00")
                #expect(items.first?["value"] as? Double == 31)
                #expect(items.first?["validCount"] as? Int == 20)
                #expect(items.first?["coverage"] as? Double == 0.8333)
                #expect(body["unit"] as? String == "µg/m³")
            }
            try await client.execute(uri: "/api/v1/sites/AIR-1/rollups?parameter=pm25&period=week", method: .get) { response in
                #expect(response.status == .badRequest)
                let problem = try response.json()
                #expect(problem["code"] as? String == "invalid_period")
            }

            // Rebuilding gives the same rows: every period of every parameter is overwritten with nonsense first,
            // so rows that a rebuild failed to write would show.
            let yearStart = CivilDateTime(year: 2025, month: 1, day: 1).timestamp
            let yearEnd = CivilDateTime(year: 2026, month: 1, day: 1).timestamp
            func everything() async throws -> [Rollup] {
                var all: [Rollup] = []
                for parameter in try await store.parameterCodes(siteCode: "AIR-1") {
                    for period in RollupPeriod.allCases {
                        all += try await store.rollups(siteCode: "AIR-1", parameterCode: parameter, period: period, from: yearStart, to: yearEnd)
                    }
                }
                return all
            }
            let before = try await everything()
            // Hour rollups come from minute data only; these hours were written as hours.
            #expect(Set(before.map(\.period)) == [.day, .dayMaximumEightHours, .month, .year])
            try await store.writeRollups(
                before.map { rollup in
                    var broken = rollup
                    broken.value = -1
                    broken.validCount = 0
                    return broken
                })
            #expect(try await everything().allSatisfy { $0.value == -1 })
            let rebuilt = try await worker.rebuild(siteCodes: ["AIR-1"], first: Self.day, last: Self.day)
            #expect(rebuilt > 0)
            #expect(try await everything() == before)
            let again = try await store.rollups(siteCode: "AIR-1", parameterCode: "a34004", period: .day, from: Self.day.timestamp, to: dayEnd)
            #expect(again.map(\.value) == [31])
        }
    }
}
