public import QingshanCore

/// One change as it is recorded: who, when, from where, what, and the state before and after (JSON text).
public struct AuditRecord: Sendable, Hashable, Codable {
    public var at: Timestamp
    /// `user:NAME`, `token:ID`, `cli:USER` or `system`.
    public var actor: String
    /// The client's address, or nil (the command line, the platform itself).
    public var address: String?
    /// A dotted verb: `user.create`, `permit.update`, `sign_in.failed`, …
    public var action: String
    /// What was changed: `user:zhang`, `site:E01-G1`, `device:MN…`.
    public var target: String
    public var before: String?
    public var after: String?

    public init(at: Timestamp, actor: String, address: String? = nil, action: String, target: String, before: String? = nil, after: String? = nil) {
        self.at = at
        self.actor = actor
        self.address = address
        self.action = action
        self.target = target
        self.before = before
        self.after = after
    }
}

/// A recorded change with its place in the chain: its position (1, 2, …), the hash of the entry before and its
/// own hash over both (`AuditChain`).
public struct AuditEntry: Sendable, Hashable, Codable {
    public var position: Int64
    public var record: AuditRecord
    public var previousHash: String
    public var hash: String

    public init(position: Int64, record: AuditRecord, previousHash: String, hash: String) {
        self.position = position
        self.record = record
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// The append-only audit log. Nothing in the platform updates or deletes an entry; `AuditChain.verify` finds it
/// when something outside it does.
public protocol AuditStore: Sendable {
    /// Appends one entry after the last, chained to it; concurrent appends are serialised.
    @discardableResult
    func appendAudit(_ record: AuditRecord) async throws -> AuditEntry
    /// Entries in position order from `position` on (ascending), or before it (newest first) when `descending`.
    func auditEntries(from position: Int64, limit: Int, descending: Bool) async throws -> [AuditEntry]
}
