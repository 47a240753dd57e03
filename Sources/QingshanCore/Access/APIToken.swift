/// An API token as the store keeps it: who it is for and what it may do. The secret itself is never kept, only
/// its SHA-256 (see `APITokenSecret`).
public struct APIToken: Codable, Sendable, Hashable {
    /// The public part of the token (`qs_<id>_…`), shown in listings and logs and used to revoke it.
    public var id: String
    public var name: String
    public var role: AccessRole
    /// A region code (county, reader) or an enterprise code (enterprise).
    public var scope: String?
    public var createdAt: Timestamp
    public var revokedAt: Timestamp?
    /// The person the token belongs to: it acts with that person's current role and scope and stops working
    /// when the person is disabled.
    public var owner: String?

    public init(
        id: String, name: String, role: AccessRole, scope: String? = nil, createdAt: Timestamp, revokedAt: Timestamp? = nil, owner: String? = nil
    ) {
        self.owner = owner
        self.id = id
        self.name = name
        self.role = role
        self.scope = scope
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
