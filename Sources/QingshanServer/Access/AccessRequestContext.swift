import Hummingbird
import QingshanCore
import QingshanStore

/// A request context that carries who is asking, set by `AccessMiddleware` before any route runs.
protocol AccessRequestContext: RequestContext {
    var principal: Principal { get set }
    /// The console session the principal signed in with (nil for tokens and the public).
    var session: SessionRecord? { get set }
    /// The client's address, for the audit log and sign-in throttling.
    var clientAddress: String? { get }
}

extension AccessRequestContext {
    /// Records a change this request made in the audit log, naming the principal and the client's address.
    func audit(
        _ auditor: Auditor, _ action: String, target: String, before: (any Encodable & Sendable)? = nil, after: (any Encodable & Sendable)? = nil
    ) async throws {
        try await auditor.record(principal.auditName, address: clientAddress, action: action, target: target, before: before, after: after)
    }
}
