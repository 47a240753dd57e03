public import QingshanCore
import SQLKit

extension SQLStore {
    public func appendAudit(_ record: AuditRecord) async throws -> AuditEntry {
        let kind = engine.kind
        return try await engine.transaction { session in
            // SQLite has one writer; on PostgreSQL two servers appending at once would both read the same last entry.
            if kind == .postgres { try await session.sql.raw("SELECT pg_advisory_xact_lock(2125801)").run() }
            let last = try await session.sql.raw("SELECT position, hash FROM audit_log ORDER BY position DESC LIMIT 1").first()
            let position = (try last?.decode(column: "position", as: Int64.self) ?? 0) + 1
            let previous = try last?.decode(column: "hash", as: String.self) ?? AuditChain.genesis
            let hash = AuditChain.hash(position: position, record: record, previousHash: previous)
            try await session.sql.raw(
                """
                INSERT INTO audit_log (position, at, actor, address, action, target, before_state, after_state, previous_hash, hash)
                VALUES (\(bind: position), \(bind: record.at.millisecondsSinceEpoch), \(bind: record.actor), \(bind: record.address),
                  \(bind: record.action), \(bind: record.target), \(bind: record.before), \(bind: record.after), \(bind: previous), \(bind: hash))
                """
            ).run()
            return AuditEntry(position: position, record: record, previousHash: previous, hash: hash)
        }
    }

    public func auditEntries(from position: Int64, limit: Int, descending: Bool) async throws -> [AuditEntry] {
        try await engine.read { db in
            let sql: SQLQueryString =
                descending
                ? "SELECT * FROM audit_log WHERE position < \(bind: position) ORDER BY position DESC LIMIT \(bind: limit)"
                : "SELECT * FROM audit_log WHERE position >= \(bind: position) ORDER BY position LIMIT \(bind: limit)"
            return try await db.raw(sql).all().map { row in
                AuditEntry(
                    position: try row.decode(column: "position", as: Int64.self),
                    record: AuditRecord(
                        at: Timestamp(millisecondsSinceEpoch: try row.decode(column: "at", as: Int64.self)),
                        actor: try row.decode(column: "actor", as: String.self), address: try row.decode(column: "address", as: String?.self),
                        action: try row.decode(column: "action", as: String.self), target: try row.decode(column: "target", as: String.self),
                        before: try row.decode(column: "before_state", as: String?.self),
                        after: try row.decode(column: "after_state", as: String?.self)),
                    previousHash: try row.decode(column: "previous_hash", as: String.self), hash: try row.decode(column: "hash", as: String.self))
            }
        }
    }
}

extension AuditStore {
    /// Walks the whole log in pages: how many entries it checked and the first problem, with a moved entry named
    /// as reordered (its contents fit another position).
    public func verifyAudit(pageSize: Int = 1_000) async throws -> (checked: Int64, problem: AuditChain.Problem?) {
        var previous: (position: Int64, hash: String) = (0, AuditChain.genesis)
        while true {
            let page = try await auditEntries(from: previous.position + 1, limit: pageSize, descending: false)
            if var problem = AuditChain.check(page, after: previous) {
                if problem.kind == .altered, let entry = page.first(where: { $0.position == problem.position }),
                    let last = try await auditEntries(from: .max, limit: 1, descending: true).first?.position,
                    let original = AuditChain.originalPosition(of: entry, among: 1...max(1, last))
                {
                    problem = AuditChain.Problem(
                        position: problem.position, kind: .reordered,
                        detail: "entry \(problem.position) holds what was written as entry \(original): entries were reordered")
                }
                return (problem.position - 1, problem)
            }
            guard let last = page.last else { return (previous.position, nil) }
            previous = (last.position, last.hash)
        }
    }
}
