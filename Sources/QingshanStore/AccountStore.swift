public import QingshanCore

/// A signed-in browser: the cookie carries `<id>.<secret>`; the store keeps the id and the secret's SHA-256.
public struct SessionRecord: Sendable, Hashable, Codable {
    /// Public (listed, revoked by it); 16 hex digits.
    public var id: String
    public var username: String
    /// The token every form and every cookie-authenticated change must carry (CSRF).
    public var csrf: String
    public var createdAt: Timestamp
    public var lastSeenAt: Timestamp
    public var expiresAt: Timestamp
    public var address: String?
    public var userAgent: String?
    public var revokedAt: Timestamp?

    public init(
        id: String, username: String, csrf: String, createdAt: Timestamp, lastSeenAt: Timestamp, expiresAt: Timestamp,
        address: String? = nil, userAgent: String? = nil, revokedAt: Timestamp? = nil
    ) {
        self.id = id
        self.username = username
        self.csrf = csrf
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
        self.address = address
        self.userAgent = userAgent
        self.revokedAt = revokedAt
    }

    public func isLive(at now: Timestamp) -> Bool { revokedAt == nil && now < expiresAt }
}

/// People and their sessions. Passwords are kept only as bcrypt hashes, session secrets only as SHA-256.
public protocol AccountStore: Sendable {
    /// Adds a person; false when the name is taken.
    func addUser(_ user: UserAccount, passwordHash: String) async throws -> Bool
    func user(named username: String) async throws -> (user: UserAccount, passwordHash: String)?
    func users() async throws -> [UserAccount]
    /// Writes the person's role, scope, display name, disabled state and sign-in failures as given.
    func updateUser(_ user: UserAccount) async throws
    /// A new password hash; `mustChange` for a one-time password. Clears the sign-in failures.
    func setPassword(username: String, hash: String, mustChange: Bool) async throws

    func addSession(_ session: SessionRecord, secretSHA256: String) async throws
    func session(id: String) async throws -> (session: SessionRecord, secretSHA256: String)?
    /// A person's sessions, newest first.
    func sessions(username: String) async throws -> [SessionRecord]
    func touchSession(id: String, at: Timestamp) async throws
    /// Revokes one session, or every live session of the person when `id` is nil; returns how many.
    func revokeSessions(username: String, id: String?, at: Timestamp) async throws -> Int
}
