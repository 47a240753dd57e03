import Foundation
import Hummingbird
import QingshanCore
import QingshanStore

/// 站点 `/sites/{code}`: latest values, the AQI card and health advice, a chart of any parameter (hourly values
/// over up to 31 days, or daily means over up to 400), the year's AQI calendar for an air station and the
/// monthly water class for a surface-water section.
extension ConsoleController {
    @Sendable func site(_ request: Request, context: Context) async throws -> Response {
        let code = try context.parameters.require("code")
        let site = try context.principal.requireRead(try await registry.site(code: code), code: code)
        let latest = try await store.latest(siteCode: code).sorted {
            ($0.parameterCode, $0.interval.rawValue) < ($1.parameterCode, $1.interval.rawValue)
        }
        let query = request.uri.queryParameters
        let parameterCodes = Array(Set(latest.filter { $0.interval == .hour }.map(\.parameterCode))).sorted()
        let chosen =
            query["parameter"].map(String.init).flatMap { catalogue.parameter(for: $0)?.code } ?? parameterCodes.first { $0 == "a34004" }
            ?? parameterCodes.first
        let daily = query["interval"] == "day"
        let hours = min(max(Int(query["hours"] ?? "") ?? 72, 1), ConsoleViews.maximumChartHours)
        let days = min(max(Int(query["days"] ?? "") ?? 90, 1), ConsoleViews.maximumChartDays)
        var chart: ConsoleViews.Chart?
        if let chosen, let newest = latest.filter({ $0.parameterCode == chosen && $0.interval == .hour }).map(\.periodStart).max() {
            chart =
                daily
                ? try await dailyChart(site: code, parameter: chosen, newest: newest, days: days, hours: hours)
                : try await hourlyChart(site: code, parameter: chosen, newest: newest, hours: hours, days: days)
        }
        var aqi: ConsoleViews.AQICard?
        var calendar: [ConsoleViews.CalendarMonth] = []
        var calendarYear = 0
        if site.kind == .air {
            let controller = AQIController<AppRequestContext>(store: store, registry: registry)
            let entries = try await controller.latestEntries(among: [code])
            let entry = entries.first { $0.kind == "site" && $0.code == code }
            aqi = entry.map(ConsoleViews.AQICard.init)
            // The year of the newest hour, a cell a day.
            if let time = entry.flatMap({ try? RFC3339.parse($0.aqi.time) }) {
                calendarYear = CivilDateTime(time).year
                let first = CivilDateTime(year: calendarYear, month: 1, day: 1).timestamp
                let daily = try await controller.dailyAQI(site: code, to: time.adding(milliseconds: Timestamp.millisecondsPerHour), from: first)
                calendar = ConsoleViews.CalendarMonth.year(calendarYear, daily.items)
            }
        }
        var waterHistory: [ConsoleViews.WaterMonth] = []
        if site.kind == .surfaceWater, let newest = latest.map(\.periodStart).max() {
            waterHistory = try await waterClassHistory(site: code, newest: newest)
        }
        let regions = try await registry.current().regions
        let page = ConsoleViews.SitePage(
            title: site.nameZh, nav: ConsoleViews.navigation(current: ""), site: ConsoleViews.SiteSummary(site, regions: regions), aqi: aqi,
            latest: latest.map { ConsoleViews.LatestValue($0, parameter: catalogue.parameter(for: $0.parameterCode)) },
            hasLatest: !latest.isEmpty,
            parameters: parameterCodes.map { code in
                ConsoleViews.ParameterChoice(code: code, name: catalogue.parameter(for: code)?.nameZh ?? code, selected: code == chosen)
            },
            chart: chart, calendarYear: calendarYear, calendar: calendar, hasCalendar: !calendar.isEmpty, waterHistory: waterHistory,
            hasWaterHistory: !waterHistory.isEmpty,
            compliance: try await compliance(of: site, newest: latest.map(\.periodStart).max(), principal: context.principal))
        return try templates.page("site", page, for: request, context: context)
    }

    /// The hourly values of the `hours` up to the newest, with the completeness the day rollups give them.
    func hourlyChart(site code: String, parameter chosen: String, newest: Timestamp, hours: Int, days: Int) async throws -> ConsoleViews.Chart {
        let to = newest.adding(milliseconds: Timestamp.millisecondsPerHour)
        let from = to.adding(milliseconds: -Int64(hours) * Timestamp.millisecondsPerHour)
        let page = try await store.observations(ObservationQuery(siteCode: code, parameterCode: chosen, interval: .hour, from: from, to: to))
        // Coverage from the day rollups the chart's range touches: valid hours of those expected.
        let rollups = try await store.rollups(siteCode: code, parameterCode: chosen, period: .day, from: CivilDateTime.dayStart(of: from), to: to)
        let valid = rollups.reduce(0) { $0 + $1.validCount }
        let expected = rollups.reduce(0) { $0 + $1.expectedCount }
        let coverage =
            expected > 0
            ? "日均值有效 \(rollups.filter { $0.value != nil }.count) / \(rollups.count) 天，小时数据完整率 "
                + Self.percent(valid, of: expected) + "（有效小时 \(valid) / 应有 \(expected)）"
            : "该时段尚无日汇总"
        let parameter = catalogue.parameter(for: chosen)
        return ConsoleViews.Chart(
            parameter: chosen, name: parameter?.nameZh ?? chosen, unit: parameter?.unit ?? "", daily: false, hours: hours, days: days,
            heading: "小时值（最近 \(hours) 小时）", coverage: coverage,
            svg: SVGLineChart(points: page.items.map { ($0.periodStart, $0.value) }, from: from, to: to).render(),
            csv: Self.link(
                "/api/v1/sites/\(code)/observations?parameter=\(chosen)&interval=hour&from=\(RFC3339.format(from))&to=\(RFC3339.format(to))&format=csv"
            ))
    }

    /// The daily means (valid days only, by the rollup rules) of the `days` up to the newest hour's day.
    func dailyChart(site code: String, parameter chosen: String, newest: Timestamp, days: Int, hours: Int) async throws -> ConsoleViews.Chart {
        let to = CivilDateTime.dayStart(of: newest).adding(milliseconds: Timestamp.millisecondsPerDay)
        let from = to.adding(milliseconds: -Int64(days) * Timestamp.millisecondsPerDay)
        let rollups = try await store.rollups(siteCode: code, parameterCode: chosen, period: .day, from: from, to: to)
        let points = rollups.compactMap { rollup in rollup.value.map { (time: rollup.periodStart, value: $0) } }
        let coverage =
            rollups.isEmpty
            ? "该时段尚无日汇总" : "日均值有效 \(points.count) / \(days) 天 · " + Self.percent(points.count, of: days)
        let parameter = catalogue.parameter(for: chosen)
        return ConsoleViews.Chart(
            parameter: chosen, name: parameter?.nameZh ?? chosen, unit: parameter?.unit ?? "", daily: true, hours: hours, days: days,
            heading: "日均值（最近 \(days) 天）", coverage: coverage,
            svg: SVGLineChart(points: points, from: from, to: to, step: Timestamp.millisecondsPerDay).render(),
            csv: Self.link(
                "/api/v1/sites/\(code)/rollups?parameter=\(chosen)&period=day&from=\(RFC3339.format(from))&to=\(RFC3339.format(to))&format=csv"))
    }

    /// The section's GB 3838 class month by month, the twelve months up to the newest value's, each from that
    /// month's stored values as `/api/v1/evaluation/water` judges them.
    func waterClassHistory(site code: String, newest: Timestamp) async throws -> [ConsoleViews.WaterMonth] {
        let last = CivilDateTime(newest)
        var months: [ConsoleViews.WaterMonth] = []
        for back in (0..<12).reversed() {
            let index = last.year * 12 + (last.month - 1) - back
            let (year, month) = (index / 12, index % 12 + 1)
            let report = try await WaterEvaluationReport.make(
                store: store, scope: .site(code), first: CivilDateTime(year: year, month: month, day: 1),
                last: CivilDateTime(year: year, month: month, day: CivilDateTime.daysInMonth(year: year, month: month)))
            months.append(ConsoleViews.WaterMonth(year: year, month: month, section: WaterEvaluationDTO(report).sections.first))
        }
        return months
    }

    static func percent(_ part: Int, of whole: Int) -> String {
        JSONBytes.number((Double(part) * 1000 / Double(max(whole, 1))).rounded() / 10) + "%"
    }

    static func link(_ url: String) -> String {
        url.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "+"))) ?? ""
    }
}
