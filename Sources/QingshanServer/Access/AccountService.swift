import Foundation
import QingshanCore
import QingshanStore
import Synchronization

/// Sign-in, sessions and passwords for the console: bcrypt hashes, a lock per account and a wait per address
/// after repeated wrong passwords, sessions that end after `sessionHours` or `idleMinutes` without use, and every
/// sign-in, failure, sign-out and password change in the audit log.
final class AccountService: Sendable {
    struct Settings: Sendable {
        var bcryptCost: UInt8 = 12
        var accountLockout = SignInLockout(freeFailures: 5, initialSeconds: 60, maximumSeconds: 3_600)
        var addressLockout = SignInLockout(freeFailures: 10, initialSeconds: 1, maximumSeconds: 900)
        var sessionHours: Int64 = 12
        var idleMinutes: Int64 = 120
        /// Cookies marked Secure (the console is served over TLS).
        var secureCookies = false
    }

    enum SignIn: Sendable {
        case signedIn(session: SessionRecord, cookie: String, user: UserAccount)
        /// Wrong name or password (never which), or a disabled account.
        case refused
        case locked(seconds: Int64)
        case throttled(seconds: Int64)
    }

    let store: any PlatformStore
    let settings: Settings
    let hasher: PasswordHasher
    let throttle: AddressThrottle
    let auditor: Auditor
    /// Made at the first sign-in with an unknown name, not at start-up (where it would cost every start a hash).
    private let decoy = Mutex<String?>(nil)

    init(store: any PlatformStore, settings: Settings) async throws {
        self.store = store
        self.settings = settings
        hasher = PasswordHasher(cost: settings.bcryptCost)
        throttle = AddressThrottle(schedule: settings.addressLockout)
        auditor = Auditor(store: store)
    }

    private func decoyHash() async throws -> String {
        if let known = decoy.withLock({ $0 }) { return known }
        let made = try await hasher.decoy()
        decoy.withLock { $0 = $0 ?? made }
        return made
    }

    func signIn(username: String, password: String, address: String?, userAgent: String?, now: Timestamp) async throws -> SignIn {
        let client = address ?? "unknown"
        if let seconds = throttle.wait(client, now: now) { return .throttled(seconds: seconds) }
        let found = try await store.user(named: username)
        if let user = found?.user, let lockedUntil = user.lockedUntil, lockedUntil > now {
            throttle.failed(client, now: now)
            try await auditor.record("anonymous", address: address, action: "sign_in.locked", target: "user:\(user.username)", at: now)
            return .locked(seconds: (lockedUntil.millisecondsSinceEpoch - now.millisecondsSinceEpoch + 999) / 1_000)
        }
        let stored: String
        if let hash = found?.passwordHash { stored = hash } else { stored = try await decoyHash() }
        let matches = try await hasher.verify(password, hash: stored)
        guard var user = found?.user, matches, user.disabledAt == nil else {
            throttle.failed(client, now: now)
            if var user = found?.user {
                user.failedSignIns += 1
                user.lockedUntil = settings.accountLockout.lockedUntil(afterFailures: user.failedSignIns, now: now)
                try await store.updateUser(user)
            }
            let target = found.map { "user:\($0.user.username)" } ?? "unknown user"
            try await auditor.record(
                "anonymous", address: address, action: "sign_in.failed", target: target,
                after: found?.user.disabledAt != nil && matches ? "disabled account" : "wrong name or password", at: now)
            return .refused
        }
        throttle.succeeded(client)
        if user.failedSignIns > 0 || user.lockedUntil != nil {
            user.failedSignIns = 0
            user.lockedUntil = nil
            try await store.updateUser(user)
        }
        let (id, cookie) = SessionCookie.make()
        let session = SessionRecord(
            id: id, username: user.username, csrf: SecretText.base64URL(24), createdAt: now, lastSeenAt: now,
            expiresAt: now.adding(milliseconds: settings.sessionHours * Timestamp.millisecondsPerHour), address: address,
            userAgent: userAgent.map { String($0.prefix(200)) })
        try await store.addSession(session, secretSHA256: APITokenSecret.sha256Hex(cookie))
        try await auditor.record("user:\(user.username)", address: address, action: "sign_in", target: "session:\(id)", at: now)
        return .signedIn(session: session, cookie: cookie, user: user)
    }

    /// The person and session a cookie stands for, or nil for an unknown, expired, idle, revoked or tampered one,
    /// or a disabled person.
    func authenticate(cookie: String, now: Timestamp) async throws -> (user: UserAccount, session: SessionRecord)? {
        guard let id = SessionCookie.id(of: cookie), let (session, digest) = try await store.session(id: id),
            TokenAuthenticator.constantTimeEqual(digest, APITokenSecret.sha256Hex(cookie)), session.isLive(at: now),
            now.millisecondsSinceEpoch - session.lastSeenAt.millisecondsSinceEpoch < settings.idleMinutes * 60_000,
            let user = try await store.user(named: session.username)?.user, user.disabledAt == nil
        else { return nil }
        // Written at most once a minute: a page's assets do not each cost a write.
        if now.millisecondsSinceEpoch - session.lastSeenAt.millisecondsSinceEpoch > 60_000 { try await store.touchSession(id: id, at: now) }
        return (user, session)
    }

    /// Changes a signed-in person's password: the current one must be given; the new one must pass the policy.
    /// Returns why it was refused, or nil when changed. Every other session of the person ends.
    func changePassword(
        user: UserAccount, session: SessionRecord, current: String, new: String, confirmation: String, address: String?, now: Timestamp
    )
        async throws -> String?
    {
        guard let stored = try await store.user(named: user.username), try await hasher.verify(current, hash: stored.passwordHash) else {
            return "当前密码不正确 (the current password is wrong)"
        }
        guard new == confirmation else { return "两次输入的新密码不一致 (the new passwords differ)" }
        guard new != current else { return "新密码不能与当前密码相同 (the new password must differ from the current one)" }
        if let problem = PasswordPolicy.problem(new, username: user.username) { return problem }
        try await store.setPassword(username: user.username, hash: try await hasher.hash(new), mustChange: false)
        for other in try await store.sessions(username: user.username) where other.id != session.id && other.revokedAt == nil {
            _ = try await store.revokeSessions(username: user.username, id: other.id, at: now)
        }
        try await auditor.record("user:\(user.username)", address: address, action: "user.password_changed", target: "user:\(user.username)", at: now)
        return nil
    }

    func signOut(user: UserAccount, session: SessionRecord, address: String?, now: Timestamp) async throws {
        _ = try await store.revokeSessions(username: user.username, id: session.id, at: now)
        try await auditor.record("user:\(user.username)", address: address, action: "sign_out", target: "session:\(session.id)", at: now)
    }

    /// Ends one of the person's own sessions; false when it is not theirs or already over.
    func revoke(sessionID: String, of user: UserAccount, address: String?, now: Timestamp) async throws -> Bool {
        guard try await store.revokeSessions(username: user.username, id: sessionID, at: now) > 0 else { return false }
        try await auditor.record("user:\(user.username)", address: address, action: "session.revoke", target: "session:\(sessionID)", at: now)
        return true
    }
}
