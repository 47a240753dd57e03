import Foundation
public import QingshanCore
import SQLKit

extension SQLStore {
    public func permit(siteCode: String) async throws -> StoredPermit? {
        try await engine.read { db in
            try await db.raw(
                "SELECT * FROM permits WHERE site_code = \(bind: siteCode) ORDER BY revision DESC LIMIT 1"
            ).first().map(Self.permit)
        }
    }

    /// The current revision of every outlet's permit, by site code.
    func currentPermits() async throws -> [Permit] {
        try await engine.read { db in
            try await db.raw(
                """
                SELECT * FROM permits p WHERE revision = (SELECT max(revision) FROM permits q WHERE q.site_code = p.site_code)
                ORDER BY site_code
                """
            ).all().map { try Self.permit($0).permit }
        }
    }

    public func permitHistory(siteCode: String) async throws -> [StoredPermit] {
        try await engine.read { db in
            try await db.raw("SELECT * FROM permits WHERE site_code = \(bind: siteCode) ORDER BY revision DESC").all().map(Self.permit)
        }
    }

    public func putPermit(_ permit: Permit, by actor: String, at: Timestamp) async throws -> StoredPermit {
        try Self.check([permit])
        return try await engine.transaction { session in try await Self.insertRevision(permit, by: actor, at: at, on: session.sql) }
    }

    public func loadPermits(_ permits: [Permit], by actor: String, at: Timestamp) async throws {
        guard !permits.isEmpty else { return }
        try Self.check(permits)
        try await engine.transaction { session in
            for permit in permits {
                let known = try await session.sql.raw("SELECT 1 AS found FROM permits WHERE site_code = \(bind: permit.siteCode) LIMIT 1").first()
                if known == nil { _ = try await Self.insertRevision(permit, by: actor, at: at, on: session.sql) }
            }
        }
    }

    static func insertRevision(_ permit: Permit, by actor: String, at: Timestamp, on db: any SQLDatabase) async throws -> StoredPermit {
        let revision =
            try await db.raw("SELECT max(revision) AS r FROM permits WHERE site_code = \(bind: permit.siteCode)").first()?
            .decode(column: "r", as: Int?.self) ?? 0
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let document = String(decoding: try encoder.encode(permit), as: UTF8.self)
        try await db.raw(
            """
            INSERT INTO permits (site_code, revision, document, changed_at, changed_by)
            VALUES (\(bind: permit.siteCode), \(bind: revision + 1), \(bind: document), \(bind: at.millisecondsSinceEpoch), \(bind: actor))
            """
        ).run()
        return StoredPermit(permit: permit, revision: revision + 1, changedAt: at, changedBy: actor)
    }

    /// Refuses a permit with a problem before any transaction begins (so the error reaches the caller as it is).
    static func check(_ permits: [Permit]) throws {
        for permit in permits {
            let problems = permit.problems()
            guard problems.isEmpty else { throw StoreError.invalid("permit of \(permit.siteCode): " + problems.joined(separator: "; ")) }
        }
    }

    static func permit(_ row: any SQLRow) throws -> StoredPermit {
        StoredPermit(
            permit: try JSONDecoder().decode(Permit.self, from: Data(try row.decode(column: "document", as: String.self).utf8)),
            revision: try row.decode(column: "revision", as: Int.self),
            changedAt: Timestamp(millisecondsSinceEpoch: try row.decode(column: "changed_at", as: Int64.self)),
            changedBy: try row.decode(column: "changed_by", as: String.self))
    }
}
