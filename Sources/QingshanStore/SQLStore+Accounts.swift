public import QingshanCore
import SQLKit

extension SQLStore {
    public func addUser(_ user: UserAccount, passwordHash: String) async throws -> Bool {
        try await engine.transaction { session in
            try await session.sql.raw(
                """
                INSERT INTO users (username, display_name, role, scope, password_hash, must_change_password, created_at, disabled_at,
                  failed_sign_ins, locked_until)
                VALUES (\(bind: user.username), \(bind: user.displayName), \(bind: user.role.rawValue), \(bind: user.scope),
                  \(bind: passwordHash), \(bind: user.mustChangePassword ? 1 : 0), \(bind: user.createdAt.millisecondsSinceEpoch),
                  \(bind: user.disabledAt?.millisecondsSinceEpoch), \(bind: user.failedSignIns), \(bind: user.lockedUntil?.millisecondsSinceEpoch))
                ON CONFLICT (username) DO NOTHING RETURNING username
                """
            ).first() != nil
        }
    }

    public func user(named username: String) async throws -> (user: UserAccount, passwordHash: String)? {
        try await engine.read { db in
            guard let row = try await db.raw("SELECT * FROM users WHERE username = \(bind: username)").first() else { return nil }
            return (try Self.user(row), try row.decode(column: "password_hash", as: String.self))
        }
    }

    public func users() async throws -> [UserAccount] {
        try await engine.read { db in try await db.raw("SELECT * FROM users ORDER BY username").all().map(Self.user) }
    }

    public func updateUser(_ user: UserAccount) async throws {
        try await engine.transaction { session in
            try await session.sql.raw(
                """
                UPDATE users SET display_name = \(bind: user.displayName), role = \(bind: user.role.rawValue), scope = \(bind: user.scope),
                  must_change_password = \(bind: user.mustChangePassword ? 1 : 0), disabled_at = \(bind: user.disabledAt?.millisecondsSinceEpoch),
                  failed_sign_ins = \(bind: user.failedSignIns), locked_until = \(bind: user.lockedUntil?.millisecondsSinceEpoch)
                WHERE username = \(bind: user.username)
                """
            ).run()
        }
    }

    public func setPassword(username: String, hash: String, mustChange: Bool) async throws {
        try await engine.transaction { session in
            try await session.sql.raw(
                """
                UPDATE users SET password_hash = \(bind: hash), must_change_password = \(bind: mustChange ? 1 : 0), failed_sign_ins = 0,
                  locked_until = NULL WHERE username = \(bind: username)
                """
            ).run()
        }
    }

    public func addSession(_ record: SessionRecord, secretSHA256: String) async throws {
        try await engine.transaction { session in
            try await session.sql.raw(
                """
                INSERT INTO sessions (id, secret_sha256, username, csrf, created_at, last_seen_at, expires_at, address, user_agent)
                VALUES (\(bind: record.id), \(bind: secretSHA256), \(bind: record.username), \(bind: record.csrf),
                  \(bind: record.createdAt.millisecondsSinceEpoch), \(bind: record.lastSeenAt.millisecondsSinceEpoch),
                  \(bind: record.expiresAt.millisecondsSinceEpoch), \(bind: record.address), \(bind: record.userAgent))
                """
            ).run()
        }
    }

    public func session(id: String) async throws -> (session: SessionRecord, secretSHA256: String)? {
        try await engine.read { db in
            guard let row = try await db.raw("SELECT * FROM sessions WHERE id = \(bind: id)").first() else { return nil }
            return (try Self.session(row), try row.decode(column: "secret_sha256", as: String.self))
        }
    }

    public func sessions(username: String) async throws -> [SessionRecord] {
        try await engine.read { db in
            try await db.raw("SELECT * FROM sessions WHERE username = \(bind: username) ORDER BY created_at DESC, id").all().map(Self.session)
        }
    }

    public func touchSession(id: String, at: Timestamp) async throws {
        try await engine.transaction { session in
            try await session.sql.raw("UPDATE sessions SET last_seen_at = \(bind: at.millisecondsSinceEpoch) WHERE id = \(bind: id)").run()
        }
    }

    public func revokeSessions(username: String, id: String?, at: Timestamp) async throws -> Int {
        try await engine.transaction { session in
            var sql = SQLQueryString(
                "UPDATE sessions SET revoked_at = \(bind: at.millisecondsSinceEpoch) WHERE username = \(bind: username) AND revoked_at IS NULL")
            if let id {
                sql.appendInterpolation(unsafeRaw: " AND id = ")
                sql.appendInterpolation(bind: id)
            }
            sql.appendInterpolation(unsafeRaw: " RETURNING id")
            return try await session.sql.raw(sql).all().count
        }
    }

    static func user(_ row: any SQLRow) throws -> UserAccount {
        let role = try row.decode(column: "role", as: String.self)
        guard let parsed = AccessRole(rawValue: role) else { throw StoreError.invalid("users: unknown role '\(role)'") }
        func time(_ column: String) throws -> Timestamp? {
            try row.decode(column: column, as: Int64?.self).map { Timestamp(millisecondsSinceEpoch: $0) }
        }
        return UserAccount(
            username: try row.decode(column: "username", as: String.self), displayName: try row.decode(column: "display_name", as: String.self),
            role: parsed, scope: try row.decode(column: "scope", as: String?.self),
            mustChangePassword: try row.decode(column: "must_change_password", as: Int.self) != 0,
            createdAt: Timestamp(millisecondsSinceEpoch: try row.decode(column: "created_at", as: Int64.self)), disabledAt: try time("disabled_at"),
            failedSignIns: try row.decode(column: "failed_sign_ins", as: Int.self), lockedUntil: try time("locked_until"))
    }

    static func session(_ row: any SQLRow) throws -> SessionRecord {
        func time(_ column: String) throws -> Timestamp { Timestamp(millisecondsSinceEpoch: try row.decode(column: column, as: Int64.self)) }
        return SessionRecord(
            id: try row.decode(column: "id", as: String.self), username: try row.decode(column: "username", as: String.self),
            csrf: try row.decode(column: "csrf", as: String.self), createdAt: try time("created_at"), lastSeenAt: try time("last_seen_at"),
            expiresAt: try time("expires_at"), address: try row.decode(column: "address", as: String?.self),
            userAgent: try row.decode(column: "user_agent", as: String?.self),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map { Timestamp(millisecondsSinceEpoch: $0) })
    }
}
