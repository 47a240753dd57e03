import Foundation
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import QingshanCore
import QingshanServer
import QingshanStore
import QingshanTestSupport
import Testing

@testable import QingshanTools

/// HJ 663 evaluation of imported PRSA data (Dongsi, 2016), through the store, the CLI and the API, checked
/// against an independent computation from the CSV file (`scripts/check/evaluate_prsa.py`, NumPy).
@Suite struct AirEvaluationTests {
    static let year2016 = (CivilDateTime(year: 2016, month: 1, day: 1), CivilDateTime(year: 2016, month: 12, day: 31))

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// What the check script prints for one station.
    struct Independent: Decodable, Sendable {
        struct Statistics: Decodable, Sendable {
            var validHours: Int
            var hourlyMean: Double?
            var validDays: Int
            var periodMeanUnrounded: Double?
            var percentileValue: Double?
            var exceedanceDays: Int
        }
        var station: String
        var pollutants: [String: Statistics]
    }

    /// The check script's answer for the fixture.
    static func independent(from: String, to: String) throws -> Independent {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", repositoryRoot.appendingPathComponent("scripts/check/evaluate_prsa.py").path,
            Fixture.path("PRSA_Data_Dongsi_2016.csv"), "--from", from, "--to", to,
        ]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problems = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure("evaluate_prsa.py failed (needs python3 and NumPy: scripts/install-deps.sh test): \(problems)")
        }
        return try JSONDecoder().decode(Independent.self, from: data)
    }

    static func importDongsi(_ store: SQLStore) async throws {
        let summary = try await Importer(store: store, batchSize: 20_000, strict: true, showProgress: false)
            .run(format: .prsa, files: [Fixture.path("PRSA_Data_Dongsi_2016.csv")])
        #expect(summary.issues.isEmpty)
    }

    static func check(_ report: AirEvaluationDTO, against independent: Independent) throws {
        #expect(report.pollutants.count == 6)
        #expect(independent.station == "Dongsi")
        for row in report.pollutants {
            let other = try #require(independent.pollutants[row.pollutant], "\(row.pollutant) missing from the script's output")
            #expect(row.validHours == other.validHours, "\(row.pollutant) valid hours")
            #expect(row.validDays == other.validDays, "\(row.pollutant) valid days")
            #expect(row.exceedanceDays == other.exceedanceDays, "\(row.pollutant) exceedance days")
            let hourly = try #require(row.hourlyMean)
            let otherHourly = try #require(other.hourlyMean)
            #expect(abs(hourly - otherHourly) < 1e-9, "\(row.pollutant) hourly mean \(hourly) vs \(otherHourly)")
            let percentile = try #require(row.percentileValue)
            let otherPercentile = try #require(other.percentileValue)
            #expect(abs(percentile - otherPercentile) < 1e-9, "\(row.pollutant) P\(row.percentile) \(percentile) vs \(otherPercentile)")
            // HJ 663 evaluates CO and O3 by percentiles only: no period mean there. The other four have one, equal
            // to the script's (a wrong nil must not pass as "skipped").
            if ["CO", "O3"].contains(row.pollutant) {
                #expect(row.periodMeanUnrounded == nil, "\(row.pollutant) has no period mean in HJ 663")
            } else {
                let mean = try #require(row.periodMeanUnrounded, "\(row.pollutant) mean of daily means missing")
                let otherMean = try #require(other.periodMeanUnrounded)
                #expect(abs(mean - otherMean) < 1e-9, "\(row.pollutant) mean of daily means \(mean) vs \(otherMean)")
            }
        }
    }

    /// The year 2016 through the store, against the script; and the plain mean of valid hours against the
    /// data set's own table (beijing-multisite-aq README: Dongsi 2016, PM2.5 80.23 µg/m³ over 8,431 hours).
    @Test func annualEvaluationAgreesWithTheIndependentComputation() async throws {
        let independent = try Self.independent(from: "2016-01-01", to: "2016-12-31")
        try await withPreparedStore { store, _ in
            try await Self.importDongsi(store)
            let report = AirEvaluationDTO(
                try await AirEvaluationReport.make(
                    store: store, scope: .site("prsa-dongsi"), first: Self.year2016.0, last: Self.year2016.1))
            try Self.check(report, against: independent)
            let pm25 = try #require(report.pollutants.first { $0.pollutant == "PM2.5" })
            #expect(pm25.validHours == 8431)
            #expect(pm25.hourlyMean.map { ($0 * 100).rounded() / 100 } == 80.23)
            #expect(pm25.expectedHours == 8784)
            #expect(pm25.daysNeeded == 324)
            #expect(report.days == 366)
            // Every day with an AQI is counted once at its level; the good days are levels 1 and 2.
            #expect(report.daysPerLevel.map(\.days).reduce(0, +) == report.aqiDays)
            #expect(report.goodDays == report.daysPerLevel[0].days + report.daysPerLevel[1].days)
            let share = try #require(report.goodDayShare)
            #expect(abs(share - Double(report.goodDays) * 100 / Double(report.aqiDays)) <= 0.05)
        }
    }

    /// Any period: one month, and the same through PostgreSQL.
    @Test(.enabled(if: TestDatabase.available.contains(.postgres), "QINGSHAN_TEST_SQLITE_ONLY=1 leaves the PostgreSQL cases out"))
    func monthlyEvaluationOnPostgres() async throws {
        let independent = try Self.independent(from: "2016-02-01", to: "2016-02-29")
        let database = try DatabaseLocation(parsing: try TestDatabase.createPostgresDatabase())
        try await withPreparedStore(config: AppConfig(dataDirectory: Fixture.temporaryDirectory(), database: database)) { store, _ in
            try await Self.importDongsi(store)
            let report = AirEvaluationDTO(
                try await AirEvaluationReport.make(
                    store: store, scope: .site("prsa-dongsi"), first: CivilDateTime(year: 2016, month: 2, day: 1),
                    last: CivilDateTime(year: 2016, month: 2, day: 29)))
            try Self.check(report, against: independent)
            #expect(report.pollutants.allSatisfy { $0.daysNeeded == 25 && $0.expectedDays == 29 })
        }
    }

    /// The API answers what the library computes, refuses bad requests with specific problems, and the daily
    /// AQI of each day agrees with the evaluation's count of days per level.
    @Test(arguments: TestEngine.selected)
    func evaluationAndDailyAQIOverHTTP(engine: TestEngine) async throws {
        try await withApp(config: try await engine.config(), prepare: { try await Self.importDongsi($0) }) { client, store in
            let january = AirEvaluationDTO(
                try await AirEvaluationReport.make(
                    store: store, scope: .site("prsa-dongsi"), first: CivilDateTime(year: 2016, month: 1, day: 1),
                    last: CivilDateTime(year: 2016, month: 1, day: 31)))
            try await client.execute(uri: "/api/v1/evaluation/air?site=prsa-dongsi&from=2016-01-01&to=2016-01-31", method: .get) { response in
                #expect(response.status == .ok)
                let answered = try JSONDecoder().decode(AirEvaluationDTO.self, from: Data(buffer: response.body))
                #expect(answered == january)
            }
            try await client.execute(
                uri: "/api/v1/sites/prsa-dongsi/aqi?interval=day&from=2016-01-01T00:00:00%2B08:00&to=2016-02-01T00:00:00%2B08:00",
                method: .get
            ) { response in
                #expect(response.status == .ok)
                let items = try #require(try response.json()["items"] as? [[String: Any]])
                #expect(items.count == 31)
                #expect(items.first?["time"] as? String == "2016-01-01T00:00:00+08:00")
                let levels = items.compactMap { $0["level"] as? Int }
                #expect(levels.count == january.aqiDays)
                #expect((1...6).map { level in levels.filter { $0 == level }.count } == january.daysPerLevel.map(\.days))
                let withAQI = try #require(items.first { $0["aqi"] is Int })
                let concentrations = try #require(withAQI["concentrations"] as? [String: Double])
                #expect(Set(concentrations.keys) == ["so2", "no2", "pm10", "co", "o3_8h", "o3_1h_max", "pm25"])
            }
            for (uri, status, code) in [
                ("/api/v1/evaluation/air?from=2016-01-01&to=2016-01-31", HTTPResponse.Status.badRequest, "missing_scope"),
                ("/api/v1/evaluation/air?site=prsa-dongsi&region=150800&from=2016-01-01&to=2016-01-31", .badRequest, "missing_scope"),
                ("/api/v1/evaluation/air?site=prsa-dongsi&from=2016-13-01&to=2016-01-31", .badRequest, "invalid_from"),
                ("/api/v1/evaluation/air?site=prsa-dongsi&from=2016-01-01", .badRequest, "missing_to"),
                ("/api/v1/evaluation/air?site=prsa-dongsi&from=2016-02-01&to=2016-01-31", .badRequest, "invalid_range"),
                ("/api/v1/evaluation/air?site=nowhere&from=2016-01-01&to=2016-01-31", .notFound, "scope_not_found"),
                ("/api/v1/evaluation/air?site=prsa-dongsi&from=2016-01-01&to=2016-01-31&limits=1996", .badRequest, "invalid_limits"),
                ("/api/v1/sites/prsa-dongsi/aqi?interval=week", .badRequest, "invalid_interval"),
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == status, "\(uri)")
                    let problem = try response.json()
                    #expect(problem["code"] as? String == code, "\(uri)")
                }
            }
        }
    }

    /// Rollups are computed from what is stored when asked: hours that arrive late change the day.
    @Test func lateHoursChangeTheDay() async throws {
        try await withPreparedStore { store, _ in
            try await Self.importDongsi(store)
            let day = CivilDateTime(year: 2017, month: 1, day: 1)
            let before = try await AirEvaluationReport.make(store: store, scope: .site("prsa-dongsi"), first: day, last: day)
            #expect(before.evaluation.pollutants.allSatisfy { $0.validDays == 0 && $0.validHours == 0 })
            let late = (0..<20).map { hour in
                Observation(
                    siteCode: "prsa-dongsi", parameterCode: AQIPollutant.pm25.parameterCode, interval: .hour,
                    periodStart: day.timestamp.adding(milliseconds: Int64(hour) * Timestamp.millisecondsPerHour),
                    value: Double(60 + hour), source: "test")
            }
            _ = try await store.write(late)
            let after = try await AirEvaluationReport.make(store: store, scope: .site("prsa-dongsi"), first: day, last: day)
            let pm25 = try #require(after.evaluation.pollutants.first { $0.pollutant == .pm25 })
            #expect(pm25.validHours == 20)
            #expect(pm25.validDays == 1)
            // (60 + … + 79) / 20 = 69.5 → 70 (half to even).
            #expect(pm25.percentileValue == ExactDecimal(units: 70, scale: 0))
        }
    }

    /// `qingshan evaluate air` prints the same report as JSON, and Markdown for people; bad options say why.
    @Test func commandLine() async throws {
        let directory = Fixture.temporaryDirectory()
        try await withPreparedStore(config: AppConfig(dataDirectory: directory)) { store, _ in try await Self.importDongsi(store) }
        let json = try await RunningProcess.run(
            [
                "evaluate", "air", "--site", "prsa-dongsi", "--from", "2016-01-01", "--to", "2016-12-31", "--format", "json",
                "--data-directory", directory, "--log-level", "error",
            ])
        #expect(json.status == 0)
        let reports = try JSONDecoder().decode([AirEvaluationDTO].self, from: Data(json.output.utf8))
        let independent = try Self.independent(from: "2016-01-01", to: "2016-12-31")
        try Self.check(try #require(reports.first), against: independent)
        let markdown = try await RunningProcess.run(
            [
                "evaluate", "air", "--site", "prsa-dongsi", "--from", "2016-01-01", "--to", "2016-12-31", "--data-directory", directory,
                "--log-level", "error",
            ])
        #expect(markdown.status == 0)
        #expect(markdown.output.contains("# 环境空气质量评价（HJ 663）：Dongsi（prsa-dongsi）"))
        #expect(markdown.output.contains("| PM2.5 | µg/m³ | 8431/8784 | 80.23 |"))
        for (arguments, message) in [
            (["--site", "prsa-dongsi", "--from", "2016-1-1", "--to", "2016-12-31"], "--from '2016-1-1' must be a date YYYY-MM-DD"),
            (["--from", "2016-01-01", "--to", "2016-12-31"], "name what to evaluate"),
            (["--site", "nowhere", "--from", "2016-01-01", "--to", "2016-12-31"], "no site with code 'nowhere'"),
            (["--site", "prsa-dongsi", "--from", "2016-01-01", "--to", "2016-12-31", "--format", "xml"], "--format 'xml' must be json or md"),
        ] {
            let run = try await RunningProcess.run(["evaluate", "air"] + arguments + ["--data-directory", directory])
            #expect(run.status != 0)
            #expect(run.output.contains(message), "\(run.output)")
        }
    }
}
