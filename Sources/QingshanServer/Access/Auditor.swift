import Foundation
public import QingshanCore
public import QingshanStore

/// Records changes in the audit log: who (the principal), from where, what, and the state before and after as
/// JSON (secrets are never part of a state: callers pass DTOs without them).
public struct Auditor: Sendable {
    let store: any AuditStore

    public init(store: any AuditStore) {
        self.store = store
    }

    public func record(
        _ actor: String, address: String?, action: String, target: String, before: (any Encodable & Sendable)? = nil,
        after: (any Encodable & Sendable)? = nil, at: Timestamp = .now
    ) async throws {
        try await store.appendAudit(
            AuditRecord(at: at, actor: actor, address: address, action: action, target: target, before: Self.json(before), after: Self.json(after)))
    }

    static func json(_ value: (any Encodable & Sendable)?) -> String? {
        guard let value else { return nil }
        if let text = value as? String { return text }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }
}

extension Principal {
    /// How the audit log names who acted.
    public var auditName: String {
        switch self {
        case .anonymous: "anonymous"
        case .token(let token): "token:\(token.id)" + (token.owner.map { "(user:\($0))" } ?? "")
        case .user(let user): "user:\(user.username)"
        }
    }
}
