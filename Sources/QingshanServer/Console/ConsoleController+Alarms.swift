import Foundation
import Hummingbird
import QingshanCore
import QingshanStore

/// 告警 `/alarms` (a list with filters, newest first) and `/alarms/{id}` (the evidence, a chart of the series
/// around it with its limit, the history). They show what `/api/v1/alarms` shows the same principal; acting on
/// an alarm goes through the API until the console has sign-in.
extension ConsoleController {
    @Sendable func alarms(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let contents = try await registry.current()
        let filter = try AlarmQuery.filter(query, principal: context.principal, sites: Array(contents.sites.values))
        let alarms = try await store.alarms(filter)
        var activeFilter = filter
        activeFilter.status = .active
        activeFilter.limit = AlarmQuery.maximumPageSize
        let active = try await store.alarms(activeFilter).count
        let status = query["status"].map(String.init) ?? ""
        let type = query["type"].map(String.init) ?? ""
        let site = query["site"].map(String.init) ?? ""
        let next =
            alarms.count == filter.limit
            ? alarms.last.map { "/alarms?status=\(status)&type=\(type)&site=\(Self.link(site))&before=\($0.id)" } : nil
        let page = ConsoleViews.AlarmsPage(
            title: "告警", nav: ConsoleViews.navigation(current: "/alarms"),
            alarms: alarms.map { ConsoleViews.AlarmRow($0, siteName: contents.sites[$0.siteCode]?.nameZh) }, hasAlarms: !alarms.isEmpty,
            statuses: [("", "全部"), ("active", "未恢复"), ("cleared", "已恢复")].map {
                ConsoleViews.Choice(value: $0.0, label: $0.1, selected: $0.0 == status)
            },
            types: [ConsoleViews.Choice(value: "", label: "全部类型", selected: type.isEmpty)]
                + AlarmType.allCases.map { ConsoleViews.Choice(value: $0.rawValue, label: $0.nameZh, selected: $0.rawValue == type) },
            site: site, next: next, signedIn: context.principal != .anonymous, activeCount: active,
            newest: try await alarmsEvent(context.principal).newest)
        return try templates.page("alarms", page, for: request, context: context)
    }

    @Sendable func alarm(_ request: Request, context: Context) async throws -> Response {
        let (alarm, site) = try await AlarmQuery.requireAlarm(
            id: try context.parameters.require("id"), principal: context.principal, store: store, registry: registry)
        let evidence = alarm.evidence
        func name(_ code: String) -> String {
            let base = code.hasSuffix("_zs") ? String(code.dropLast(3)) : code
            return (catalogue.parameter(for: base)?.nameZh ?? base) + (code.hasSuffix("_zs") ? "（折算）" : "")
        }
        // The series judged, a day either side of the evidence, with the limit drawn across it.
        var chart: String?
        var chartTitle = ""
        if let parameter = evidence.values.first?.parameter {
            let from = evidence.from.adding(milliseconds: -Timestamp.millisecondsPerDay)
            let to = evidence.to.adding(milliseconds: Timestamp.millisecondsPerDay)
            let values = try await store.hourValues(siteCode: site.code, from: from, to: to).filter { $0.parameterCode == parameter }
            chart = SVGLineChart(
                points: values.map { ($0.periodStart, $0.value) }, from: from, to: to,
                threshold: alarm.type == .exceedance || alarm.type == .dataQuality ? evidence.limit : nil
            ).render()
            chartTitle = "\(name(parameter)) 小时值（告警前后各一天）"
        }
        let events = try await store.alarmEvents(id: alarm.id).map { event in
            ConsoleViews.EventRow(
                at: ConsoleViews.beijing(event.at), actor: event.actor == "system" ? "系统" : event.actor,
                action: ConsoleViews.actionNames[event.action] ?? event.action.rawValue, detail: event.detail)
        }
        let page = ConsoleViews.AlarmPage(
            title: "告警 \(alarm.id)", nav: ConsoleViews.navigation(current: "/alarms"), alarm: ConsoleViews.AlarmRow(alarm, siteName: site.nameZh),
            rule: evidence.rule, range: "\(ConsoleViews.beijing(evidence.from)) — \(ConsoleViews.beijing(evidence.to))",
            observed: evidence.observed.map { JSONBytes.number($0) + (evidence.unit.map { " " + $0 } ?? "") } ?? "—",
            limit: evidence.limit.map { JSONBytes.number($0) + (evidence.unit.map { " " + $0 } ?? "") } ?? "—",
            flaggedHours: evidence.flaggedHours,
            evidence: evidence.values.map { value in
                ConsoleViews.EvidenceRow(
                    time: ConsoleViews.beijing(value.time), parameter: name(value.parameter), value: JSONBytes.number(value.value), flag: value.flag,
                    flagged: !AlarmScreening.isJudged(flag: value.flag))
            },
            chart: chart, chartTitle: chartTitle, events: events, lead: alarm.type == .dataQuality,
            actions: context.session.map { session in
                ConsoleViews.AlarmActions(
                    id: alarm.id, csrf: session.csrf, canRespond: context.principal.canWrite(site),
                    canHandle: context.principal.canHandleAlarms(of: site), acknowledged: alarm.acknowledged, active: alarm.status == .active)
            })
        return try templates.page("alarm", page, for: request, context: context)
    }

    /// The alarm page's forms (`ack`, `comment`, `assign`, `clear`): the same checks, store action, outbox and
    /// audit entry as the API's, then back to the alarm.
    @Sendable func alarmAction(_ request: Request, context: Context) async throws -> Response {
        guard let session = context.session else { return Response(status: .seeOther, headers: [.location: "/sign-in"]) }
        let form = try await FormBody.read(request, session: session)
        let alarms = AlarmsController<Context>(store: store, registry: registry, outbox: outbox)
        let (alarm, site) = try await alarms.requireAlarm(context)
        let principal = context.principal
        let action: AlarmAction
        switch try context.parameters.require("action") {
        case "ack":
            try principal.requireAlarmResponse(site)
            action = .acknowledge
        case "comment":
            try principal.requireAlarmResponse(site)
            action = .comment(try AlarmsController<Context>.commentText(form["text"]))
        case "assign":
            try principal.requireAlarmHandling(site)
            action = .assign(try AlarmsController<Context>.assignee(form["assignee"]))
        case "clear":
            try principal.requireAlarmHandling(site)
            action = .clear
        case let other:
            throw ProblemDetails.notFound(code: "no_such_action", "'\(other)' is not an alarm action: ack, comment, assign or clear")
        }
        _ = try await alarms.act(action, on: alarm, context: context)
        return Response(status: .seeOther, headers: [.location: "/alarms/\(alarm.id)"])
    }

    /// An outlet's permit, its last twelve months of hours over a limit, flagged hours and 有效传输率, and its
    /// latest alarms; nil for a site that is not an outlet.
    func compliance(of site: Site, newest: Timestamp?, principal: Principal) async throws -> ConsoleViews.ComplianceSection? {
        guard site.kind == .sourceGas || site.kind == .sourceWater else { return nil }
        let stored = try await store.permit(siteCode: site.code)
        let permit = stored?.permit
        var months: [ConsoleViews.ComplianceMonth] = []
        if let newest {
            let last = CivilDateTime(newest)
            let firstIndex = last.year * 12 + (last.month - 1) - 11
            let from = CivilDateTime(year: firstIndex / 12, month: firstIndex % 12 + 1, day: 1).timestamp
            let to = CivilDateTime.dayStart(of: newest).adding(milliseconds: Timestamp.millisecondsPerDay)
            let values = try await store.hourValues(siteCode: site.code, from: from, to: to)
            months = SourceCompliance.months(values: values, permit: permit, from: from, to: to).map { month in
                ConsoleViews.ComplianceMonth(
                    label: "\(month.year) 年 \(month.month) 月", expected: month.expectedHours, received: month.receivedHours,
                    valid: month.validHours, over: month.hoursOverLimit, flagged: month.flaggedHours,
                    effectiveRate: month.effectiveRate.map { JSONBytes.number(($0 * 1000).rounded() / 10) + "%" } ?? "—",
                    overClass: month.hoursOverLimit > 0)
            }
        }
        var loads: [ConsoleViews.LoadRow] = []
        if let newest, let permit {
            let end = CivilDateTime.dayStart(of: newest).adding(milliseconds: Timestamp.millisecondsPerDay)
            for (parameter, tonnes) in permit.annualTonnes.sorted(by: { $0.key < $1.key }) {
                let year = try await store.emissionKilograms(
                    siteCode: site.code, parameterCode: parameter, from: end.adding(milliseconds: -365 * Timestamp.millisecondsPerDay), to: end)
                let used = year.kilograms / 1000
                loads.append(
                    ConsoleViews.LoadRow(
                        parameter: catalogue.parameter(for: parameter)?.nameZh ?? parameter, used: JSONBytes.number((used * 1000).rounded() / 1000),
                        permitted: JSONBytes.number(tonnes), share: JSONBytes.number((used / tonnes * 1000).rounded() / 10) + "%",
                        over: used >= tonnes))
            }
        }
        let alarms =
            principal == .anonymous
            ? [] : try await store.alarms(AlarmFilter(siteCodes: [site.code], limit: 10)).map { ConsoleViews.AlarmRow($0, siteName: site.nameZh) }
        return ConsoleViews.ComplianceSection(
            permitNumber: permit?.number ?? "未录入", validity: "\(permit?.validFrom ?? "—") 至 \(permit?.validTo ?? "—")", note: permit?.note,
            revision: stored?.revision ?? 0, changedBy: stored?.changedBy ?? "—",
            limits: (permit?.limits ?? []).map { limit in
                ConsoleViews.PermitLimitRow(
                    parameter: catalogue.parameter(for: limit.parameter)?.nameZh ?? limit.parameter,
                    limit: limit.minimum.map { "\(JSONBytes.number($0))–\(JSONBytes.number(limit.limit))" } ?? JSONBytes.number(limit.limit),
                    unit: limit.unit, averaging: limit.averaging == .hour ? "小时均值" : "日均值",
                    oxygen: limit.referenceOxygen.map { JSONBytes.number($0) + "%" } ?? "不折算",
                    standard: limit.standard + (limit.table.map { " " + $0 } ?? "") + (limit.special ? "（特别排放限值）" : ""))
            }, months: months, loads: loads, hasLoads: !loads.isEmpty, alarms: alarms, hasAlarms: !alarms.isEmpty)
    }
}
