import Foundation
import HTTPTypes
import HummingbirdTesting
import QingshanCore
import QingshanServer
import QingshanStore
import Testing

@testable import QingshanTools

@Suite struct ImportTests {
    static func importer(_ store: SQLStore, strict: Bool = false) -> Importer {
        Importer(store: store, batchSize: 20_000, strict: strict, showProgress: false)
    }

    /// The UCI data set's own reference table: Dongsi 2016, PM2.5 mean of valid hours 80.23 over 8,431 hours.
    @Test func prsaImportReproducesThePublishedAnnualMean() async throws {
        try await withPreparedStore { store, config in
            let summary = try await Self.importer(store).run(format: .prsa, files: [Fixture.path("PRSA_Data_Dongsi_2016.csv")])
            #expect(summary.rowsRead == 8784)
            #expect(summary.issues.isEmpty)
            #expect(summary.sitesCreated == ["prsa-dongsi"])
            #expect(summary.valuesStored == summary.valuesRead)
            let app = try await buildApplication(config: config, store: store)
            try await app.test(.router) { client in
                try await client.execute(
                    uri:
                        "/api/v1/sites/prsa-dongsi/observations?parameter=pm25&interval=hour&from=2016-01-01T00:00:00%2B08:00&to=2017-01-01T00:00:00%2B08:00&format=csv",
                    method: .get
                ) { response in
                    let rows = response.text.split(separator: "\n").dropFirst()
                    let values = rows.compactMap { $0.split(separator: ",")[1] }.compactMap { Double($0) }
                    #expect(values.count == 8431)
                    let mean = values.reduce(0, +) / Double(values.count)
                    #expect((mean * 100).rounded() / 100 == 80.23)
                    #expect(rows.first?.hasPrefix("2016-01-01T00:00:00+08:00,") == true)
                }
                // CO arrives in µg/m³ (column 10 of the file) and is stored in mg/m³.
                let firstRow = try String(contentsOfFile: Fixture.path("PRSA_Data_Dongsi_2016.csv"), encoding: .utf8)
                    .split(whereSeparator: \.isNewline)[1].split(separator: ",")
                let coMicrograms = try #require(Double(firstRow[9]))
                try await client.execute(uri: "/api/v1/sites/prsa-dongsi/observations?parameter=co&limit=1", method: .get) { response in
                    let item = try #require((try response.json()["items"] as? [[String: Any]])?.first)
                    #expect(item["time"] as? String == "2016-01-01T00:00:00+08:00")
                    #expect(item["value"] as? Double == coMicrograms / 1000)
                }
            }
            // Re-running adds nothing.
            let again = try await Self.importer(store).run(format: .prsa, files: [Fixture.path("PRSA_Data_Dongsi_2016.csv")])
            #expect(again.valuesStored == 0)
            #expect(again.valuesAlreadyPresent == summary.valuesStored)
            #expect(again.sitesCreated.isEmpty)
        }
    }

    @Test func cnemcImportStoresEveryNonEmptyCell() async throws {
        try await withPreparedStore { store, config in
            let summary = try await Self.importer(store).run(format: .cnemc, files: [Fixture.path("china_sites_20170101.csv")])
            // Counted independently of Qingshan: every non-empty cell after the three key columns.
            let text = try String(contentsOfFile: Fixture.path("china_sites_20170101.csv"), encoding: .utf8)
            let cells = text.split(whereSeparator: \.isNewline).dropFirst().map { line in
                line.split(separator: ",", omittingEmptySubsequences: false).dropFirst(3).filter { !$0.isEmpty }.count
            }.reduce(0, +)
            #expect(cells == 384_495)
            #expect(summary.valuesStored == cells)
            #expect(try await store.observationCount() == cells)
            #expect(summary.issues.isEmpty)
            // 1,497 stations, two of them already in the Bayannur profile.
            #expect(summary.sitesCreated.count == 1495)
            #expect(try await store.site(code: "2195A")?.origin == .profile)
            // 2195A's PM2.5 cells, read straight from the file.
            let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            let column = try #require(lines[0].firstIndex(of: "2195A"))
            let published = lines.dropFirst().filter { $0[2] == "PM2.5" && !$0[column].isEmpty }
            let app = try await buildApplication(config: config, store: store)
            try await app.test(.router) { client in
                try await client.execute(uri: "/api/v1/sites/2195A/observations?parameter=pm25&format=csv", method: .get) { response in
                    let rows = response.text.split(separator: "\n").dropFirst()
                    #expect(rows.count == published.count)
                    #expect(rows.map { $0.split(separator: ",")[1] } == published.map { $0[column] })
                    // Hour 0 of 2017-01-01 is the period that began at 23:00 the day before.
                    if published.first?[1] == "0" { #expect(rows.first?.hasPrefix("2016-12-31T23:00:00+08:00,") == true) }
                }
                // The official AQI of 1001A at 12:00 was capped at 500 (hour ending 12:00 starts at 11:00).
                try await client.execute(
                    uri: "/api/v1/sites/1001A/observations?parameter=aqi&from=2017-01-01T11:00:00%2B08:00&limit=1", method: .get
                ) { response in
                    let item = try #require((try response.json()["items"] as? [[String: Any]])?.first)
                    #expect(item["time"] as? String == "2017-01-01T11:00:00+08:00")
                    #expect(item["value"] as? Double == 500)
                }
                // The AQI computed from the stored concentrations equals the published one at every hour: 1001A
                // reaches the 500 cap (爆表), 1734A has SO2 above 800 at 00h, 1094A has CO 4.9 mg/m³.
                for station in ["1001A", "1734A", "1094A", "2195A"] {
                    let range = "from=2016-12-31T23:00:00%2B08:00&to=2017-01-02T00:00:00%2B08:00"
                    let computed = try await client.execute(uri: "/api/v1/sites/\(station)/aqi?\(range)", method: .get).json()
                    let official = try await client.execute(uri: "/api/v1/sites/\(station)/observations?parameter=aqi&\(range)", method: .get).json()
                    let items = try #require(computed["items"] as? [[String: Any]])
                    let published = Dictionary(
                        uniqueKeysWithValues: try #require(official["items"] as? [[String: Any]]).map {
                            ($0["time"] as! String, Int($0["value"] as! Double))
                        })
                    // Every published hour is computed and equal (an hour with concentrations but no published AQI
                    // still gets one).
                    let computedByTime = Dictionary(uniqueKeysWithValues: items.map { ($0["time"] as! String, $0["aqi"] as? Int) })
                    #expect(!published.isEmpty)
                    for (time, aqi) in published { #expect(computedByTime[time] == aqi, "\(station) \(time)") }
                    if station == "1001A" { #expect(items.contains { $0["beyondTable"] as? Bool == true }) }
                    if station == "1734A" { #expect(items.first?["notCalculated"] as? [String] == ["so2"]) }
                }
                let latest = try #require(try await client.execute(uri: "/api/v1/aqi/latest", method: .get).json()["items"] as? [[String: Any]])
                let city = try #require(latest.first { $0["code"] as? String == "150800" })
                #expect(city["kind"] as? String == "city")
                #expect(city["stations"] as? Int == 2)
                let station = try #require(latest.first { $0["code"] as? String == "2195A" })
                let stationAQI = try #require(station["aqi"] as? [String: Any])
                let newest = try await client.execute(
                    uri:
                        "/api/v1/sites/2195A/observations?parameter=aqi&from=\((stationAQI["time"] as! String).replacingOccurrences(of: "+", with: "%2B"))&limit=1",
                    method: .get
                ).json()
                #expect((newest["items"] as? [[String: Any]])?.first?["value"] as? Double == (stationAQI["aqi"] as? Int).map(Double.init))
            }
        }
    }

    /// Writes a damaged copy of the PRSA fixture: a truncated row, a non-numeric value, a fine row.
    static func damagedPRSAFile() throws -> String {
        let lines = try String(contentsOfFile: Fixture.path("PRSA_Data_Dongsi_2016.csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).prefix(5).map(String.init)
        let truncated = String(lines[2].prefix(20))
        let nonNumeric = lines[3].replacingOccurrences(of: ",NNE,", with: ",NNE,").split(separator: ",", omittingEmptySubsequences: false)
            .enumerated().map { $0.offset == 6 ? "lots" : String($0.element) }.joined(separator: ",")
        let path = Fixture.temporaryDirectory() + "/damaged.csv"
        try ([lines[0], lines[1], truncated, nonNumeric, lines[4]].joined(separator: "\r\n") + "\r\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func badRowsAreReportedWithFileLineAndReason() async throws {
        let path = try Self.damagedPRSAFile()
        try await withPreparedStore { store, _ in
            let summary = try await Self.importer(store).run(format: .prsa, files: [path])
            #expect(summary.rowsRead == 4)
            #expect(summary.issues.map(\.line) == [3, 4])
            #expect(summary.issues[0].description.hasSuffix("damaged.csv:3: expected 18 fields, found 6 (truncated or damaged row)"))
            #expect(summary.issues[1].reason == "PM10 'lots' is not a number")
            #expect(summary.report().contains("damaged.csv:4: PM10 'lots' is not a number"))
            // The two good rows, every value of each, and nothing of the bad ones.
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)
            let parser = PRSARecordParser(file: path)
            let good = try [lines[1], lines[4]].enumerated().flatMap { try parser.parse($0.element, lineNumber: $0.offset).get().observations }
            #expect(good.count > 10)
            #expect(summary.valuesStored == good.count)
            #expect(try await store.observationCount() == good.count)
            for observation in good {
                let stored = try await store.observations(
                    ObservationQuery(
                        siteCode: observation.siteCode, parameterCode: observation.parameterCode, interval: .hour,
                        from: observation.periodStart, to: observation.periodStart.adding(milliseconds: 1)))
                #expect(stored.items.map(\.value) == [observation.value], "\(observation.parameterCode)")
            }
        }
    }

    @Test func strictModeStopsAndStoresNothing() async throws {
        let path = try Self.damagedPRSAFile()
        try await withPreparedStore { store, _ in
            await #expect {
                _ = try await Self.importer(store, strict: true).run(format: .prsa, files: [Fixture.path("PRSA_Data_Dongsi_2016.csv"), path])
            } throws: { error in
                String(describing: error).contains("damaged.csv:3: expected 18 fields")
            }
            let count = try await store.observationCount()
            #expect(count == 0)
        }
    }

    @Test func missingOrForeignFilesStopBeforeAnythingIsStored() async throws {
        try await withPreparedStore { store, _ in
            await #expect {
                _ = try await Self.importer(store).run(format: .prsa, files: [Fixture.path("PRSA_Data_Dongsi_2016.csv"), "/no/such/file.csv"])
            } throws: { error in
                String(describing: error) == "/no/such/file.csv: no such file or not readable"
            }
            await #expect {
                _ = try await Self.importer(store).run(format: .prsa, files: [Fixture.path("china_sites_20170101.csv")])
            } throws: { error in
                String(describing: error).contains("not a PRSA file")
            }
            await #expect {
                _ = try await Self.importer(store).run(format: .cnemc, files: [Fixture.path("PRSA_Data_Dongsi_2016.csv")])
            } throws: { error in
                String(describing: error).contains("not a CNEMC release file")
            }
            let count = try await store.observationCount()
            let sites = try await store.sites(SiteFilter()).count
            #expect(count == 0)
            #expect(sites == 15)
        }
    }
}
