public import QingshanCore
public import QingshanStore

/// Adding people, resetting their passwords, changing their role and disabling them: for `qingshan user …`, the
/// first start and the API alike, each change in the audit log. A new or reset password is a one-time password,
/// shown once, that must be changed at the first sign-in.
public struct UserAdministration: Sendable {
    let store: any PlatformStore
    let hasher: PasswordHasher
    let auditor: Auditor
    /// Who acts (`cli:…`, `user:…`) and from where.
    let actor: String
    let address: String?

    public init(store: any PlatformStore, bcryptCost: UInt8, actor: String, address: String? = nil) {
        self.store = store
        hasher = PasswordHasher(cost: bcryptCost)
        auditor = Auditor(store: store)
        self.actor = actor
        self.address = address
    }

    /// A user as the audit log and the API show one: never a password or its hash.
    struct UserState: Encodable, Sendable {
        var username, displayName, role: String
        var scope: String?
        var disabled: Bool

        init(_ user: UserAccount) {
            username = user.username
            displayName = user.displayName
            role = user.role.rawValue
            scope = user.scope
            disabled = user.disabledAt != nil
        }
    }

    /// Adds a person and returns their one-time password.
    public func add(username: String, displayName: String?, role: AccessRole, scope: String?, now: Timestamp = .now) async throws -> String {
        guard UserAccount.isValidName(username) else {
            throw ConfigurationError("user name '\(username)' must be 2–64 letters, digits, '.', '_' or '-'")
        }
        try await ScopeRule.validate(role: role, scope: scope, store: store)
        let password = SecretText.oneTimePassword()
        let user = UserAccount(
            username: username, displayName: displayName ?? username, role: role, scope: scope, mustChangePassword: true, createdAt: now)
        guard try await store.addUser(user, passwordHash: try await hasher.hash(password)) else {
            throw ConfigurationError("user '\(username)' exists already (qingshan user list)")
        }
        try await auditor.record(actor, address: address, action: "user.create", target: "user:\(username)", after: UserState(user), at: now)
        return password
    }

    /// A new one-time password; every session of the person ends and a lock is lifted.
    public func resetPassword(username: String, now: Timestamp = .now) async throws -> String {
        let user = try await existing(username)
        let password = SecretText.oneTimePassword()
        try await store.setPassword(username: username, hash: try await hasher.hash(password), mustChange: true)
        _ = try await store.revokeSessions(username: username, id: nil, at: now)
        try await auditor.record(actor, address: address, action: "user.password_reset", target: "user:\(username)", after: UserState(user), at: now)
        return password
    }

    public func setRole(username: String, role: AccessRole, scope: String?, now: Timestamp = .now) async throws {
        var user = try await existing(username)
        try await ScopeRule.validate(role: role, scope: scope, store: store)
        let before = UserState(user)
        user.role = role
        user.scope = scope
        try await store.updateUser(user)
        _ = try await store.revokeSessions(username: username, id: nil, at: now)
        try await auditor.record(
            actor, address: address, action: "user.role", target: "user:\(username)", before: before, after: UserState(user), at: now)
    }

    /// Disables (or enables again) a person: their sessions end and their tokens stop working.
    public func setDisabled(username: String, _ disabled: Bool, now: Timestamp = .now) async throws {
        var user = try await existing(username)
        let before = UserState(user)
        user.disabledAt = disabled ? (user.disabledAt ?? now) : nil
        try await store.updateUser(user)
        if disabled { _ = try await store.revokeSessions(username: username, id: nil, at: now) }
        try await auditor.record(
            actor, address: address, action: disabled ? "user.disable" : "user.enable", target: "user:\(username)", before: before,
            after: UserState(user), at: now)
    }

    /// On a store without any person: an administrator `admin` with a one-time password, returned to be shown
    /// once. Nil when people exist already.
    public func createFirstAdministrator(now: Timestamp = .now) async throws -> String? {
        guard try await store.users().isEmpty else { return nil }
        do {
            return try await add(username: "admin", displayName: "管理员", role: .admin, scope: nil, now: now)
        } catch let error as ConfigurationError {
            // Another server on the same database made it a moment ago; that one showed the password.
            guard try await store.user(named: "admin") != nil else { throw error }
            return nil
        }
    }

    private func existing(_ username: String) async throws -> UserAccount {
        guard let user = try await store.user(named: username)?.user else {
            throw ConfigurationError("no user '\(username)' (qingshan user list)")
        }
        return user
    }
}
