import Foundation
import Hummingbird
import QingshanCore
import QingshanStore

/// `/api/v1/alarms…` (list, one alarm with its history, acknowledge, clear, assign, comment) and
/// `/api/v1/sites/{code}/permit` (an outlet's permit and its revisions). Alarms show only the sites a token's
/// role and scope may read (without a token: the ambient alarms of public stations, `AlarmQuery`); an
/// enterprise acknowledges and comments, the city or county clears and assigns; permits change with a
/// city-role token.
struct AlarmsController<Context: AccessRequestContext>: Sendable {
    let store: any PlatformStore
    let registry: RegistrySnapshot
    /// Woken after an action wrote its notification.
    let outbox: OutboxSignal

    static var maximumPageSize: Int { 500 }

    struct AlarmPageDTO: ResponseEncodable, Sendable {
        var items: [AlarmDTO]
        /// Pass as `before` for the next page; nil on the last.
        var nextBefore: Int64?
    }

    struct AlarmDetailDTO: ResponseEncodable, Sendable {
        var alarm: AlarmDTO
        var siteName: String
        var events: [AlarmEventDTO]
    }

    struct PermitDTO: ResponseEncodable, Sendable {
        var permit: Permit
        var revision: Int
        var changedAt: String
        var changedBy: String

        init(_ stored: StoredPermit) {
            permit = stored.permit
            revision = stored.revision
            changedAt = RFC3339.format(stored.changedAt)
            changedBy = stored.changedBy
        }
    }

    struct AssignBody: Decodable {
        var assignee: String
    }

    struct CommentBody: Decodable {
        var text: String
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("alarms", use: list)
        group.get("alarms/:id", use: detail)
        group.post("alarms/:id/ack", use: acknowledge)
        group.post("alarms/:id/clear", use: clear)
        group.post("alarms/:id/assign", use: assign)
        group.post("alarms/:id/comments", use: comment)
        group.get("sites/:code/permit", use: permit)
        group.put("sites/:code/permit", use: putPermit)
        group.get("sites/:code/permit/history", use: permitHistory)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> AlarmPageDTO {
        let filter = try AlarmQuery.filter(
            request.uri.queryParameters, principal: context.principal, sites: Array(try await registry.current().sites.values))
        let alarms = try await store.alarms(filter)
        return AlarmPageDTO(items: alarms.map(AlarmDTO.init), nextBefore: alarms.count == filter.limit ? alarms.last?.id : nil)
    }

    /// The alarm, 404 when it does not exist or is not the principal's to see.
    func requireAlarm(_ context: Context) async throws -> (AlarmRecord, Site) {
        try await AlarmQuery.requireAlarm(id: try context.parameters.require("id"), principal: context.principal, store: store, registry: registry)
    }

    @Sendable func detail(_ request: Request, context: Context) async throws -> AlarmDetailDTO {
        let (alarm, site) = try await requireAlarm(context)
        return AlarmDetailDTO(
            alarm: AlarmDTO(alarm), siteName: site.nameZh, events: try await store.alarmEvents(id: alarm.id).map(AlarmEventDTO.init))
    }

    func act(_ action: AlarmAction, on alarm: AlarmRecord, context: Context) async throws -> AlarmDTO {
        guard
            let changed = try await store.act(
                on: alarm.id, action, actor: context.principal.label, at: .now, notification: AlarmNotification.body)
        else { throw ProblemDetails.notFound(code: "alarm_not_found", "alarm \(alarm.id) is gone") }
        outbox.notify()
        try await context.audit(
            Auditor(store: store), "alarm.\(action.auditName)", target: "alarm:\(alarm.id)", before: AlarmDTO(alarm), after: AlarmDTO(changed))
        return AlarmDTO(changed)
    }

    @Sendable func acknowledge(_ request: Request, context: Context) async throws -> AlarmDTO {
        let (alarm, site) = try await requireAlarm(context)
        try context.principal.requireAlarmResponse(site)
        return try await act(.acknowledge, on: alarm, context: context)
    }

    @Sendable func clear(_ request: Request, context: Context) async throws -> AlarmDTO {
        let (alarm, site) = try await requireAlarm(context)
        try context.principal.requireAlarmHandling(site)
        return try await act(.clear, on: alarm, context: context)
    }

    @Sendable func assign(_ request: Request, context: Context) async throws -> AlarmDTO {
        let (alarm, site) = try await requireAlarm(context)
        try context.principal.requireAlarmHandling(site)
        let body = try await JSONBody.decode(AssignBody.self, from: request, example: #"{"assignee": "王工（执法支队）"}"#, limit: 4_096)
        return try await act(.assign(try Self.assignee(body.assignee)), on: alarm, context: context)
    }

    @Sendable func comment(_ request: Request, context: Context) async throws -> AlarmDTO {
        let (alarm, site) = try await requireAlarm(context)
        try context.principal.requireAlarmResponse(site)
        let body = try await JSONBody.decode(CommentBody.self, from: request, example: #"{"text": "已电话通知企业核查"}"#, limit: 16_384)
        return try await act(.comment(try Self.commentText(body.text)), on: alarm, context: context)
    }

    /// An assignee as given through the API or the console: trimmed, 1 to 100 characters.
    static func assignee(_ text: String) throws -> String {
        let assignee = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(assignee.count) else {
            throw ProblemDetails.badRequest(code: "invalid_assignee", "assignee must be 1…100 characters")
        }
        return assignee
    }

    /// A comment: trimmed, 1 to 2,000 characters.
    static func commentText(_ text: String) throws -> String {
        let comment = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...2_000).contains(comment.count) else { throw ProblemDetails.badRequest(code: "invalid_text", "text must be 1…2000 characters") }
        return comment
    }

    /// The outlet, 404 for a site the principal may not see, 400 for a site that is not an outlet.
    func requireOutlet(_ context: Context) async throws -> Site {
        let code = try context.parameters.require("code")
        let site = try context.principal.requireRead(try await registry.site(code: code), code: code)
        guard site.kind == .sourceGas || site.kind == .sourceWater else {
            throw ProblemDetails.badRequest(
                code: "not_an_outlet", "site \(code) is a \(site.kind.rawValue) site; permits belong to source_gas and source_water outlets")
        }
        return site
    }

    @Sendable func permit(_ request: Request, context: Context) async throws -> PermitDTO {
        let site = try await requireOutlet(context)
        guard let stored = try await store.permit(siteCode: site.code) else {
            throw ProblemDetails.notFound(
                code: "permit_not_found", "outlet \(site.code) has no permit yet; a city-role token can PUT one to /api/v1/sites/\(site.code)/permit")
        }
        return PermitDTO(stored)
    }

    @Sendable func permitHistory(_ request: Request, context: Context) async throws -> ItemsDTO<PermitDTO> {
        let site = try await requireOutlet(context)
        return ItemsDTO(items: try await store.permitHistory(siteCode: site.code).map(PermitDTO.init))
    }

    @Sendable func putPermit(_ request: Request, context: Context) async throws -> EditedResponse<PermitDTO> {
        try context.principal.requirePermitManagement()
        let site = try await requireOutlet(context)
        var permit = try await JSONBody.decode(
            Permit.self, from: request,
            example:
                #"{"siteCode": "E01-G1", "number": "911508…", "validFrom": "2023-01-01", "validTo": "2027-12-31", "limits": [{"parameter": "a21026", "limit": 35, "unit": "mg/m³", "referenceOxygen": 6, "averaging": "hour", "standard": "GB 13223-2011", "table": "超低排放 燃煤机组"}], "annualTonnes": {"a21026": 120}}"#,
            limit: 65_536)
        permit.siteCode = site.code
        let problems = permit.problems()
        guard problems.isEmpty else {
            throw ProblemDetails.badRequest(code: "invalid_permit", "the permit cannot be stored: " + problems.joined(separator: "; "))
        }
        let previous = try await store.permit(siteCode: site.code)?.permit
        let stored = try await store.putPermit(permit, by: context.principal.label, at: .now)
        try await context.audit(Auditor(store: store), "permit.update", target: "site:\(site.code)", before: previous, after: permit)
        return EditedResponse(status: .ok, response: PermitDTO(stored))
    }
}
