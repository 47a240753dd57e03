import Hummingbird
import NIOCore
import QingshanCore
import QingshanStore

/// 评价 `/evaluation`: the HJ 663 evaluation of one scope (the city, a district or a station) for a year or a
/// month, and 排名 — the districts and stations ranked by 综合指数 with PM2.5 and the good-day share, each beside
/// the same days a year earlier, as the bureau's monthly 通报 prints them (`format=csv` for the table).
extension ConsoleController {
    /// A ranked scope: this period's evaluation and last year's.
    struct Ranked {
        var kind: String
        var code: String
        var name: String
        var now: AirEvaluationDTO
        var before: AirEvaluationDTO?
    }

    @Sendable func evaluation(_ request: Request, context: Context) async throws -> Response {
        let principal = context.principal
        let query = request.uri.queryParameters
        let contents = try await registry.current()
        let entries = try await latestAQI(contents)
        let newestTime = entries.compactMap { try? RFC3339.parse($0.aqi.time) }.max() ?? .now
        let newest = CivilDateTime(newestTime)
        let period: EvaluationPeriod
        do {
            period = try EvaluationPeriod(query["period"].map(String.init), newest: newest)
        } catch {
            throw ProblemDetails.badRequest(code: "invalid_period", error.description)
        }
        let before = period.yearBefore
        func evaluate(_ scope: AirEvaluationReport.Scope, _ first: CivilDateTime, _ last: CivilDateTime) async -> AirEvaluationDTO? {
            (try? await AirEvaluationReport.make(store: store, scope: scope, first: first, last: last)).map(AirEvaluationDTO.init)
        }
        // The districts with air stations, then the city's own stations this visitor may read.
        let stations = contents.siteCodes.compactMap { contents.sites[$0] }.filter {
            $0.kind == .air && $0.regionCode != nil && principal.canRead($0)
        }
        var candidates: [(kind: String, scope: AirEvaluationReport.Scope, code: String, name: String)] = []
        for region in contents.regions where region.level == .district && stations.contains(where: { $0.regionCode == region.code }) {
            candidates.append(("旗县区", .region(region.code), region.code, region.nameZh))
        }
        for site in stations { candidates.append(("站点", .site(site.code), site.code, site.nameZh)) }
        var ranked: [Ranked] = []
        for candidate in candidates {
            guard let now = await evaluate(candidate.scope, period.first, period.last), now.aqiDays > 0 else { continue }
            ranked.append(
                Ranked(
                    kind: candidate.kind, code: candidate.code, name: candidate.name, now: now,
                    before: await evaluate(candidate.scope, before.first, before.last)))
        }
        // Lower 综合指数 is cleaner air; scopes without one go last.
        ranked.sort { ($0.now.comprehensiveIndex ?? .infinity, $0.code) < ($1.now.comprehensiveIndex ?? .infinity, $1.code) }
        if query["format"] == "csv" { return Self.rankingCSV(ranked, period: period) }

        let city = contents.regions.first { $0.level == .city }
        let selected = query["scope"].map(String.init) ?? city.map { "region:\($0.code)" } ?? ""
        var detail: AirEvaluationDTO?
        if selected.hasPrefix("region:") {
            detail = await evaluate(.region(String(selected.dropFirst(7))), period.first, period.last)
        } else if selected.hasPrefix("site:") {
            let code = String(selected.dropFirst(5))
            if let site = contents.sites[code], principal.canRead(site) { detail = await evaluate(.site(code), period.first, period.last) }
        }
        var scopes = city.map { [ConsoleViews.ScopeChoice(value: "region:\($0.code)", name: $0.nameZh + "（全市）", selected: false)] } ?? []
        scopes += candidates.map {
            ConsoleViews.ScopeChoice(value: "\($0.kind == "站点" ? "site" : "region"):\($0.code)", name: $0.name, selected: false)
        }
        for index in scopes.indices { scopes[index].selected = scopes[index].value == selected }
        // The sections of the chosen region (the city's when a station is chosen), over the same days.
        let waterRegion = selected.hasPrefix("region:") ? String(selected.dropFirst(7)) : city?.code
        var water: ConsoleViews.WaterSummary?
        if let waterRegion,
            let report = try? await WaterEvaluationReport.make(store: store, scope: .region(waterRegion), first: period.first, last: period.last)
        {
            water = ConsoleViews.WaterSummary(WaterEvaluationDTO(report))
        }
        let page = ConsoleViews.EvaluationPage(
            title: "评价", nav: ConsoleViews.navigation(current: "/evaluation"), period: period.label, periodValue: period.value,
            scopes: scopes, detail: detail.map(ConsoleViews.EvaluationDetail.init),
            ranking: ranked.enumerated().map { ConsoleViews.RankingRow(rank: $0.offset + 1, $0.element) },
            hasRanking: !ranked.isEmpty, csv: "/evaluation?period=\(period.value)&format=csv", water: water)
        return try templates.page("evaluation", page, for: request, context: context)
    }

    static func rankingCSV(_ ranked: [Ranked], period: EvaluationPeriod) -> Response {
        func number(_ value: Double?) -> String { value.map { JSONBytes.number($0) } ?? "" }
        var csv = "排名,类型,编码,名称,综合指数,上年同期综合指数,PM2.5(µg/m³),上年同期PM2.5(µg/m³),优良天数比例(%),上年同期优良天数比例(%)\n"
        for (index, row) in ranked.enumerated() {
            let fields = [
                String(index + 1), row.kind, row.code, row.name, number(row.now.comprehensiveIndex), number(row.before?.comprehensiveIndex),
                number(row.now.pm25?.periodMean), number(row.before?.pm25?.periodMean), number(row.now.goodDayShare),
                number(row.before?.goodDayShare),
            ]
            csv +=
                fields.map { $0.contains(",") || $0.contains("\"") ? "\"" + $0.replacing("\"", with: "\"\"") + "\"" : $0 }.joined(separator: ",")
                + "\n"
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"ranking-\(period.value).csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: csv)))
    }
}
