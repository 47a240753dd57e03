import Foundation
import Logging
import QingshanCore
import QingshanTestSupport
import Testing

@testable import QingshanStore

/// One suite, every engine: the store behaves the same on SQLite and PostgreSQL.
@Suite struct StoreContractTests {
    static let profile = RegistryProfile(
        name: "test",
        regions: [
            Region(code: "150800", nameZh: "巴彦淖尔市", level: .city, centre: GeoPoint(longitude: 107.4, latitude: 40.7)),
            Region(
                code: "150802", nameZh: "临河区", nameEn: "Linhe", parentCode: "150800", level: .district,
                boundaryGeoJSON: #"{"type":"Polygon","coordinates":[[[107,40],[108,40],[108,41],[107,40]]]}"#),
            Region(code: "150821", nameZh: "五原县", parentCode: "150800", level: .district),
        ],
        sites: [
            Site(
                code: "2195A", nameZh: "附二中", kind: .air, regionCode: "150802",
                location: GeoPoint(longitude: 107.4212, latitude: 40.761), attributes: ["network": "national"]),
            Site(
                code: "HX", nameZh: "乌梁素海湖心", kind: .surfaceWater, regionCode: "150821",
                location: GeoPoint(longitude: 108.85, latitude: 40.93, approximate: true), attributes: ["waterbody": "lake"]),
            Site(code: "OUT1", nameZh: "1号排口", kind: .sourceGas, regionCode: "150802", enterpriseCode: "E01"),
        ],
        enterprises: [Enterprise(code: "E01", nameZh: "某公司", regionCode: "150802", industry: "焦化")],
        devices: [Device(mn: "MN0001", siteCode: "OUT1", edition: .hj212_2017, password: "123456")],
        parameters: [
            Parameter(
                code: "x00001", nameZh: "测试", nameEn: "test", unit: "1", medium: .air, aliases: ["t1"],
                validMin: nil, validMax: 5)
        ])

    static func hourly(_ site: String, _ parameter: String, startHour: Int, values: [Double]) -> [Observation] {
        let start = CivilDateTime(year: 2016, month: 1, day: 1).timestamp
        return values.enumerated().map { offset, value in
            Observation(
                siteCode: site, parameterCode: parameter, interval: .hour,
                periodStart: start.adding(milliseconds: Int64(startHour + offset) * Timestamp.millisecondsPerHour),
                value: value, source: "test")
        }
    }

    @Test(arguments: TestDatabase.available)
    func migrationsAreIdempotent(database: TestDatabase) async throws {
        try await withFreshStore(database) { store in
            let applied = try await store.migrate()
            let empty = try await store.isEmpty()
            #expect(applied.isEmpty)
            #expect(empty)
        }
    }

    @Test(arguments: TestDatabase.available)
    func profileRoundTrips(database: TestDatabase) async throws {
        try await withFreshStore(database) { store in
            try await store.load(Self.profile)
            #expect(!(try await store.isEmpty()))
            let exported = try await store.export(name: "test")
            #expect(exported.regions == Self.profile.regions.sorted { $0.code < $1.code })
            #expect(exported.sites == Self.profile.sites.sorted { $0.code < $1.code })
            #expect(exported.enterprises == Self.profile.enterprises)
            #expect(exported.devices == Self.profile.devices)
            #expect(exported.parameters == Self.profile.parameters)
            // Loading again replaces, never duplicates.
            var renamed = Self.profile
            renamed.sites[0].nameZh = "附二中(新)"
            try await store.load(renamed)
            #expect(try await store.site(code: "2195A")?.nameZh == "附二中(新)")
            #expect(try await store.sites(SiteFilter()).count == 3)
        }
    }

    @Test(arguments: TestDatabase.available)
    func filtersSitesByKindAndRegion(database: TestDatabase) async throws {
        try await withFreshStore(database) { store in
            try await store.load(Self.profile)
            #expect(try await store.sites(SiteFilter(kind: .air)).map(\.code) == ["2195A"])
            #expect(try await store.sites(SiteFilter(regionCode: "150802")).map(\.code) == ["2195A", "OUT1"])
            // A city code takes in its districts' sites.
            #expect(try await store.sites(SiteFilter(regionCode: "150800")).map(\.code) == ["2195A", "HX", "OUT1"])
            #expect(try await store.sites(SiteFilter(kind: .surfaceWater, regionCode: "150802")).isEmpty)
            #expect(try await store.site(code: "nope") == nil)
        }
    }

    @Test(arguments: TestDatabase.available)
    func writesAreIdempotent(database: TestDatabase) async throws {
        try await withFreshStore(database) { store in
            try await store.load(Self.profile)
            let batch = Self.hourly("2195A", "a34004", startHour: 0, values: [10, 20, 30])
            #expect(try await store.write(batch) == WriteOutcome(inserted: 3, alreadyPresent: 0))
            // The same data again, and a batch that overlaps: only the new identity is stored.
            #expect(try await store.write(batch) == WriteOutcome(inserted: 0, alreadyPresent: 3))
            let overlap = Self.hourly("2195A", "a34004", startHour: 2, values: [99, 40])
            #expect(try await store.write(overlap) == WriteOutcome(inserted: 1, alreadyPresent: 1))
            // Duplicates inside one batch count once.
            let twice = Self.hourly("HX", "w21011", startHour: 0, values: [0.1]) + Self.hourly("HX", "w21011", startHour: 0, values: [0.1])
            #expect(try await store.write(twice) == WriteOutcome(inserted: 1, alreadyPresent: 1))
            #expect(try await store.observationCount() == 5)
            // First write wins: a repeated packet updates nothing.
            let page = try await store.observations(ObservationQuery(siteCode: "2195A", parameterCode: "a34004", interval: .hour))
            #expect(page.items.map(\.value) == [10, 20, 30, 40])
        }
    }

    @Test(arguments: TestDatabase.available)
    func aBatchWithAnUnknownSiteStoresNothing(database: TestDatabase) async throws {
        try await withFreshStore(database) { store in
            try await store.load(Self.profile)
            let batch = Self.hourly("2195A", "a34004", startHour: 0, values: [1]) + Self.hourly("ghost", "a34004", startHour: 0, values: [1])
            await #expect(throws: StoreError.unknownSite("ghost")) { try await store.write(batch) }
            #expect(try await store.observationCount() == 0)
        }
    }

    @Test(arguments: TestDatabase.available)
    func pagesThroughARange(database: TestDatabase) async throws {
        try await withFreshStore(database) { store in
            try await store.load(Self.profile)
            // 48 hours with hours 5 and 6 missing.
            var values = Self.hourly("2195A", "a34004", startHour: 0, values: (0..<48).map(Double.init))
            values.removeSubrange(5...6)
            values[0].minimum = 1.5
            values[0].flag = "M"
            _ = try await store.write(values)
            let from = CivilDateTime(year: 2016, month: 1, day: 1, hour: 2).timestamp
            let to = CivilDateTime(year: 2016, month: 1, day: 2, hour: 0).timestamp
            var query = ObservationQuery(siteCode: "2195A", parameterCode: "a34004", interval: .hour, from: from, to: to, limit: 10)
            var seen: [Double] = []
            var pages = 0
            while true {
                let page = try await store.observations(query)
                pages += 1
                seen += page.items.map(\.value)
                guard let next = page.nextAfter else { break }
                query.after = next
            }
            // From inclusive, to exclusive, missing hours absent.
            #expect(seen == [2, 3, 4] + (7..<24).map(Double.init))
            #expect(pages == 2)
            let first = try await store.observations(ObservationQuery(siteCode: "2195A", parameterCode: "a34004", interval: .hour, limit: 1))
            #expect(first.items.first?.minimum == 1.5)
            #expect(first.items.first?.flag == "M")
            #expect(first.items.first?.maximum == nil)
            // Other parameter, interval or site: nothing.
            #expect(try await store.observations(ObservationQuery(siteCode: "2195A", parameterCode: "a21026", interval: .hour)).items.isEmpty)
            #expect(try await store.observations(ObservationQuery(siteCode: "2195A", parameterCode: "a34004", interval: .day)).items.isEmpty)
            #expect(try await store.observations(ObservationQuery(siteCode: "ghost", parameterCode: "a34004", interval: .hour)).items.isEmpty)
        }
    }

    /// Counts and reads over many series at once give what the per-series calls give, in the caller's order,
    /// across more series than one statement carries, with unknown sites and empty series among them.
    @Test(arguments: TestDatabase.available)
    func batchedSeriesReadsMatchPerSeriesReads(database: TestDatabase) async throws {
        try await withFreshStore(database) { store in
            try await store.load(Self.profile)
            // 300 parameters × 2 sites: 600 series, more than two statements' worth.
            var observations: [Observation] = []
            for index in 0..<300 {
                let parameter = "p\(index)"
                observations += Self.hourly("2195A", parameter, startHour: index % 7, values: (0..<(index % 5)).map { Double($0 * index) })
                observations += Self.hourly("HX", parameter, startHour: 0, values: [Double(index), -1, 2.5])
            }
            _ = try await store.write(observations)
            var series = (0..<300).flatMap { index in
                ["HX", "2195A"].map { SeriesKey(siteCode: $0, parameterCode: "p\(index)", interval: .hour) }
            }
            series.insert(SeriesKey(siteCode: "ghost", parameterCode: "p1", interval: .hour), at: 17)
            series.insert(SeriesKey(siteCode: "2195A", parameterCode: "p1", interval: .day), at: 3)
            let start = CivilDateTime(year: 2016, month: 1, day: 1).timestamp
            let ranges = [
                ObservationRange(),
                ObservationRange(
                    from: start.adding(milliseconds: Timestamp.millisecondsPerHour), to: start.adding(milliseconds: 6 * Timestamp.millisecondsPerHour)
                ),
                ObservationRange(valueConditions: [.init(.greaterOrEqual, 2.5), .init(.less, 400)]),
            ]
            for range in ranges {
                let counts = try await store.counts(of: series, in: range)
                let values = try await store.observations(of: series, in: range)
                #expect(counts.count == series.count && values.count == series.count)
                for (index, key) in series.enumerated() {
                    var query = ObservationQuery(
                        siteCode: key.siteCode, parameterCode: key.parameterCode, interval: key.interval, from: range.from, to: range.to)
                    query.valueConditions = range.valueConditions
                    let one = try await store.observations(query).items
                    #expect(values[index] == one, "\(key) \(range)")
                    #expect(counts[index] == one.count, "\(key) \(range)")
                }
            }
            #expect(try await store.counts(of: series, in: ranges[0]).reduce(0, +) == observations.count)
        }
    }

    @Test(arguments: TestDatabase.available)
    func latestValuePerParameter(database: TestDatabase) async throws {
        try await withFreshStore(database) { store in
            try await store.load(Self.profile)
            _ = try await store.write(Self.hourly("2195A", "a34004", startHour: 0, values: [1, 2, 3]))
            _ = try await store.write(Self.hourly("2195A", "a21026", startHour: 5, values: [7]))
            _ = try await store.write(Self.hourly("HX", "w21011", startHour: 9, values: [0.2]))
            let latest = try await store.latest(siteCode: "2195A")
            #expect(latest.map(\.parameterCode) == ["a21026", "a34004"])
            #expect(latest.map(\.value) == [7, 3])
            #expect(try await store.latest(siteCode: "ghost").isEmpty)
        }
    }

    @Test(arguments: TestDatabase.available)
    func addsOnlyMissingSites(database: TestDatabase) async throws {
        try await withFreshStore(database) { store in
            try await store.load(Self.profile)
            let added = try await store.addMissingSites([
                Site(code: "2195A", nameZh: "imported name", kind: .air, origin: .imported),
                Site(code: "1001A", nameZh: "1001A", kind: .air, origin: .imported),
            ])
            #expect(added == ["1001A"])
            #expect(try await store.site(code: "2195A")?.nameZh == "附二中")
            #expect(try await store.site(code: "1001A")?.origin == .imported)
        }
    }

    @Test(arguments: TestDatabase.available)
    func committedDataSurvivesReopening(database: TestDatabase) async throws {
        let location = try await database.makeLocation()
        try await SQLStore.withStore(location) { store in
            try await store.load(Self.profile)
            _ = try await store.write(Self.hourly("2195A", "a34004", startHour: 0, values: [5, 6]))
        }
        let count = try await SQLStore.withStore(location) { try await $0.observationCount() }
        #expect(count == 2)
    }

    /// The days a write touched are stored with it: a reopened store (after a crash) still knows them, and a day
    /// touched again while the worker computed stays pending when the worker clears what it read.
    @Test(arguments: TestDatabase.available)
    func pendingRollupDaysAreDurable(database: TestDatabase) async throws {
        let location = try await database.makeLocation()
        try await SQLStore.withStore(location) { store in
            try await store.load(Self.profile)
            // Hours 0 and 23 Beijing time of 2016-01-01, and hour 24 (the next day); a repeat touches nothing new.
            _ = try await store.write(Self.hourly("2195A", "a34004", startHour: 0, values: [5]))
            _ = try await store.write(Self.hourly("2195A", "a34004", startHour: 23, values: [6, 7]))
            _ = try await store.write(Self.hourly("2195A", "a34004", startHour: 23, values: [6]))
        }
        let day = CivilDateTime(year: 2016, month: 1, day: 1).timestamp
        try await SQLStore.withStore(location) { store in
            let pending = try await store.pendingRollupDays()
            #expect(pending.map(\.day.dayStart) == [day, day.adding(milliseconds: Timestamp.millisecondsPerDay)])
            #expect(Set(pending.map(\.day.parameterCode)) == ["a34004"])
            // Touched again after it was read: clearing what was read leaves that day pending.
            _ = try await store.write(Self.hourly("2195A", "a34004", startHour: 1, values: [8]))
            try await store.clearPendingRollupDays(pending)
            #expect(try await store.pendingRollupDays().map(\.day.dayStart) == [day])
            try await store.discardPendingRollupDays()
            #expect(try await store.pendingRollupDays().isEmpty)
        }
    }

    /// Tokens keep only the hash of their secret; revoking is once; publishing an outlet survives a profile reload.
    @Test(arguments: TestDatabase.available)
    func tokensAndPublication(database: TestDatabase) async throws {
        try await withFreshStore(database) { store in
            try await store.load(Self.profile)
            let created = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)
            let token = APIToken(id: "0a1b2c3d", name: "五原县分局", role: .county, scope: "150821", createdAt: created)
            try await store.addToken(token, secretSHA256: String(repeating: "ab", count: 32))
            let found = try #require(try await store.token(id: "0a1b2c3d"))
            #expect(found.token == token)
            #expect(found.secretSHA256 == String(repeating: "ab", count: 32))
            #expect(try await store.token(id: "ffffffff") == nil)
            let revokedAt = created.adding(milliseconds: 1000)
            #expect(try await store.revokeToken(id: "0a1b2c3d", at: revokedAt))
            #expect(!(try await store.revokeToken(id: "0a1b2c3d", at: revokedAt.adding(milliseconds: 1))))
            let listed = try await store.tokens()
            #expect(listed.map(\.revokedAt) == [revokedAt])

            #expect(try await store.site(code: "OUT1")?.isPublic == false)
            #expect(try await store.setPublished(siteCode: "OUT1", at: created))
            #expect(!(try await store.setPublished(siteCode: "NOPE", at: created)))
            try await store.load(Self.profile)
            let outlet = try #require(try await store.site(code: "OUT1"))
            #expect(outlet.publishedAt == created)
            #expect(outlet.isPublic)
            #expect(try await store.setPublished(siteCode: "OUT1", at: nil))
            #expect(try await store.site(code: "OUT1")?.isPublic == false)
        }
    }

    @Test(arguments: TestDatabase.available)
    func twoStoresOnOneDatabaseWriteConcurrently(database: TestDatabase) async throws {
        let location = try await database.makeLocation()
        try await SQLStore.withStore(location) { try await $0.load(Self.profile) }
        try await SQLStore.withStore(location) { first in
            try await SQLStore.withStore(location) { second in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<8 {
                        let store = index.isMultiple(of: 2) ? first : second
                        group.addTask {
                            _ = try await store.write(Self.hourly("2195A", "a34004", startHour: index * 100, values: Array(repeating: 1, count: 150)))
                        }
                    }
                    try await group.waitForAll()
                }
                // 8 batches of 150 overlapping by 50: hours 0..<850.
                #expect(try await second.observationCount() == 850)
                #expect(try await first.observationCount() == 850)
            }
        }
    }

    @Test func refusesABrokenProfile() async throws {
        try await withFreshStore(.sqlite) { store in
            var broken = Self.profile
            broken.devices = [Device(mn: "X", siteCode: "missing")]
            await #expect(throws: StoreError.self) { try await store.load(broken) }
            let empty = try await store.isEmpty()
            #expect(empty)
        }
    }

    @Test func aFileThatIsNotADatabaseIsRefused() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-db-\(UUID().uuidString).sqlite").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        await #expect {
            try await SQLStore.withStore(.sqlite(path: path)) { _ in }
        } throws: { error in
            String(describing: error).contains("cannot open the SQLite database")
        }
        let after = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(after == Data(repeating: 0x41, count: 4096))
    }

    @Test func anUnreachablePostgresIsReportedClearly() async throws {
        let location = try DatabaseLocation(parsing: "postgres://nobody@127.0.0.1:1/none")
        await #expect {
            _ = try await SQLStore.open(location)
        } throws: { error in
            String(describing: error).contains("cannot reach PostgreSQL at 127.0.0.1:1")
        }
    }
}

/// What makes a commit durable before it is acknowledged: WAL and `synchronous=FULL` on the writer (2 is
/// FULL; NORMAL, 1, may lose the last commits on power loss in WAL mode).
@Suite struct SQLiteDurabilityTests {
    @Test func writerSyncsEveryCommit() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qingshan-durability-\(UUID().uuidString).sqlite").path
        let engine = try await SQLiteEngine.open(path: path, logger: Logger(label: "test"))
        #expect(try await engine.writerPragma("synchronous") == "2")
        #expect(try await engine.writerPragma("journal_mode") == "wal")
        await engine.close()
    }
}
