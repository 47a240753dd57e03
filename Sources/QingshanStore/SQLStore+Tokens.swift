public import QingshanCore
import SQLKit

extension SQLStore {
    public func addToken(_ token: APIToken, secretSHA256: String) async throws {
        try await engine.transaction { session in
            try await session.sql.raw(
                """
                INSERT INTO api_tokens (id, name, role, scope, secret_sha256, created_at, owner)
                VALUES (\(bind: token.id), \(bind: token.name), \(bind: token.role.rawValue), \(bind: token.scope),
                  \(bind: secretSHA256), \(bind: token.createdAt.millisecondsSinceEpoch), \(bind: token.owner))
                """
            ).run()
        }
    }

    public func token(id: String) async throws -> (token: APIToken, secretSHA256: String)? {
        try await engine.read { db in
            guard let row = try await db.raw("SELECT * FROM api_tokens WHERE id = \(bind: id)").first() else { return nil }
            return (try Self.token(row), try row.decode(column: "secret_sha256", as: String.self))
        }
    }

    public func tokens() async throws -> [APIToken] {
        try await engine.read { db in
            try await db.raw("SELECT * FROM api_tokens ORDER BY created_at, id").all().map(Self.token)
        }
    }

    public func revokeToken(id: String, at: Timestamp) async throws -> Bool {
        try await engine.transaction { session in
            try await session.sql.raw(
                """
                UPDATE api_tokens SET revoked_at = \(bind: at.millisecondsSinceEpoch)
                WHERE id = \(bind: id) AND revoked_at IS NULL RETURNING id
                """
            ).first() != nil
        }
    }

    static func token(_ row: any SQLRow) throws -> APIToken {
        let role = try row.decode(column: "role", as: String.self)
        guard let parsed = AccessRole(rawValue: role) else { throw StoreError.invalid("api_tokens: unknown role '\(role)'") }
        return APIToken(
            id: try row.decode(column: "id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            role: parsed,
            scope: try row.decode(column: "scope", as: String?.self),
            createdAt: Timestamp(millisecondsSinceEpoch: try row.decode(column: "created_at", as: Int64.self)),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map { Timestamp(millisecondsSinceEpoch: $0) },
            owner: try row.decode(column: "owner", as: String?.self))
    }
}
