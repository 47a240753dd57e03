import Foundation
import QingshanCore
import QingshanTestSupport
import SQLKit
import Testing

@testable import QingshanStore

/// The audit log on both engines: appended entries chain and verify; changing, removing or moving one entry in
/// the database behind the platform's back is found and named by its position.
@Suite struct AuditChainTests {
    static func fill(_ store: SQLStore, count: Int) async throws {
        for index in 1...count {
            try await store.appendAudit(
                AuditRecord(
                    at: Timestamp(millisecondsSinceEpoch: 1_800_000_000_000 + Int64(index) * 1_000), actor: "user:admin", address: "10.0.0.\(index)",
                    action: "permit.update", target: "site:E0\(index)-G1", before: index == 1 ? nil : #"{"limit":\#(index)}"#,
                    after: #"{"limit":\#(index + 1)}"#))
        }
    }

    static func raw(_ store: SQLStore, _ sql: SQLQueryString) async throws {
        try await store.engine.transaction { session in try await session.sql.raw(sql).run() }
    }

    @Test(arguments: TestDatabase.available)
    func untouchedLogVerifies(database: TestDatabase) async throws {
        try await withFreshStore(database) { store in
            #expect(try await store.verifyAudit().checked == 0)
            try await Self.fill(store, count: 12)
            // Pages of 5: the chain is followed across page boundaries.
            let result = try await store.verifyAudit(pageSize: 5)
            #expect(result.problem == nil && result.checked == 12)
            let newest = try await store.auditEntries(from: .max, limit: 3, descending: true)
            #expect(newest.map(\.position) == [12, 11, 10])
            #expect(newest[1].hash == newest[0].previousHash)
            let first = try #require(try await store.auditEntries(from: 1, limit: 1, descending: false).first)
            #expect(first.previousHash == AuditChain.genesis && first.record.before == nil && first.record.address == "10.0.0.1")
        }
    }

    @Test(arguments: TestDatabase.available)
    func anAlteredEntryIsNamed(database: TestDatabase) async throws {
        try await withFreshStore(database) { store in
            try await Self.fill(store, count: 8)
            try await Self.raw(store, "UPDATE audit_log SET after_state = '{\"limit\":999}' WHERE position = 6")
            let problem = try #require(try await store.verifyAudit(pageSize: 4).problem)
            #expect(problem.position == 6 && problem.kind == .altered)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aRemovedEntryIsNamed(database: TestDatabase) async throws {
        try await withFreshStore(database) { store in
            try await Self.fill(store, count: 8)
            try await Self.raw(store, "DELETE FROM audit_log WHERE position = 4")
            let result = try await store.verifyAudit()
            #expect(result.problem?.position == 4 && result.problem?.kind == .removed && result.checked == 3)
            // Removing the newest entries leaves a shorter chain that still verifies: the count the log shows
            // (and the position an export records) is what tells that.
        }
    }

    @Test(arguments: TestDatabase.available)
    func reorderedEntriesAreNamed(database: TestDatabase) async throws {
        try await withFreshStore(database) { store in
            try await Self.fill(store, count: 8)
            // Swap everything but the positions of entries 3 and 5.
            let columns = ["at", "actor", "address", "action", "target", "before_state", "after_state", "previous_hash", "hash"]
            try await store.engine.transaction { session in
                let rows = try await session.sql.raw("SELECT * FROM audit_log WHERE position IN (3, 5) ORDER BY position").all()
                for (row, target) in zip(rows, [5, 3]) {
                    for column in columns {
                        if column == "at" {
                            let value = try row.decode(column: column, as: Int64.self)
                            try await session.sql.raw("UPDATE audit_log SET at = \(bind: value) WHERE position = \(bind: target)").run()
                        } else {
                            let value = try row.decode(column: column, as: String?.self)
                            try await session.sql.raw("UPDATE audit_log SET \(ident: column) = \(bind: value) WHERE position = \(bind: target)").run()
                        }
                    }
                }
            }
            let problem = try #require(try await store.verifyAudit().problem)
            #expect(problem.position == 3 && problem.kind == .reordered)
            #expect(problem.detail.contains("entry 5"))
        }
    }

    /// Two appends at once never share a position or fork the chain.
    @Test(arguments: TestDatabase.available)
    func concurrentAppendsStayOneChain(database: TestDatabase) async throws {
        try await withFreshStore(database) { store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        try await store.appendAudit(AuditRecord(at: .now, actor: "system", action: "test", target: "t:\(index)"))
                    }
                }
                try await group.waitForAll()
            }
            let result = try await store.verifyAudit()
            #expect(result.problem == nil && result.checked == 20)
        }
    }
}
