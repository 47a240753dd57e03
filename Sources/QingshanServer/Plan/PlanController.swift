import Foundation
import Hummingbird
import QingshanCore
import QingshanStore

/// The plan's scorecard through the API: `GET /api/v1/plan/indicators`, `…/{id}`, `/api/v1/plan/targets` (public),
/// `POST …/{id}/entries` (city role) and `POST /api/v1/plan/dust-days` (monitoring centre, city).
struct PlanController<Context: AccessRequestContext>: Sendable {
    let store: any PlatformStore
    let book: PlanBook

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("plan/indicators", use: indicators)
        group.get("plan/indicators/:id", use: indicator)
        group.post("plan/indicators/:id/entries", use: enter)
        group.get("plan/targets", use: targets)
        group.post("plan/targets/:id/results", use: recordResult)
        group.post("plan/dust-days", use: markDustDay)
        group.get("plan/report", use: report)
    }

    /// `GET /api/v1/plan/report?year=2023&kind=midterm&format=pdf|html|md`.
    @Sendable func report(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let year = try Self.year(request)
        guard let kind = PlanReport.Kind(rawValue: query["kind"].map(String.init) ?? "annual") else {
            throw ProblemDetails.badRequest(code: "invalid_kind", "kind must be midterm, final or annual")
        }
        let format = query["format"].map(String.init) ?? "html"
        guard ["md", "html", "pdf"].contains(format) else {
            throw ProblemDetails.badRequest(code: "invalid_format", "format must be md, html or pdf")
        }
        let report = try await PlanReport.make(book: book, store: store, kind: kind, year: year)
        let name = "plan-\(kind.rawValue)-\(year).\(format)"
        switch format {
        case "md":
            return Response(
                status: .ok, headers: [.contentType: "text/markdown; charset=utf-8", .contentDisposition: "inline; filename=\"\(name)\""],
                body: .init(byteBuffer: ByteBuffer(string: report.markdown())))
        case "pdf":
            let pdf: Data
            do {
                pdf = try await PlanReportPDF.render(html: report.html())
            } catch let failure as PlanReportPDF.Failure {
                throw ProblemDetails(
                    status: .serviceUnavailable, code: "pdf_unavailable", title: "无法生成 PDF (PDF unavailable)", detail: failure.description)
            }
            return Response(
                status: .ok, headers: [.contentType: "application/pdf", .contentDisposition: "attachment; filename=\"\(name)\""],
                body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
        default:
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: report.html())))
        }
    }

    struct IndicatorDTO: ResponseEncodable, Sendable {
        var id: Int
        var group: String
        var nameZh: String
        var nameEn: String
        var unit: String
        var binding: String
        var baseline2020: Double?
        var target2025: PlanIndicator.Target
        var targetKind: String
        var better: String
        var trackedBy: String
        var year: Int
        var value: Double?
        var dustDeducted: Double?
        var origin: String
        var how: String
        var sites: [String]
        var validDays: Int?
        var regionalTarget: Double?
        /// Where the linear path from the baseline to the target stands this year.
        var expected: Double?
        var progress: String
        var progressZh: String

        init(_ value: PlanScorecard.Value) {
            let indicator = value.indicator
            id = indicator.id
            group = indicator.group.zh
            nameZh = indicator.nameZh
            nameEn = indicator.nameEn
            unit = indicator.unit
            binding = indicator.binding.rawValue
            baseline2020 = indicator.baseline2020
            target2025 = indicator.target2025
            targetKind = indicator.targetKind.rawValue
            better = indicator.better.rawValue
            trackedBy = indicator.computation.mode.rawValue
            year = value.year
            self.value = value.value
            dustDeducted = value.dustDeducted
            origin = value.origin
            how = value.how
            sites = value.sites
            validDays = value.validDays
            regionalTarget = value.regionalTarget
            expected = PlanProgress.expected(indicator, year: value.year, regionalTarget: value.regionalTarget).map { ($0 * 100).rounded() / 100 }
            progress = value.progress.rawValue
            progressZh = value.progress.nameZh
        }
    }

    struct ScorecardDTO: ResponseEncodable, Sendable {
        var plan: String
        var year: Int
        /// The region the values are for: the city, or one of its 旗县区.
        var region: String
        var items: [IndicatorDTO]
    }

    /// `region=` (a region code of the registry), or the city's.
    func region(_ request: Request) async throws -> String {
        let regions = try await store.regions()
        guard let text = request.uri.queryParameters["region"].map(String.init) else {
            return regions.first { $0.level == .city }?.code ?? ""
        }
        guard regions.contains(where: { $0.code == text }) else {
            throw ProblemDetails.badRequest(code: "invalid_region", "region '\(text)' is not a region code; see /api/v1/regions")
        }
        return text
    }

    struct DetailDTO: ResponseEncodable, Sendable {
        var indicator: IndicatorDTO
        var method: String?
        var formula: String?
        var standards: [String]
        var quote: String
        /// The value of each year from 2021 to the year asked.
        var years: [IndicatorDTO]
        /// Every entry and correction, oldest first.
        var entries: [EntryDTO]
    }

    /// An entry as the API shows it (time in RFC 3339, Beijing offset).
    struct EntryDTO: ResponseEncodable, Sendable {
        var indicator: Int
        var year: Int
        var region: String
        var kind: String
        var value: Double
        var source: String
        var enteredBy: String
        var enteredAt: String
        var revision: Int

        init(_ entry: PlanEntry) {
            indicator = entry.indicator
            year = entry.year
            region = entry.region
            kind = entry.kind.rawValue
            value = entry.value
            source = entry.source
            enteredBy = entry.enteredBy
            enteredAt = RFC3339.format(entry.enteredAt)
            revision = entry.revision
        }
    }

    struct EntryBody: Decodable {
        var year: Int
        var value: Double
        var source: String
        var kind: String?
        var region: String?
    }

    struct DustDayBody: Decodable {
        var day: String
        var marked: Bool?
        var note: String?
    }

    static func year(_ request: Request) throws -> Int {
        let now = CivilDateTime(Timestamp.now).year
        guard let text = request.uri.queryParameters["year"] else { return now }
        guard let year = Int(String(text)), (2020...now).contains(year) else {
            throw ProblemDetails.badRequest(code: "invalid_year", "year must be 2020 to \(now)")
        }
        return year
    }

    func requireIndicator(_ context: Context) throws -> PlanIndicator {
        let text = try context.parameters.require("id")
        guard let id = Int(text), let indicator = book.indicator(id) else {
            throw ProblemDetails.notFound(code: "indicator_not_found", "no plan indicator '\(text)'; they are numbered 1 to \(book.indicators.count)")
        }
        return indicator
    }

    @Sendable func indicators(_ request: Request, context: Context) async throws -> ScorecardDTO {
        let year = try Self.year(request)
        let region = try await region(request)
        let values = try await PlanScorecard.compute(book: book, store: store, year: year, region: region)
        return ScorecardDTO(plan: book.title, year: year, region: region, items: values.map(IndicatorDTO.init))
    }

    @Sendable func indicator(_ request: Request, context: Context) async throws -> DetailDTO {
        let indicator = try requireIndicator(context)
        let year = try Self.year(request)
        let region = try await region(request)
        // Each year computed once: the years from 2021 on are the history, the year asked is the indicator's value.
        var years: [IndicatorDTO] = []
        var current: IndicatorDTO?
        for each in min(2021, year)...year {
            let values = try await PlanScorecard.compute(book: book, store: store, year: each, region: region)
            guard let value = values.first(where: { $0.indicator.id == indicator.id }) else { continue }
            if each == year { current = IndicatorDTO(value) }
            if each >= 2021 { years.append(IndicatorDTO(value)) }
        }
        return DetailDTO(
            indicator: current!, method: indicator.computation.method, formula: indicator.computation.formula,
            standards: indicator.computation.standards ?? [], quote: indicator.quote, years: years,
            entries: try await store.planEntries(indicator: indicator.id).map(EntryDTO.init))
    }

    @Sendable func enter(_ request: Request, context: Context) async throws -> EditedResponse<EntryDTO> {
        try context.principal.requirePlanEntry()
        let indicator = try requireIndicator(context)
        let body = try await JSONBody.decode(
            EntryBody.self, from: request, example: #"{"year": 2023, "value": 12.5, "source": "2023 年巴彦淖尔市国民经济和社会发展统计公报"}"#, limit: 8_192)
        let stored = try await Self.record(body, for: indicator, store: store, context: context)
        return EditedResponse(status: .created, response: EntryDTO(stored))
    }

    /// Checks an entry (year, a finite value, its source, a regional target only where the plan defers to the
    /// region, a known region), stores it as the next revision and records it in the audit log. The API and the
    /// console's form both come here.
    static func record(_ body: EntryBody, for indicator: PlanIndicator, store: any PlatformStore, context: Context) async throws -> PlanEntry {
        let now = CivilDateTime(Timestamp.now).year
        guard (2020...now).contains(body.year) else { throw ProblemDetails.badRequest(code: "invalid_year", "year must be 2020 to \(now)") }
        guard body.value.isFinite else { throw ProblemDetails.badRequest(code: "invalid_value", "value must be a finite number") }
        let source = body.source.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...500).contains(source.count) else {
            throw ProblemDetails.badRequest(code: "invalid_source", "source must name the document the value comes from (1 to 500 characters)")
        }
        guard let kind = PlanEntry.Kind(rawValue: body.kind ?? "value") else {
            throw ProblemDetails.badRequest(code: "invalid_kind", "kind must be value or regional_target")
        }
        if kind == .regionalTarget, indicator.targetKind != .regionalAssessment {
            throw ProblemDetails.badRequest(
                code: "invalid_kind",
                "indicator \(indicator.id)'s target is the plan's own (\(indicator.targetKind.rawValue)); only 达到自治区考核要求 takes a regional target")
        }
        let regions = try await store.regions()
        let region = body.region ?? regions.first { $0.level == .city }?.code ?? ""
        guard regions.contains(where: { $0.code == region }) else {
            throw ProblemDetails.badRequest(code: "invalid_region", "region '\(region)' is not a region code of the registry")
        }
        let stored = try await store.addPlanEntry(
            PlanEntry(
                indicator: indicator.id, year: body.year, region: region, kind: kind, value: body.value, source: source,
                enteredBy: context.principal.auditName, enteredAt: .now))
        try await context.audit(Auditor(store: store), "plan.enter", target: "indicator:\(indicator.id)", after: EntryDTO(stored))
        return stored
    }

    /// Checks a target result's note, stores it as the target's next revision and records it in the audit log (the
    /// API and the console's form both come here).
    static func recordResult(target: String, met: Bool, note text: String, store: any PlatformStore, context: Context) async throws
        -> PlanTargetResult
    {
        let note = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...2_000).contains(note.count) else {
            throw ProblemDetails.badRequest(code: "invalid_note", "note must say how the result is known (1 to 2000 characters)")
        }
        let stored = try await store.addTargetResult(
            PlanTargetResult(target: target, met: met, note: note, recordedBy: context.principal.auditName, recordedAt: .now))
        try await context.audit(Auditor(store: store), "plan.target_result", target: "target:\(target)", after: ResultDTO(stored))
        return stored
    }

    /// A target as the API shows it (the plan file's fields in the API's camelCase).
    struct TargetDTO: Encodable, Sendable {
        var id, chapter, nameZh, nameEn, kind, comparator, deadlineText, scope, trackBy, quote: String
        var value: PlanTarget.Value?
        var unit, deadline, note: String?
        var table1Link: Int?
        /// What was recorded of it, latest revision.
        var result: ResultDTO?

        init(_ target: PlanTarget, result: PlanTargetResult? = nil) {
            self.result = result.map(ResultDTO.init)
            (id, chapter, nameZh, nameEn, kind) = (target.id, target.chapter, target.nameZh, target.nameEn, target.kind)
            (comparator, deadlineText, scope, trackBy, quote) = (target.comparator, target.deadlineText, target.scope, target.trackBy, target.quote)
            (value, unit, deadline, note, table1Link) = (target.value, target.unit, target.deadline, target.note, target.table1Link)
        }
    }

    struct ResultDTO: ResponseEncodable, Sendable {
        var target: String
        var met: Bool
        var note: String
        var recordedBy: String
        var recordedAt: String
        var revision: Int

        init(_ result: PlanTargetResult) {
            (target, met, note, recordedBy) = (result.target, result.met, result.note, result.recordedBy)
            (recordedAt, revision) = (RFC3339.format(result.recordedAt), result.revision)
        }
    }

    struct ResultBody: Decodable {
        var met: Bool
        var note: String
    }

    @Sendable func targets(_ request: Request, context: Context) async throws -> ItemsDTO<TargetDTO> {
        let results = try await store.currentTargetResults()
        return ItemsDTO(items: book.targets.map { TargetDTO($0, result: results[$0.id]) })
    }

    /// `POST /api/v1/plan/targets/{id}/results`: whether a target was done (city role); a correction is a new revision.
    @Sendable func recordResult(_ request: Request, context: Context) async throws -> EditedResponse<ResultDTO> {
        try context.principal.requirePlanEntry()
        let id = try context.parameters.require("id")
        guard book.targets.contains(where: { $0.id == id }) else {
            throw ProblemDetails.notFound(code: "target_not_found", "no plan target '\(id)'; see /api/v1/plan/targets")
        }
        let body = try await JSONBody.decode(ResultBody.self, from: request, example: #"{"met": true, "note": "2023 年 6 月完成验收"}"#, limit: 8_192)
        let stored = try await Self.recordResult(target: id, met: body.met, note: body.note, store: store, context: context)
        return EditedResponse(status: .created, response: ResultDTO(stored))
    }

    @Sendable func markDustDay(_ request: Request, context: Context) async throws -> Response {
        try context.principal.requireDustDayMarking()
        let body = try await JSONBody.decode(DustDayBody.self, from: request, example: #"{"day": "2023-04-11", "note": "沙尘天气过程"}"#, limit: 4_096)
        guard let day = CivilDateTime(dateText: body.day) else {
            throw ProblemDetails.badRequest(code: "invalid_day", "day must be a date YYYY-MM-DD")
        }
        let marked = body.marked ?? true
        try await store.setDustDay(day, marked: marked, by: context.principal.auditName, note: body.note ?? "", at: .now)
        try await context.audit(Auditor(store: store), marked ? "dust_day.mark" : "dust_day.unmark", target: "day:\(day.dateText)", after: body.note)
        return Response(status: .noContent)
    }
}
