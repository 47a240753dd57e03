/// A person who signs in to the console: a role and scope as API tokens have, a password kept only as a bcrypt
/// hash, and the state of their sign-in failures.
public struct UserAccount: Codable, Sendable, Hashable {
    /// Letters, digits, `.`, `_` and `-`, 2 to 64 of them (see `isValidName`).
    public var username: String
    public var displayName: String
    public var role: AccessRole
    /// A region code (county, reader), an enterprise code (enterprise) or a company code (maintainer).
    public var scope: String?
    /// Set for a one-time password (first start, `user add`, `user reset-password`): nothing but changing it is
    /// allowed until it is changed.
    public var mustChangePassword: Bool
    public var createdAt: Timestamp
    public var disabledAt: Timestamp?
    /// Wrong passwords since the last right one.
    public var failedSignIns: Int
    /// Refused without looking at the password until then.
    public var lockedUntil: Timestamp?

    public init(
        username: String, displayName: String, role: AccessRole, scope: String? = nil, mustChangePassword: Bool = true,
        createdAt: Timestamp, disabledAt: Timestamp? = nil, failedSignIns: Int = 0, lockedUntil: Timestamp? = nil
    ) {
        self.username = username
        self.displayName = displayName
        self.role = role
        self.scope = scope
        self.mustChangePassword = mustChangePassword
        self.createdAt = createdAt
        self.disabledAt = disabledAt
        self.failedSignIns = failedSignIns
        self.lockedUntil = lockedUntil
    }

    public static func isValidName(_ name: String) -> Bool {
        (2...64).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }
}
