import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOFoundationEssentialsCompat
import QingshanCore
import QingshanStore
import Testing

@testable import QingshanServer
@testable import QingshanTools

/// The console's pages through the real application: Chinese pages that hold what the API says, the API's
/// access rules, the first-run guidance, Leaflet served only from Debian's package, and the HTML of each page
/// for fixed data held to a snapshot.
@Suite struct ConsoleTests {
    static func importReleaseDay(_ store: SQLStore) async throws {
        let importer = Importer(store: store, batchSize: 50_000, strict: true, showProgress: false)
        _ = try await importer.run(format: .cnemc, files: [Fixture.path("china_sites_20170101.csv")])
        try await store.discardPendingRollupDays()
    }

    static func page(_ client: any TestClientProtocol, _ uri: String, token: String? = nil) async throws -> (HTTPResponse.Status, String) {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: .get, headers: headers) { ($0.status, $0.text) }
    }

    /// The overview's and the site page's numbers are the API's: the AQI of 附二中 (2195A) and of the city, and
    /// the latest PM2.5 value, on the CNEMC release day (where the release itself published AQI 54 for 2195A at
    /// 21:00).
    @Test func pagesShowWhatTheAPISays() async throws {
        try await withApp(prepare: Self.importReleaseDay) { client, store in
            let latest = try await client.execute(uri: "/api/v1/aqi/latest", method: .get) { try $0.json() }
            let items = try #require(latest["items"] as? [[String: Any]])
            func aqi(_ code: String) throws -> Int {
                let item = try #require(items.first { $0["code"] as? String == code })
                return try #require((item["aqi"] as? [String: Any])?["aqi"] as? Int)
            }
            let station = try aqi("2195A")
            let published = try await store.latest(siteCode: "2195A").first { $0.parameterCode == "aqi" }?.value
            #expect(published == Double(station))

            let (status, overview) = try await Self.page(client, "/")
            #expect(status == .ok)
            #expect(overview.contains("<h1>总览</h1>"))
            #expect(overview.contains(#"<html lang="zh-CN">"#))
            #expect(overview.contains(#"<div class="aqi-name">巴彦淖尔市</div>"#))
            #expect(overview.contains(#"<div class="aqi-value">\#(try aqi("150800"))</div>"#))
            #expect(overview.contains(#"<a href="/sites/2195A">附二中</a></td><td class="num">\#(station)</td>"#))
            #expect(!overview.contains("开始使用"), "data is stored: no first-run guidance")
            // The release's 1,400-odd stations outside the city are counted, not listed.
            #expect(overview.contains("个市外空气站点"))
            #expect(!overview.contains(#"href="/sites/1001A""#))

            let (siteStatus, site) = try await Self.page(client, "/sites/2195A")
            #expect(siteStatus == .ok)
            #expect(site.contains("<h1>附二中</h1>"))
            #expect(site.contains(#"<div class="aqi-value">\#(station)</div>"#))
            #expect(site.contains("健康影响：</strong>空气质量可接受"))
            let pm25 = try await client.execute(uri: "/api/v1/sites/2195A/latest", method: .get) { try $0.json() }
            let value = try #require(
                (pm25["items"] as? [[String: Any]])?.first { $0["parameter"] as? String == "a34004" && $0["interval"] as? String == "hour" }?["value"]
                    as? Double)
            #expect(site.contains(#"细颗粒物(PM2.5) <small>a34004</small></td><td>小时</td><td class="num">\#(JSONBytes.number(value))</td>"#))
            #expect(site.contains("<svg class=\"chart\""))
            #expect(site.contains("<path d=\"M"))
            // The chart's CSV link answers with the same series.
            let csvLink = try #require(site.firstMatch(of: /<a href="([^"]+format=csv)">下载 CSV<\/a>/)?.output.1)
            let csv = try await client.execute(uri: String(csvLink).replacingOccurrences(of: "&amp;", with: "&"), method: .get) { $0 }
            #expect(csv.status == .ok)
            #expect(String(buffer: csv.body).hasPrefix("time,value,flag\n"))

            // Another parameter and a range, chosen in the form (works without JavaScript).
            let (_, pm10) = try await Self.page(client, "/sites/2195A?parameter=a34002&hours=12")
            #expect(pm10.contains("可吸入颗粒物(PM10) 小时值（最近 12 小时）"))
            #expect(try await Self.page(client, "/sites/2195A?hours=99999").1.contains("最近 744 小时"))
        }
    }

    /// Anonymous visitors see public sites only, on every page; the bureau's token sees the unpublished outlet.
    @Test func pagesFollowTheAccessRules() async throws {
        try await AccessTests.withOutletApp { client, store, tokens in
            let outlet = AccessTests.outlet.code
            #expect(try await Self.page(client, "/sites/\(outlet)").0 == .notFound)
            #expect(try await Self.page(client, "/sites/\(outlet)", token: tokens.city).0 == .ok)
            #expect(try await Self.page(client, "/sites/\(outlet)", token: tokens.enterprise).0 == .ok)
            #expect(try await Self.page(client, "/sites/\(outlet)", token: tokens.otherCounty).0 == .notFound)
            let (_, anonymousMap) = try await Self.page(client, "/map/data.json")
            #expect(!anonymousMap.contains(outlet))
            #expect(anonymousMap.contains(#""code":"2195A""#))
            #expect(try await Self.page(client, "/map/data.json", token: tokens.city).1.contains(outlet))
            let map = try JSONSerialization.jsonObject(with: Data(anonymousMap.utf8)) as? [String: Any]
            let features = try #require(map?["features"] as? [[String: Any]])
            let regions = features.filter { ($0["properties"] as? [String: Any])?["layer"] as? String == "region" }
            #expect(regions.count == 7, "the seven 旗县区")
            _ = store
        }
    }

    /// An empty store: the overview says how to start (the logger port, the import commands, the demo).
    @Test func firstRunSaysWhatToDoNext() async throws {
        var config = AppConfig(dataDirectory: Fixture.temporaryDirectory())
        config.hj212 = HostAndPort(host: "0.0.0.0", port: 9212)
        try await withApp(config: config) { client, store in
            let (_, empty) = try await Self.page(client, "/")
            #expect(empty.contains("开始使用"))
            #expect(empty.contains("<code>0.0.0.0:9212</code>"))
            #expect(empty.contains("qingshan import cnemc"))
            #expect(empty.contains("qingshan simulate --devices 8"))
            #expect(!empty.contains("class=\"demo-note\""), "no demo sites yet")
            _ = try await store.write([
                Observation(
                    siteCode: "2195A", parameterCode: "a34004", interval: .hour, periodStart: CivilDateTime(year: 2026, month: 3, day: 1).timestamp,
                    value: 30, source: "test")
            ])
            #expect(!(try await Self.page(client, "/").1.contains("开始使用")))
        }
    }

    /// Leaflet comes from Debian's package and nowhere else: only its own files, by name.
    @Test func leafletIsServedFromTheDebianPackageOnly() async throws {
        try await withApp { client, _ in
            let installed = FileManager.default.fileExists(atPath: "/usr/share/javascript/leaflet/leaflet.js")
            #expect(installed, "scripts/install-deps.sh test installs libjs-leaflet")
            #expect(try await Self.page(client, "/assets/leaflet/leaflet.js").0 == (installed ? .ok : .serviceUnavailable))
            for path in [
                "/assets/leaflet/..%2F..%2F..%2Fetc%2Fpasswd", "/assets/leaflet/leaflet.js.map", "/assets/leaflet/images/..%2Fleaflet.js",
                "/assets/..%2Fconsole%2Fheader.mustache", "/assets/nothing.css",
            ] {
                #expect(try await Self.page(client, path).0 == .notFound, "\(path)")
            }
            let (status, map) = try await Self.page(client, "/map")
            #expect(status == .ok)
            #expect(map.contains(#"<script src="/assets/leaflet/leaflet.js"></script>"#))
            #expect(!map.contains("http://") && !map.contains("https://"), "nothing loaded from outside")
        }
    }

    /// 评价: the page's numbers are the evaluation API's for the same days, the ranking holds the district and both
    /// stations with last year's comparison (none: no data then), and its CSV has a row for each.
    @Test func evaluationPageShowsTheAPIsEvaluationAndRanking() async throws {
        try await withApp(prepare: Self.fixedData) { client, _ in
            let api = try await client.execute(uri: "/api/v1/evaluation/air?region=150800&from=2026-03-01&to=2026-03-01", method: .get) {
                try $0.json()
            }
            let index = try #require(api["comprehensiveIndex"] as? Double)
            let share = try #require(api["goodDayShare"] as? Double)
            let (status, html) = try await Self.page(client, "/evaluation?period=2026-03")
            #expect(status == .ok)
            #expect(html.contains("<h1>评价</h1>"))
            #expect(html.contains("2026-03（截至 2026-03-01）"))
            #expect(html.contains(#"<h2>综合指数</h2><p class="big">\#(JSONBytes.number(index))</p>"#))
            #expect(html.contains(#"<h2>优良天数比例</h2><p class="big">\#(JSONBytes.number(share))%</p>"#))
            let site = try await client.execute(uri: "/api/v1/evaluation/air?site=2196A&from=2026-03-01&to=2026-03-01", method: .get) {
                try $0.json()
            }
            let siteIndex = try #require(site["comprehensiveIndex"] as? Double)
            #expect(
                html.contains(#"<a href="/sites/2196A">市环保大楼</a></td><td class="num">\#(JSONBytes.number(siteIndex))</td><td class="num">—</td>"#))
            let (csvStatus, csv) = try await Self.page(client, "/evaluation?period=2026-03&format=csv")
            #expect(csvStatus == .ok)
            let lines = csv.split(separator: "\n")
            #expect(lines.first?.hasPrefix("排名,类型,编码,名称,综合指数") == true)
            #expect(lines.count == 4, "临河区 and its two stations: \(lines)")
            #expect(lines.contains { $0.hasPrefix("1,") })
            // The sections' classes are the water evaluation API's.
            let water = try await client.execute(uri: "/api/v1/evaluation/water?region=150800&from=2026-03-01&to=2026-03-01", method: .get) {
                try JSONDecoder().decode(WaterEvaluationDTO.self, from: Data(buffer: $0.body))
            }
            let river = try #require(water.sections.first { $0.code == "HH-CJ" })
            #expect(river.waterClass == "Ⅱ类")
            #expect(html.contains(#"<a href="/sites/HH-CJ">\#(river.name)</a></td><td>河流</td><td>Ⅱ类</td><td>Ⅱ类</td>"#))
            let lake = try #require(water.sections.first { $0.code == "WLSH-HX" })
            #expect(
                html.contains(
                    #"<a href="/sites/WLSH-HX">\#(lake.name)</a></td><td>湖库</td><td>\#(lake.target ?? "")</td><td>\#(lake.waterClass ?? "")</td>"#))
            #expect(html.contains("达到水质目标 \(water.attained) / \(water.withTarget) 个断面"))
            let (_, overview) = try await Self.page(client, "/")
            #expect(overview.contains("地表水断面（今年以来：2026-01-01 至 2026-03-01）"))
            // On the map the sections carry their class and are coloured by whether they meet their target.
            let map = try await client.execute(uri: "/map/data.json", method: .get) { try $0.json() }
            let features = try #require(map["features"] as? [[String: Any]]).compactMap { $0["properties"] as? [String: Any] }
            let riverOnMap = try #require(features.first { $0["code"] as? String == "HH-CJ" })
            #expect(riverOnMap["waterClass"] as? String == river.waterClass)
            #expect(riverOnMap["colour"] as? String == (river.attained == true ? "#1e88e5" : "#e53935"))
            let (bad, problem) = try await Self.page(client, "/evaluation?period=2026-13")
            #expect(bad == .badRequest)
            #expect(problem.contains("invalid_period"))
        }
    }

    /// The site page's AQI calendar colours each day by the daily AQI the API computes; days without one are grey.
    @Test func siteCalendarShowsTheDailyAQI() async throws {
        try await withApp(prepare: Self.fixedData) { client, _ in
            let daily = try await client.execute(
                uri: "/api/v1/sites/2195A/aqi?interval=day&from=2026-03-01T00:00:00%2B08:00&to=2026-03-02T00:00:00%2B08:00", method: .get
            ) { try $0.json() }
            let item = try #require((daily["items"] as? [[String: Any]])?.first)
            let aqi = try #require(item["aqi"] as? Int)
            let colour = try #require(item["colour"] as? String)
            let category = try #require(item["category"] as? String)
            let (_, html) = try await Self.page(client, "/sites/2195A")
            #expect(html.contains("2026 年 AQI 日历"))
            #expect(html.contains(#"<td style="background:\#(colour)" title="2026-03-01 AQI \#(aqi) \#(category)"></td>"#))
            #expect(html.contains(#"title="2026-02-28 无有效数据""#))
            #expect(html.components(separatedBy: "<td style=\"background:").count - 1 == 365)
        }
    }

    /// The overview's live refresh: one Server-Sent Event with the AQI the API gives, for the stations this
    /// visitor may see.
    @Test func overviewEventsCarryTheAPIsAQI() async throws {
        try await withApp(prepare: Self.fixedData) { client, _ in
            let latest = try await client.execute(uri: "/api/v1/aqi/latest", method: .get) { try $0.json() }
            let station = try #require((latest["items"] as? [[String: Any]])?.first { $0["code"] as? String == "2196A" })
            let aqi = try #require((station["aqi"] as? [String: Any])?["aqi"] as? Int)
            try await client.execute(uri: "/events/overview?once", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/event-stream; charset=utf-8")
                let lines = response.text.split(separator: "\n")
                #expect(lines.first == "retry: 10000")
                #expect(lines.contains("event: overview"))
                let data = try #require(lines.first { $0.hasPrefix("data: ") }?.dropFirst(6))
                let event = try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
                let stations = try #require(event["stations"] as? [[String: Any]])
                #expect(stations.first { $0["code"] as? String == "2196A" }?["aqi"] as? String == String(aqi))
                #expect(event["devicesOffline"] as? Int == 1)
            }
        }
    }

    /// Chinese by default; `?lang=en` gives the same pages in English and a cookie that keeps the choice. No page
    /// title, table header or navigation label is left in Chinese; data (site and parameter names) keep theirs.
    @Test func englishSwitch() async throws {
        try await withApp(prepare: Self.fixedData) { client, _ in
            let (_, chinese) = try await Self.page(client, "/")
            #expect(chinese.contains(#"<html lang="zh-CN">"#))
            #expect(chinese.contains("<h1>总览</h1>"))
            #expect(chinese.contains(#"href="?lang=en""#))
            try await client.execute(uri: "/?lang=en", method: .get) { response in
                #expect(response.headers[.setCookie]?.hasPrefix("qs_lang=en;") == true)
                #expect(response.text.contains(#"<html lang="en">"#))
                #expect(response.text.contains("<h1>Overview</h1>"))
                #expect(response.text.contains("Share of good air days (city)"))
                #expect(response.text.contains(#"href="?lang=zh""#))
            }
            // The live refresh speaks the visitor's language too.
            let event = try await client.execute(uri: "/events/overview?once", method: .get, headers: [.cookie: "qs_lang=en"]) { $0.text }
            #expect(event.contains(#""category":"Good""#) || event.contains(#""category":"Excellent""#))
            #expect(!event.contains(#""category":"良""#))
            let english: HTTPFields = [.cookie: "other=1; qs_lang=en"]
            for uri in ["/", "/sites/2195A", "/evaluation?period=2026-03", "/devices", "/map", "/open-data", "/alarms", "/sign-in", "/plan"] {
                let html = try await client.execute(uri: uri, method: .get, headers: english) { $0.text }
                #expect(html.contains(#"<html lang="en">"#), "\(uri)")
                // Table headers and the navigation are all labels; a page's title is one except on a site's page.
                let labels = uri.hasPrefix("/sites") ? /<(th)>([^<]*\p{Han}[^<]*)</ : /<(h1|th)>([^<]*\p{Han}[^<]*)</
                let chineseLabels = html.matches(of: labels).map { String($0.output.2) }
                #expect(chineseLabels.isEmpty, "\(uri) still has \(chineseLabels)")
                let navigation = try #require(html.firstMatch(of: /<nav>(.*?)<\/nav>/)?.output.1)
                #expect(!navigation.contains(/\p{Han}/), "\(uri): \(navigation)")
            }
            let site = try await client.execute(uri: "/sites/2195A", method: .get, headers: english) { $0.text }
            #expect(site.contains("<h1>附二中</h1>"), "site names stay as registered")
            #expect(site.contains("Health effects and advice (HJ 633)"))
            #expect(site.contains(#"<div class="aqi-category">Good</div>"#))
            try await client.execute(uri: "/?lang=zh", method: .get, headers: english) { response in
                #expect(response.text.contains("<h1>总览</h1>"))
                #expect(response.headers[.setCookie]?.hasPrefix("qs_lang=zh;") == true)
            }
        }
    }

    /// The chart's completeness comes from the day rollups: fixed data have one hour flagged M of 24.
    @Test func siteCoverageComesFromTheRollups() async throws {
        try await withApp(prepare: Self.fixedData) { client, store in
            let (_, before) = try await Self.page(client, "/sites/2195A?parameter=a34004&hours=24")
            #expect(before.contains("数据完整率：该时段尚无日汇总"))
            let day = CivilDateTime(year: 2026, month: 3, day: 1)
            _ = try await RollupWorker(store: store, logger: Logger(label: "test")).rebuild(siteCodes: ["2195A"], first: day, last: day)
            let rollup = try #require(
                try await store.rollups(
                    siteCode: "2195A", parameterCode: "a34004", period: .day, from: day.timestamp, to: day.timestamp.adding(milliseconds: 1)
                )
                .first)
            #expect(rollup.validCount == 23)
            let (_, after) = try await Self.page(client, "/sites/2195A?parameter=a34004&hours=24")
            #expect(after.contains("日均值有效 1 / 1 天，小时数据完整率 95.8%（有效小时 23 / 应有 24）"))
        }
    }

    /// The daily chart draws the day rollups' means, says how many days were valid, and downloads the same
    /// rollups as CSV through the API.
    @Test func siteDailyChartShowsTheDayRollups() async throws {
        try await withApp(prepare: Self.fixedData) { client, store in
            let day = CivilDateTime(year: 2026, month: 3, day: 1)
            _ = try await RollupWorker(store: store, logger: Logger(label: "test")).rebuild(siteCodes: ["2195A"], first: day, last: day)
            let (status, html) = try await Self.page(client, "/sites/2195A?parameter=a34004&interval=day&days=7")
            #expect(status == .ok)
            #expect(html.contains("<h2>细颗粒物(PM2.5) 日均值（最近 7 天）</h2>"))
            #expect(html.contains("数据完整率：日均值有效 1 / 7 天 · 14.3%"))
            #expect(html.contains(#"<option value="day" selected>日均值</option>"#))
            let link = try #require(html.firstMatch(of: #/href="(/api/v1/sites/2195A/rollups[^"]+)"/#)).1
            let csvURI = String(link).replacingOccurrences(of: "&amp;", with: "&")
            #expect(csvURI.contains("period=day") && csvURI.contains("format=csv"))
            let csv = try await client.execute(uri: csvURI, method: .get) { ($0.headers[.contentType], $0.text) }
            #expect(csv.0 == "text/csv; charset=utf-8")
            let rows = csv.1.split(separator: "\n")
            #expect(rows.first == "time,value,valid_count,expected_count,coverage")
            let rollup = try #require(
                try await store.rollups(
                    siteCode: "2195A", parameterCode: "a34004", period: .day, from: day.timestamp, to: day.timestamp.adding(milliseconds: 1)
                ).first)
            let value = try #require(rollup.value)
            #expect(rows.dropFirst().map(String.init) == ["2026-03-01T00:00:00+08:00,\(JSONBytes.number(value)),23,24,0.9583"])
            // The day chart of a range longer than the API allows is cut to 400 days, not refused.
            #expect(try await Self.page(client, "/sites/2195A?interval=day&days=100000").1.contains("日均值（最近 400 天）"))
            let tooLong = try await client.execute(
                uri: "/api/v1/sites/2195A/rollups?parameter=a34004&period=day&from=2024-01-01T00:00:00%2B08:00&to=2026-01-01T00:00:00%2B08:00",
                method: .get
            ) { $0.status }
            #expect(tooLong == .badRequest)
        }
    }

    /// A section's water class month by month, each month as the water evaluation API judges it: 黄河出境断面
    /// (target Ⅱ) at NH3-N 1.2 mg/L in February (Ⅳ, missed) and 0.3–0.5 in March (Ⅱ, met).
    @Test func waterSectionShowsItsClassMonthByMonth() async throws {
        try await withApp(prepare: Self.fixedData) { client, store in
            let february = CivilDateTime(year: 2026, month: 2, day: 10).timestamp
            _ = try await store.write([
                Observation(siteCode: "HH-CJ", parameterCode: "w21003", interval: .hour, periodStart: february, value: 1.2, source: "test")
            ])
            let (status, html) = try await Self.page(client, "/sites/HH-CJ")
            #expect(status == .ok)
            #expect(html.contains("<h2>水质类别历史（GB 3838，逐月）</h2>"))
            let rows = html.matches(
                of:
                    #/<tr><td>(\d{4}) 年 (\d+) 月</td><td><span[^>]*></span> ([^<]+)</td><td>[^<]*</td><td>[^<]*</td><td>([^<]*)</td><td>([^<]*)</td></tr>/#
            )
            #expect(rows.count == 12)
            #expect(rows.first.map { "\($0.1)-\($0.2)" } == "2025-4")
            #expect(rows.last.map { "\($0.1)-\($0.2)" } == "2026-3")
            for (month, expected) in [(2, ("Ⅳ类", "未达标")), (3, ("Ⅱ类", "达标"))] {
                let water = try await client.execute(
                    uri: "/api/v1/evaluation/water?site=HH-CJ&from=2026-0\(month)-01&to=2026-0\(month)-28", method: .get
                ) { try $0.json() }
                let section = try #require((water["sections"] as? [[String: Any]])?.first)
                let row = try #require(rows.first { $0.1 == "2026" && $0.2 == "\(month)" })
                #expect(String(row.3) == section["waterClass"] as? String)
                #expect(String(row.3) == expected.0 && String(row.5) == expected.1 && row.4 == "Ⅱ类")
            }
            #expect(rows.filter { $0.3 == "无数据" }.count == 10)
            // An air station has no water history.
            #expect(!(try await Self.page(client, "/sites/2195A").1.contains("水质类别历史")))
        }
    }

    /// 告警: the list and an alarm's page show what the API shows the same principal — an outlet's exceedance to
    /// the city, nothing of it to an anonymous visitor — with the evidence, the chart and its limit, the history;
    /// the outlet's page shows its permit and the month's hours over the limit.
    @Test func alarmPagesShowWhatTheAPIShows() async throws {
        try await withApp(prepare: Self.fixedData) { client, store in
            let city = try await TokenIssuer.create(store: store, role: .city, scope: nil, name: "console city", now: .now).text
            let start = CivilDateTime(year: 2026, month: 3, day: 1, hour: 8).timestamp
            _ = try await store.write(
                [600.0, 620, 300].enumerated().map { offset, value in
                    Observation(
                        siteCode: "E07-G1", parameterCode: "a21026", interval: .hour,
                        periodStart: start.adding(milliseconds: Int64(offset) * Timestamp.millisecondsPerHour), value: value, source: "test")
                } + [
                    Observation(
                        siteCode: "E07-G1", parameterCode: "a21026", interval: .hour,
                        periodStart: start.adding(milliseconds: -Timestamp.millisecondsPerHour), value: 900, flag: "M", source: "test")
                ])
            try await AlarmEngine(store: store, catalogue: .standard, logger: Logger(label: "test")).pass()
            let api = try await client.execute(uri: "/api/v1/alarms", method: .get, headers: [.authorization: "Bearer \(city)"]) { try $0.json() }
            let alarm = try #require((api["items"] as? [[String: Any]])?.first { $0["site"] as? String == "E07-G1" })
            let id = try #require(alarm["id"] as? Int)
            let (_, anonymous) = try await Self.page(client, "/alarms")
            #expect(anonymous.contains("<h1>告警</h1>") && anonymous.contains("未登录时只显示公开站点"))
            #expect(!anonymous.contains("E07-G1"))
            #expect(try await Self.page(client, "/alarms/\(id)").0 == .notFound)
            let (status, list) = try await Self.page(client, "/alarms?status=cleared", token: city)
            #expect(status == .ok)
            #expect(list.contains(#"<a href="/alarms/\#(id)">\#(alarm["summary"] as? String ?? "")</a>"#))
            #expect(list.contains("西沙德格铝业公司 废气排放口") && list.contains("已恢复"))
            #expect(!(try await Self.page(client, "/alarms?status=active", token: city).1.contains("/alarms/\(id)\"")))
            let (_, detail) = try await Self.page(client, "/alarms/\(id)", token: city)
            #expect(detail.contains("<h1>告警 \(id)：超标排放</h1>"))
            #expect(detail.contains("二氧化硫小时均值 ≤ 550 mg/m³（GB 16297-1996 表2 其他）"))
            #expect(detail.contains(#"<td class="num">620</td>"#))
            #expect(detail.contains(#"class="limit""#) && detail.contains("限值 550"))
            #expect(detail.contains("<td>产生</td><td>系统</td>") && detail.contains("<td>恢复/清除</td>"))
            let (_, outlet) = try await Self.page(client, "/sites/E07-G1", token: city)
            #expect(outlet.contains("<h2>排污许可与合规情况</h2>") && outlet.contains("真实排污许可限值未知"))
            // March 2026: 4 hours received (one flagged M at 900, not an exceedance), 3 valid, 2 over the limit.
            #expect(
                outlet.contains(
                    #"<tr><td>2026 年 3 月</td><td class="num">24</td><td class="num">4</td><td class="num">3</td><td class="num over">2</td><td class="num">1</td><td class="num">12.5%</td></tr>"#
                ))
            #expect(outlet.contains(#"<a href="/alarms/\#(id)">"#))
            // The live refresh: the newest alarm the principal may see, and the active ones.
            let stream = try await client.execute(uri: "/events/alarms?once", method: .get, headers: [.authorization: "Bearer \(city)"]) { $0.text }
            #expect(stream.contains(#"event: alarms\#ndata: {"active":0,"newest":\#(id)}"#))
            let anonymousStream = try await client.execute(uri: "/events/alarms?once", method: .get) { $0.text }
            #expect(anonymousStream.contains(#"data: {"active":0,"newest":0}"#))
            #expect(list.contains(#"data-newest="\#(id)""#))
        }
    }

    /// 开放数据 lists every operation of the API document.
    @Test func openDataListsTheAPIDocument() async throws {
        try await withApp { client, _ in
            let document = try await client.execute(uri: "/api/v1/openapi.json", method: .get) { try $0.json() }
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let operations = paths.values.reduce(0) { $0 + $1.keys.filter { ["get", "post", "put", "delete"].contains($0) }.count }
            let (status, html) = try await Self.page(client, "/open-data")
            #expect(status == .ok)
            #expect(html.contains("<h1>开放数据</h1>"))
            #expect(html.components(separatedBy: "<tr><td><code>").count - 1 == operations)
            #expect(html.contains("<code>/api/v1/sites/{code}/observations</code>"))
        }
    }

    /// The HTML of each page for fixed data, held to the files in Fixtures/console. After a deliberate change,
    /// `QINGSHAN_UPDATE_SNAPSHOTS=1 swift test --filter ConsoleTests` rewrites them (then read the diff).
    @Test(arguments: ["/", "/sites/2195A?hours=24", "/sites/HH-CJ", "/evaluation?period=2026-03", "/devices", "/map", "/open-data", "/alarms"])
    func snapshots(uri: String) async throws {
        try await withApp(prepare: Self.fixedData) { client, _ in
            let (status, html) = try await Self.page(client, uri)
            #expect(status == .ok)
            let name = uri == "/" ? "overview" : String(uri.dropFirst().prefix { $0 != "?" }).replacingOccurrences(of: "/", with: "-")
            let path = Fixture.sourcePath("console/\(name).html")
            if ProcessInfo.processInfo.environment["QINGSHAN_UPDATE_SNAPSHOTS"] == "1" {
                try html.write(toFile: path, atomically: true, encoding: .utf8)
                return
            }
            let expected = try String(contentsOfFile: Fixture.path("console/\(name).html"), encoding: .utf8)
            #expect(html == expected, "\(uri) differs from Fixtures/console/\(name).html")
        }
    }

    /// Two air stations with six pollutants for a day, and a registered logger that never connected.
    static func fixedData(_ store: SQLStore) async throws {
        let day = CivilDateTime(year: 2026, month: 3, day: 1).timestamp
        var values: [Observation] = []
        for hour in 0..<24 {
            let start = day.adding(milliseconds: Int64(hour) * Timestamp.millisecondsPerHour)
            for (site, scale) in [("2195A", 1.0), ("2196A", 1.6)] {
                for (code, base) in [("a34004", 20.0), ("a34002", 45.0), ("a21026", 8.0), ("a21004", 22.0), ("a21005", 0.6), ("a05024", 40.0)] {
                    let value = ((base + Double(hour % 7) * base / 10) * scale * 10).rounded() / 10
                    values.append(
                        Observation(
                            siteCode: site, parameterCode: code, interval: .hour, periodStart: start, value: value, flag: hour == 5 ? "M" : "N",
                            source: "test"))
                }
            }
        }
        // Two surface-water sections: 黄河出境断面 NH3-N 0.3, 0.5 mg/L (Ⅱ, its target); 乌梁素海湖心 TP 0.12, 0.16
        // (Ⅴ by the lake limits, its target).
        for (site, parameter, samples) in [("HH-CJ", "w21003", [0.3, 0.5]), ("WLSH-HX", "w21011", [0.12, 0.16])] {
            for (index, value) in samples.enumerated() {
                values.append(
                    Observation(
                        siteCode: site, parameterCode: parameter, interval: .hour,
                        periodStart: day.adding(milliseconds: Int64(index * 4) * Timestamp.millisecondsPerHour), value: value, source: "test"))
            }
        }
        _ = try await store.write(values)
        try await store.addDevices([Device(mn: "LOGGER-0001", siteCode: "2195A")])
        try await store.discardPendingRollupDays()
    }
}
