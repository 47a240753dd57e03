import Foundation
import Hummingbird
import QingshanCore
import QingshanStore

/// 规划指标: the plan's 21 indicators for a year with their progress and how each value was obtained, a chart of
/// each computed indicator over the plan's years, and the city's entry form.
extension ConsoleController {
    struct PlanPage {
        var title = "规划指标"
        var nav = ConsoleViews.navigation(current: "/plan")
        var plan: String
        var year: Int
        var toDate: Bool
        var years: [YearOption]
        var regions: [RegionOption]
        var regionName: String
        var met, onTrack, behind, unknown: Int
        var rows: [PlanRow]
        var charts: [PlanChart]
        var due: [DueTarget]
        var form: PlanForm?
    }

    struct DueTarget {
        var id, name, value, deadline, standing: String
    }

    struct YearOption {
        var value: Int
        var selected: Bool
    }

    struct RegionOption {
        var code, name: String
        var selected: Bool
    }

    struct PlanRow {
        var id: Int
        var name, unit, baseline, target, binding, value, dustDeducted, progress, progressClass, how: String
    }

    struct PlanChart {
        var title, svg, caption: String
    }

    struct PlanForm {
        var csrf: String
        var year: Int
        var thisYear: Int
        var indicators: [PlanRow]
        var message: String?
        var saved: Bool
    }

    @Sendable func planPage(_ request: Request, context: Context) async throws -> Response {
        try await planPage(request, context: context, message: nil)
    }

    func planPage(_ request: Request, context: Context, message: String?) async throws -> Response {
        let thisYear = CivilDateTime(Timestamp.now).year
        let year = request.uri.queryParameters["year"].flatMap { Int(String($0)) }.map { min(max($0, 2021), thisYear) } ?? thisYear
        let regions = try await store.regions().sorted { ($0.level != .city ? 1 : 0, $0.code) < ($1.level != .city ? 1 : 0, $1.code) }
        let asked = request.uri.queryParameters["region"].map(String.init)
        let region = regions.first { $0.code == asked } ?? regions.first { $0.level == .city }
        let values = try await PlanScorecard.compute(book: plan, store: store, year: year, region: region?.code)
        let rows = values.map { value in
            let indicator = value.indicator
            return PlanRow(
                id: indicator.id, name: indicator.nameZh, unit: indicator.unit, baseline: PlanReport.number(indicator.baseline2020),
                target: PlanReport.target(value), binding: indicator.binding == .binding ? "约束性" : "预期性", value: PlanReport.number(value.value),
                dustDeducted: value.dustDeducted.map { PlanReport.number($0) } ?? "", progress: value.progress.nameZh,
                progressClass: value.progress.rawValue, how: value.how)
        }
        // Each computed indicator over the plan's years (2021 to the year shown), with its 2025 target drawn.
        var series: [Int: [(Timestamp, Double)]] = [:]
        for each in 2021...max(2021, year) {
            let yearly = each == year ? values : try await PlanScorecard.compute(book: plan, store: store, year: each, region: region?.code)
            for value in yearly where value.origin == "computed" {
                if let number = value.value {
                    series[value.indicator.id, default: []].append((CivilDateTime(year: each, month: 7, day: 1).timestamp, number))
                }
            }
        }
        let charts = plan.indicators.compactMap { indicator -> PlanChart? in
            guard let points = series[indicator.id], !points.isEmpty else { return nil }
            let svg = SVGLineChart(
                points: points.map { (time: $0.0, value: $0.1) }, from: CivilDateTime(year: 2021, month: 1, day: 1).timestamp,
                to: CivilDateTime(year: max(2021, year) + 1, month: 1, day: 1).timestamp, step: 400 * Timestamp.millisecondsPerDay,
                threshold: indicator.target2025.number
            ).render()
            return PlanChart(
                title: "\(indicator.id). \(indicator.nameZh)（\(indicator.unit)）", svg: svg,
                caption: "各年数值（年中点）\(indicator.target2025.number.map { "，红色虚线为 2025 年目标 \(JSONBytes.number($0))" } ?? "")")
        }
        let report = PlanReport(
            book: plan, kind: .annual, year: year, values: values, history: [:], results: try await store.currentTargetResults(), generatedAt: .now)
        let due = report.targetsDue.map { target in
            DueTarget(
                id: target.id, name: target.nameZh, value: PlanReport.targetValue(target.value) + " " + (target.unit ?? ""),
                deadline: target.deadlineText, standing: report.standing(target))
        }
        var form: PlanForm?
        if let session = context.session, context.principal.canEnterPlanValues {
            form = PlanForm(
                csrf: session.csrf, year: year, thisYear: thisYear, indicators: rows, message: message,
                saved: request.uri.queryParameters["saved"] != nil)
        }
        let page = PlanPage(
            plan: plan.title, year: year, toDate: year == thisYear,
            years: (2021...thisYear).reversed().map { YearOption(value: $0, selected: $0 == year) },
            regions: regions.map { RegionOption(code: $0.code, name: $0.nameZh, selected: $0.code == region?.code) },
            regionName: region?.nameZh ?? "",
            met: values.filter { $0.progress == .met }.count, onTrack: values.filter { $0.progress == .onTrack }.count,
            behind: values.filter { $0.progress == .behind }.count, unknown: values.filter { $0.progress == .unknown }.count,
            rows: rows, charts: charts, due: due, form: form)
        var response = try templates.page("plan", page, for: request, context: context)
        if message != nil { response.status = .badRequest }
        return response
    }

    /// The target result form: the API's checks (`PlanController.recordResult`'s), then back to the scorecard.
    @Sendable func planTargetResult(_ request: Request, context: Context) async throws -> Response {
        guard let session = context.session else { return Response(status: .seeOther, headers: [.location: "/sign-in"]) }
        let form = try await FormBody.read(request, session: session)
        try context.principal.requirePlanEntry()
        guard plan.targets.contains(where: { $0.id == form["target"] }) else {
            throw ProblemDetails.badRequest(code: "target_not_found", "choose one of the plan's targets")
        }
        do {
            _ = try await PlanController<Context>.recordResult(
                target: form["target"], met: form["met"] == "true", note: form["note"], store: store, context: context)
        } catch let problem as ProblemDetails {
            return try await planPage(request, context: context, message: problem.detail)
        }
        return Response(status: .seeOther, headers: [.location: "/plan?year=\(form["year"])&saved=1"])
    }

    /// The entry form: the API's checks and storage (`PlanController.record`), then back to the year's scorecard.
    @Sendable func planEntry(_ request: Request, context: Context) async throws -> Response {
        guard let session = context.session else { return Response(status: .seeOther, headers: [.location: "/sign-in"]) }
        let form = try await FormBody.read(request, session: session)
        try context.principal.requirePlanEntry()
        guard let id = Int(form["indicator"]), let indicator = plan.indicator(id) else {
            throw ProblemDetails.badRequest(code: "indicator_not_found", "choose one of the plan's indicators")
        }
        guard let year = Int(form["year"]), let value = Double(form["value"].trimmingCharacters(in: .whitespaces)) else {
            return try await planPage(request, context: context, message: "年份和数值须为数字 (year and value must be numbers)")
        }
        do {
            _ = try await PlanController<Context>.record(
                .init(year: year, value: value, source: form["source"], kind: form["kind"], region: nil), for: indicator, store: store,
                context: context)
        } catch let problem as ProblemDetails {
            return try await planPage(request, context: context, message: problem.detail)
        }
        return Response(status: .seeOther, headers: [.location: "/plan?year=\(year)&saved=1"])
    }
}
