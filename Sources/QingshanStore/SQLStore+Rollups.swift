import Foundation
public import QingshanCore
import SQLKit

extension SQLStore {
    public func writeRollups(_ rollups: [Rollup]) async throws {
        guard !rollups.isEmpty else { return }
        let ids = try await resolveSiteIDs(Set(rollups.map(\.siteCode)))
        let now = Timestamp.now.millisecondsSinceEpoch
        try await engine.transaction { session in
            try await session.sql.insertRows(
                rollups,
                prefix:
                    "INSERT INTO rollups (site_id, parameter, period, period_start, value, valid_count, expected_count, coverage, computed_at)",
                suffix: """
                     ON CONFLICT (site_id, parameter, period, period_start) DO UPDATE SET value = excluded.value,
                      valid_count = excluded.valid_count, expected_count = excluded.expected_count,
                      coverage = excluded.coverage, computed_at = excluded.computed_at
                    """
            ) { rollup in
                [
                    ids[rollup.siteCode]!, rollup.parameterCode, rollup.period.rawValue, rollup.periodStart.millisecondsSinceEpoch,
                    rollup.value, rollup.validCount, rollup.expectedCount, rollup.coverage, now,
                ]
            }
        }
    }

    public func rollups(siteCode: String, parameterCode: String, period: RollupPeriod, from: Timestamp, to: Timestamp) async throws
        -> [Rollup]
    {
        guard let siteID = try? await resolveSiteIDs([siteCode])[siteCode] else { return [] }
        return try await engine.read { db in
            try await db.raw(
                """
                SELECT period_start, value, valid_count, expected_count FROM rollups
                WHERE site_id = \(bind: siteID) AND parameter = \(bind: parameterCode) AND period = \(bind: period.rawValue)
                AND period_start >= \(bind: from.millisecondsSinceEpoch) AND period_start < \(bind: to.millisecondsSinceEpoch)
                ORDER BY period_start
                """
            ).all().map { row in
                Rollup(
                    siteCode: siteCode, parameterCode: parameterCode, period: period,
                    periodStart: Timestamp(millisecondsSinceEpoch: try row.decode(column: "period_start", as: Int64.self)),
                    value: try row.decode(column: "value", as: Double?.self), validCount: try row.decode(column: "valid_count", as: Int.self),
                    expectedCount: try row.decode(column: "expected_count", as: Int.self))
            }
        }
    }

    public func parameterCodes(siteCode: String) async throws -> [String] {
        guard let siteID = try? await resolveSiteIDs([siteCode])[siteCode] else { return [] }
        return try await engine.read { db in
            try await db.raw("SELECT DISTINCT parameter FROM observations WHERE site_id = \(bind: siteID) ORDER BY parameter")
                .all().map { try $0.decode(column: "parameter", as: String.self) }
        }
    }

    public func pendingRollupDays() async throws -> [PendingRollupDay] {
        try await engine.read { db in
            try await db.raw(
                """
                SELECT s.code AS code, p.parameter AS parameter, p.day_start AS day_start, p.generation AS generation
                FROM rollup_pending p JOIN sites s ON s.id = p.site_id ORDER BY s.code, p.parameter, p.day_start
                """
            ).all().map { row in
                PendingRollupDay(
                    day: TouchedDay(
                        siteCode: try row.decode(column: "code", as: String.self),
                        parameterCode: try row.decode(column: "parameter", as: String.self),
                        dayStart: Timestamp(millisecondsSinceEpoch: try row.decode(column: "day_start", as: Int64.self))),
                    generation: try row.decode(column: "generation", as: Int64.self))
            }
        }
    }

    public func clearPendingRollupDays(_ days: [PendingRollupDay]) async throws {
        guard !days.isEmpty else { return }
        let ids = try await resolveSiteIDs(Set(days.map(\.day.siteCode)))
        // The days cleared go into a temporary table and leave the queue in one statement: a DELETE per chunk
        // of row values (`(…) IN (VALUES …)`) made SQLite scan the queue once per chunk.
        let kind = engine.kind
        // PostgreSQL never vacuums a temporary table: TRUNCATE, not DELETE, or its dead rows pile up per connection.
        let empty = kind == .postgres ? "TRUNCATE rollup_cleared" : "DELETE FROM rollup_cleared"
        try await engine.transaction { session in
            let db = session.sql
            try await db.raw(
                """
                CREATE TEMPORARY TABLE IF NOT EXISTS rollup_cleared (site_id BIGINT NOT NULL, parameter TEXT NOT NULL,
                  day_start BIGINT NOT NULL, generation BIGINT NOT NULL, PRIMARY KEY (site_id, parameter, day_start))
                """
            ).run()
            try await db.raw(SQLQueryString(empty)).run()
            try await db.insertRows(
                days, prefix: "INSERT INTO rollup_cleared (site_id, parameter, day_start, generation)", suffix: " ON CONFLICT DO NOTHING"
            ) { pending in
                [ids[pending.day.siteCode]!, pending.day.parameterCode, pending.day.dayStart.millisecondsSinceEpoch, pending.generation]
            }
            if kind == .postgres {
                // Rows locked in the order writers touch them (`markPending` sorts its keys), so a write and a pass
                // never wait on each other in a cycle.
                try await db.raw(
                    """
                    SELECT 1 FROM rollup_pending p JOIN rollup_cleared c ON c.site_id = p.site_id AND c.parameter = p.parameter
                      AND c.day_start = p.day_start
                    ORDER BY p.site_id, p.parameter COLLATE "C", p.day_start FOR UPDATE OF p
                    """
                ).run()
            }
            try await db.raw(
                """
                DELETE FROM rollup_pending WHERE EXISTS (SELECT 1 FROM rollup_cleared c WHERE c.site_id = rollup_pending.site_id
                  AND c.parameter = rollup_pending.parameter AND c.day_start = rollup_pending.day_start
                  AND c.generation = rollup_pending.generation)
                """
            ).run()
            try await db.raw(SQLQueryString(empty)).run()
        }
    }
}

extension WriteSession {
    /// Marks days pending (or touches them again), inside the transaction that wrote their observations.
    func markPending(_ days: Set<PendingKey>) async throws {
        let sorted = days.sorted { ($0.siteID, $0.parameter, $0.dayStart) < ($1.siteID, $1.parameter, $1.dayStart) }
        try await sql.insertRows(
            sorted, prefix: "INSERT INTO rollup_pending (site_id, parameter, day_start)",
            suffix: " ON CONFLICT (site_id, parameter, day_start) DO UPDATE SET generation = rollup_pending.generation + 1"
        ) { [$0.siteID, $0.parameter, $0.dayStart] }
    }
}

extension WriteSession {
    /// Marks site-hours for the alarm engine (or touches them again), inside the transaction that wrote them.
    func markAlarmPending(_ hours: Set<PendingHourKey>) async throws {
        let sorted = hours.sorted { ($0.siteID, $0.hourStart) < ($1.siteID, $1.hourStart) }
        try await sql.insertRows(
            sorted, prefix: "INSERT INTO alarm_pending (site_id, hour_start)",
            suffix: " ON CONFLICT (site_id, hour_start) DO UPDATE SET generation = alarm_pending.generation + 1"
        ) { [$0.siteID, $0.hourStart] }
    }
}

/// A pending site-hour by site id, as the observations transaction knows it.
struct PendingHourKey: Hashable, Sendable {
    var siteID: Int64
    var hourStart: Int64
}

/// A pending day by site id, as the observations transaction knows it.
struct PendingKey: Hashable, Sendable {
    var siteID: Int64
    var parameter: String
    var dayStart: Int64
}
