import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import QingshanCore
import QingshanStore
import Testing
import Yams

@testable import QingshanServer

/// The plan's scorecard through the real application: the indicators and targets equal the plan files; the air
/// indicators are the city's assessment stations' (a station that is not one changes nothing; a dust day changes
/// only the dust-deducted figure), computed as an independent count of the same definition; the water indicators
/// are the assessed sections'; entered values keep every revision.
@Suite struct PlanTests {
    static func get(_ client: any TestClientProtocol, _ uri: String, token: String? = nil) async throws -> [String: Any] {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: .get, headers: headers) { response in
            #expect(response.status == .ok, "\(uri): \(response.text)")
            return try response.json()
        }
    }

    static func item(_ scorecard: [String: Any], _ id: Int) throws -> [String: Any] {
        try #require((scorecard["items"] as? [[String: Any]])?.first { $0["id"] as? Int == id })
    }

    /// Both files as YAML, read here without the platform's types.
    @Test func indicatorsAndTargetsEqualThePlanFiles() async throws {
        // The files as shipped, from the source tree.
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/QingshanServer/Resources/plans/bayannur").path
        #expect(try PlanBook.builtIn().indicators.count == 21)
        try await withApp { client, _ in
            let indicators = try #require(
                (try Yams.load(yaml: String(contentsOfFile: folder + "/indicators.yaml", encoding: .utf8)) as? [String: Any])?["indicators"]
                    as? [[String: Any]])
            let targets = try #require(
                (try Yams.load(yaml: String(contentsOfFile: folder + "/targets.yaml", encoding: .utf8)) as? [String: Any])?["targets"]
                    as? [[String: Any]])
            #expect(indicators.count == 21 && targets.count == 87)
            let scorecard = try await Self.get(client, "/api/v1/plan/indicators?year=2023")
            let served = try #require(scorecard["items"] as? [[String: Any]])
            #expect(served.count == 21)
            for (yaml, api) in zip(indicators, served) {
                #expect(api["id"] as? Int == yaml["id"] as? Int)
                #expect(api["nameZh"] as? String == yaml["name_zh"] as? String)
                #expect(api["unit"] as? String == yaml["unit"] as? String)
                #expect(api["binding"] as? String == yaml["binding"] as? String)
                #expect(api["targetKind"] as? String == yaml["target_kind"] as? String)
                #expect((api["baseline2020"] as? Double) == (yaml["baseline_2020"] as? Double ?? (yaml["baseline_2020"] as? Int).map(Double.init)))
                let target = yaml["target_2025"]
                if let text = target as? String {
                    #expect(api["target2025"] as? String == text)
                } else {
                    #expect(api["target2025"] as? Double == (target as? Double ?? (target as? Int).map(Double.init)))
                }
            }
            let listed = try #require((try await Self.get(client, "/api/v1/plan/targets"))["items"] as? [[String: Any]])
            #expect(listed.map { $0["id"] as? String } == targets.map { $0["id"] as? String })
            #expect(listed.map { $0["nameZh"] as? String } == targets.map { $0["name_zh"] as? String })
            #expect(listed.map { $0["deadline"] as? String } == targets.map { $0["deadline"] as? String })
        }
    }

    /// 2023 at the two assessment stations: PM2.5 30 µg/m³ on seven days of ten, 80 on two, 120 on one (the
    /// other pollutants low), every hour. An independent count: a day is good when PM2.5's IAQI ≤ 100, i.e. its
    /// mean ≤ 75; the share is rounded to 0.1 %, the annual PM2.5 mean to a whole µg/m³ (HJ 663).
    @Test func airIndicatorsAreTheAssessmentStations() async throws {
        try await withApp { client, store in
            func pm25(_ day: Int) -> Double { day % 10 < 7 ? 30 : (day % 10 < 9 ? 80 : 120) }
            _ = try await store.addMissingSites([Site(code: "NOT-ASSESSED", nameZh: "非考核点位", kind: .air, regionCode: "150802", origin: .manual)])
            let start = CivilDateTime(year: 2023, month: 1, day: 1).timestamp
            let others: [(String, Double)] = [("a21026", 5), ("a21004", 10), ("a21005", 0.4), ("a05024", 50), ("a34002", 40)]
            var batch: [Observation] = []
            for day in 0..<365 {
                for hour in 0..<24 {
                    let time = start.adding(milliseconds: Int64(day * 24 + hour) * Timestamp.millisecondsPerHour)
                    for site in ["2195A", "2196A", "NOT-ASSESSED"] {
                        let value = site == "NOT-ASSESSED" ? 500 : pm25(day)
                        batch.append(
                            Observation(siteCode: site, parameterCode: "a34004", interval: .hour, periodStart: time, value: value, source: "test"))
                        for (code, level) in others {
                            batch.append(
                                Observation(siteCode: site, parameterCode: code, interval: .hour, periodStart: time, value: level, source: "test"))
                        }
                    }
                }
                if batch.count > 40_000 {
                    _ = try await store.write(batch)
                    batch = []
                }
            }
            _ = try await store.write(batch)
            // Independently: good days and the mean.
            let days = (0..<365).map(pm25)
            let good = days.filter { $0 <= 75 }.count
            let share = (Decimal(good) * 100 / 365 as NSDecimalNumber).rounding(
                accordingToBehavior: NSDecimalNumberHandler(
                    roundingMode: .plain, scale: 1, raiseOnExactness: false, raiseOnOverflow: false, raiseOnUnderflow: false,
                    raiseOnDivideByZero: false)
            ).doubleValue
            let mean = (days.reduce(0, +) / 365).rounded()
            var scorecard = try await Self.get(client, "/api/v1/plan/indicators?year=2023")
            var first = try Self.item(scorecard, 1)
            var second = try Self.item(scorecard, 2)
            #expect(first["value"] as? Double == share && share == 70.4)
            #expect(second["value"] as? Double == mean && mean == 49)
            #expect(
                first["origin"] as? String == "computed" && first["sites"] as? [String] == ["2195A", "2196A"] && first["validDays"] as? Int == 365)
            #expect((first["how"] as? String)?.contains("2 个考核点位") == true)
            // Without dust days, both figures agree; marking a 120 µg/m³ day (2023-01-10) changes only the deducted one.
            #expect(first["dustDeducted"] as? Double == share)
            let city = try await TokenIssuer.create(store: store, role: .station, scope: nil, name: "centre", now: .now).text
            let marked = try await client.execute(
                uri: "/api/v1/plan/dust-days", method: .post, headers: [.authorization: "Bearer \(city)", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"day": "2023-01-10", "note": "沙尘天气过程"}"#)
            ) { $0.status }
            #expect(marked == .noContent)
            scorecard = try await Self.get(client, "/api/v1/plan/indicators?year=2023")
            first = try Self.item(scorecard, 1)
            second = try Self.item(scorecard, 2)
            let deductedShare = (Decimal(good) * 100 / 364 as NSDecimalNumber).rounding(
                accordingToBehavior: NSDecimalNumberHandler(
                    roundingMode: .plain, scale: 1, raiseOnExactness: false, raiseOnOverflow: false, raiseOnUnderflow: false,
                    raiseOnDivideByZero: false)
            ).doubleValue
            #expect(first["value"] as? Double == share && first["dustDeducted"] as? Double == deductedShare && deductedShare == 70.6)
            #expect(second["value"] as? Double == mean && second["dustDeducted"] as? Double == ((days.reduce(0, +) - 120) / 364).rounded())
            // 70.4 % against the linear path 84.1 → 87.4 (86.08 in 2023): behind; 49 against 33 → 29 (30.6): behind.
            #expect(first["progress"] as? String == "behind" && second["progress"] as? String == "behind")
            #expect(first["expected"] as? Double == 86.08)
        }
    }

    /// Sections: 黄河出境 (assessed, NH3-N 0.4 → Ⅱ), 乌梁素海湖心 (assessed, 1.8 → Ⅴ) and 总排干入湖口 (not assessed, 3.0 →
    /// 劣Ⅴ): Ⅰ–Ⅲ 50 % and 劣Ⅴ 0 % of the assessed two; the unassessed canal would have made 劣Ⅴ 33.3 %.
    @Test func waterIndicatorsAreTheAssessedSections() async throws {
        try await withApp { client, store in
            var values: [Observation] = []
            for (site, ammonia) in [("HH-CJ", 0.4), ("WLSH-HX", 1.8), ("ZPG-RH", 3.0)] {
                for month in 1...12 {
                    values.append(
                        Observation(
                            siteCode: site, parameterCode: "w21003", interval: .day,
                            periodStart: CivilDateTime(year: 2023, month: month, day: 10).timestamp, value: ammonia, source: "test"))
                }
            }
            _ = try await store.write(values)
            let scorecard = try await Self.get(client, "/api/v1/plan/indicators?year=2023")
            let third = try Self.item(scorecard, 3)
            let fourth = try Self.item(scorecard, 4)
            #expect(third["value"] as? Double == 50 && fourth["value"] as? Double == 0)
            #expect(third["sites"] as? [String] == ["HH-CJ", "WLSH-HX"])
            // 达到自治区考核要求: no progress until the region's target for the year is entered.
            #expect(third["progress"] as? String == "unknown")
            // Per 旗县区: 乌拉特前旗 holds both assessed sections; 临河区 none (and no value is made up for it).
            let district = try await Self.get(client, "/api/v1/plan/indicators?year=2023&region=150823")
            let districtThird = try Self.item(district, 3)
            #expect(district["region"] as? String == "150823" && districtThird["value"] as? Double == 50)
            let linhe = try Self.item(try await Self.get(client, "/api/v1/plan/indicators?year=2023&region=150802"), 3)
            #expect(linhe["origin"] as? String == "none" && linhe["value"] == nil)
            #expect(try await client.execute(uri: "/api/v1/plan/indicators?region=999999", method: .get) { $0.status } == .badRequest)
        }
    }

    /// A statistic entered and then corrected: both revisions in the history with who and when; the corrected one
    /// is the year's value. Entering needs the city role.
    @Test func enteredValuesKeepTheirRevisions() async throws {
        try await withApp { client, store in
            let city = try await TokenIssuer.create(store: store, role: .city, scope: nil, name: "规划科", now: .now)
            let reader = try await TokenIssuer.create(store: store, role: .reader, scope: nil, name: "reader", now: .now).text
            func enter(_ body: String, token: String?) async throws -> HTTPResponse.Status {
                var headers: HTTPFields = [.contentType: "application/json"]
                if let token { headers[.authorization] = "Bearer \(token)" }
                return try await client.execute(
                    uri: "/api/v1/plan/indicators/17/entries", method: .post, headers: headers, body: ByteBuffer(string: body)
                ) {
                    $0.status
                }
            }
            let first = #"{"year": 2023, "value": 6.6, "source": "2023 年林草统计"}"#
            #expect(try await enter(first, token: nil) == .unauthorized)
            #expect(try await enter(first, token: reader) == .forbidden)
            #expect(try await enter(first, token: city.text) == .created)
            #expect(try await enter(#"{"year": 2023, "value": 6.8, "source": "2023 年林草统计（更正）"}"#, token: city.text) == .created)
            #expect(try await enter(#"{"year": 2023, "value": 6.8, "source": "  "}"#, token: city.text) == .badRequest)
            #expect(try await enter(#"{"year": 2023, "value": 1, "source": "x", "kind": "regional_target"}"#, token: city.text) == .badRequest)
            let detail = try await Self.get(client, "/api/v1/plan/indicators/17?year=2023")
            let entries = try #require(detail["entries"] as? [[String: Any]])
            #expect(entries.map { $0["revision"] as? Int } == [1, 2] && entries.map { $0["value"] as? Double } == [6.6, 6.8])
            #expect(entries.allSatisfy { ($0["enteredBy"] as? String) == "token:\(city.token.id)" && $0["enteredAt"] is String })
            let indicator = try #require(detail["indicator"] as? [String: Any])
            // 6.8 against the linear path 6.47 → 6.97 (6.77 in 2023): on track.
            #expect(
                indicator["value"] as? Double == 6.8 && indicator["origin"] as? String == "entered" && indicator["progress"] as? String == "on_track")
            #expect((indicator["how"] as? String)?.contains("第 2 版") == true)
            let audited = try await store.auditEntries(from: 1, limit: 100, descending: false).filter { $0.record.action == "plan.enter" }
            #expect(audited.count == 2)
            // A further target due by 2023, recorded as not done: listed with its result and counted by the report.
            let due = try #require(try PlanBook.builtIn().targets.first { ($0.deadline ?? "9999") <= "2023-12-31" })
            let recorded = try await client.execute(
                uri: "/api/v1/plan/targets/\(due.id)/results", method: .post,
                headers: [.authorization: "Bearer \(city.text)", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"met": false, "note": "2023 年底未完成"}"#)
            ) { $0.status }
            #expect(recorded == .created)
            let targets = try #require((try await Self.get(client, "/api/v1/plan/targets"))["items"] as? [[String: Any]])
            let listed = try #require(targets.first { $0["id"] as? String == due.id }?["result"] as? [String: Any])
            #expect(listed["met"] as? Bool == false && listed["revision"] as? Int == 1)
            let report = try await client.execute(uri: "/api/v1/plan/report?year=2023&kind=midterm&format=md", method: .get) { $0.text }
            #expect(report.contains("| \(due.id) |") && report.contains("未完成（2023 年底未完成）") && report.contains("已过期限未完成 1 项"))
        }
    }
}

/// 规划指标 on the console: the 21 rows for the public; the entry form for the city, whose entries appear.
@Suite struct PlanPageTests {
    @Test func scorecardPageAndEntryForm() async throws {
        try await withApp { client, store in
            let page = try await client.execute(uri: "/plan?year=2023", method: .get) { response in
                #expect(response.status == .ok)
                return response.text
            }
            #expect(page.contains("<h1>规划指标</h1>") && page.matches(of: /<tr><td class="num">\d+<\/td>/).count == 21)
            #expect(page.contains("城市空气质量优良天数比例") && page.contains("待评估") && !page.contains(#"action="/plan/entries""#))
            let district = try await client.execute(uri: "/plan?year=2023&region=150823", method: .get) { $0.text }
            #expect(district.contains("乌拉特前旗 2023 年") && district.contains(#"<option value="150823" selected>"#))
            let city = try await ConsoleAlarmActionTests.session(client, store, "plan-li", role: .city, scope: nil)
            let signedIn = try await client.execute(uri: "/plan?year=2023", method: .get, headers: city.headers) { $0.text }
            #expect(signedIn.contains(#"action="/plan/entries""#))
            let saved = try await client.execute(
                uri: "/plan/entries", method: .post, headers: city.headers,
                body: AccountTests.form(["_csrf": city.csrf, "indicator": "17", "kind": "value", "year": "2023", "value": "6.8", "source": "林草统计"])
            ) { $0 }
            #expect(saved.status == .seeOther && saved.headers[.location] == "/plan?year=2023&saved=1")
            let refused = try await client.execute(
                uri: "/plan/entries", method: .post, headers: city.headers,
                body: AccountTests.form(["_csrf": city.csrf, "indicator": "17", "year": "2023", "value": "abc", "source": "x"])
            ) { $0.status }
            #expect(refused == .badRequest)
            let after = try await client.execute(uri: "/plan?year=2023&saved=1", method: .get, headers: city.headers) { $0.text }
            #expect(after.contains("已保存") && after.contains("录入值：林草统计"))
            // A due target's result, recorded from the page, is shown beside it.
            let due = try #require(try PlanBook.builtIn().targets.first { ($0.deadline ?? "9999") <= "2023-12-31" })
            #expect(after.contains("<td>\(due.id)</td>") && after.contains("未记录"))
            let recorded = try await client.execute(
                uri: "/plan/target-results", method: .post, headers: city.headers,
                body: AccountTests.form(["_csrf": city.csrf, "target": due.id, "met": "true", "note": "已验收", "year": "2023"])
            ) { $0.status }
            #expect(recorded == .seeOther)
            let shown = try await client.execute(uri: "/plan?year=2023", method: .get) { $0.text }
            #expect(shown.contains("已完成（已验收）"))
            let reader = try await ConsoleAlarmActionTests.session(client, store, "plan-reader", role: .reader, scope: nil)
            let forged = try await client.execute(
                uri: "/plan/entries", method: .post, headers: reader.headers,
                body: AccountTests.form(["_csrf": reader.csrf, "indicator": "17", "year": "2023", "value": "9", "source": "x"])
            ) { $0.status }
            #expect(forged == .forbidden)
        }
    }
}

/// The mid-term report of 2023 as Markdown and as a PDF printed by Chromium: the indicator table's 21 rows, a
/// chart of the computed good-day share over 2021–2023, Chinese text (read back with pdftotext), and page 1 as
/// an image kept in `.build/plan-report/` for people to look at.
@Suite struct PlanReportTests {
    @Test func midtermReportAsMarkdownAndPDF() async throws {
        try await withApp { client, store in
            // Five days of each year at the assessment stations: PM2.5 30, the rest low.
            var batch: [Observation] = []
            for year in 2021...2023 {
                for day in 1...5 {
                    for hour in 0..<24 {
                        let time = CivilDateTime(year: year, month: 5, day: day, hour: hour).timestamp
                        for site in ["2195A", "2196A"] {
                            for (code, level) in [
                                ("a34004", year == 2022 && day == 1 ? 160.0 : 30), ("a21026", 5), ("a21004", 10), ("a21005", 0.4), ("a05024", 50),
                                ("a34002", 40),
                            ] {
                                batch.append(
                                    Observation(siteCode: site, parameterCode: code, interval: .hour, periodStart: time, value: level, source: "test")
                                )
                            }
                        }
                    }
                }
            }
            _ = try await store.write(batch)
            let markdown = try await client.execute(uri: "/api/v1/plan/report?year=2023&kind=midterm&format=md", method: .get) { response in
                #expect(response.status == .ok && response.headers[.contentType]?.hasPrefix("text/markdown") == true)
                return response.text
            }
            #expect(markdown.contains("中期评估报告（2023 年）"))
            #expect(markdown.split(separator: "\n").filter { $0.range(of: #"^\| \d+ \| "#, options: .regularExpression) != nil }.count == 21)
            // 2022: one day of five over 75 µg/m³ → 80 %.
            #expect(markdown.contains("1. 城市空气质量优良天数比例：2021 年 100，2022 年 80，2023 年 100"))
            #expect(markdown.contains("截至 2023 年底到期的规划目标"))
            guard PlanReportPDF.browser != nil else {
                Issue.record("chromium is not installed: scripts/install-deps.sh test installs it")
                return
            }
            let pdf = try await client.execute(uri: "/api/v1/plan/report?year=2023&kind=midterm&format=pdf", method: .get) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "application/pdf")
                return Data(buffer: response.body)
            }
            #expect(pdf.starts(with: Array("%PDF".utf8)))
            let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/plan-report")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let file = folder.appendingPathComponent("midterm-2023.pdf")
            try pdf.write(to: file)
            func run(_ tool: String, _ arguments: [String]) throws -> String {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/" + tool)
                process.arguments = arguments
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                let output = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                #expect(process.terminationStatus == 0, "\(tool) failed")
                return String(decoding: output, as: UTF8.self)
            }
            let text = try run("pdftotext", ["-raw", "-enc", "UTF-8", file.path, "-"])
            let compact = text.filter { !$0.isWhitespace }
            #expect(compact.contains("中期评估报告") && compact.contains("一、主要指标完成情况") && compact.contains("二、计算指标逐年变化"))
            for indicator in try PlanBook.builtIn().indicators {
                #expect(compact.contains(indicator.nameZh.filter { !$0.isWhitespace }), "row \(indicator.id) missing from the PDF")
            }
            #expect(compact.contains("1.城市空气质量优良天数比例（%）"), "the chart's caption")
            _ = try run("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", file.path, folder.appendingPathComponent("midterm-2023-page").path])
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("midterm-2023-page-1.png").path))
        }
    }
}
