import Hummingbird
import QingshanCore
import QingshanStore

/// `GET /api/v1/audit` (newest first, paged by `before`) and `GET /api/v1/audit/verify`: the administrator's.
struct AuditController<Context: AccessRequestContext>: Sendable {
    let store: any PlatformStore

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("audit", use: list)
        group.get("audit/verify", use: verify)
    }

    struct EntryDTO: ResponseEncodable {
        var position: Int64
        var at: String
        var actor: String
        var address: String?
        var action: String
        var target: String
        var before: String?
        var after: String?
        var previousHash: String
        var hash: String
    }

    struct PageDTO: ResponseEncodable {
        var items: [EntryDTO]
        /// Pass as `before` for the next (older) page; absent on the last.
        var next: Int64?
    }

    struct VerificationDTO: ResponseEncodable {
        var intact: Bool
        var checked: Int64
        var position: Int64?
        var problem: String?
        var detail: String?
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> PageDTO {
        try context.principal.requireAdministrator("the audit log")
        let query = request.uri.queryParameters
        let before = try query["before"].map { text -> Int64 in
            guard let value = Int64(String(text)), value > 0 else {
                throw ProblemDetails.badRequest(code: "invalid_before", "before must be a position, a whole number above 0")
            }
            return value
        }
        let limit =
            try query["limit"].map { text -> Int in
                guard let value = Int(String(text)), (1...1_000).contains(value) else {
                    throw ProblemDetails.badRequest(code: "invalid_limit", "limit must be 1 to 1000")
                }
                return value
            } ?? 100
        let entries = try await store.auditEntries(from: before ?? .max, limit: limit, descending: true)
        return PageDTO(
            items: entries.map {
                EntryDTO(
                    position: $0.position, at: RFC3339.format($0.record.at), actor: $0.record.actor, address: $0.record.address,
                    action: $0.record.action, target: $0.record.target, before: $0.record.before, after: $0.record.after,
                    previousHash: $0.previousHash, hash: $0.hash)
            }, next: entries.count == limit && (entries.last?.position ?? 0) > 1 ? entries.last?.position : nil)
    }

    @Sendable func verify(_ request: Request, context: Context) async throws -> VerificationDTO {
        try context.principal.requireAdministrator("the audit log")
        let result = try await store.verifyAudit()
        return VerificationDTO(
            intact: result.problem == nil, checked: result.checked, position: result.problem?.position, problem: result.problem?.kind.rawValue,
            detail: result.problem?.detail)
    }
}
