public import QingshanCore
import SQLKit

extension SQLStore {
    public func addPlanEntry(_ entry: PlanEntry) async throws -> PlanEntry {
        try await engine.transaction { session in
            let last = try await session.sql.raw(
                """
                SELECT max(revision) AS revision FROM plan_entries WHERE indicator = \(bind: entry.indicator) AND year = \(bind: entry.year)
                AND region = \(bind: entry.region) AND kind = \(bind: entry.kind.rawValue)
                """
            ).first()?.decode(column: "revision", as: Int?.self)
            var stored = entry
            stored.revision = (last ?? 0) + 1
            try await session.sql.raw(
                """
                INSERT INTO plan_entries (indicator, year, region, kind, revision, value, source, entered_by, entered_at)
                VALUES (\(bind: stored.indicator), \(bind: stored.year), \(bind: stored.region), \(bind: stored.kind.rawValue),
                  \(bind: stored.revision), \(bind: stored.value), \(bind: stored.source), \(bind: stored.enteredBy),
                  \(bind: stored.enteredAt.millisecondsSinceEpoch))
                """
            ).run()
            return stored
        }
    }

    public func planEntries(indicator: Int) async throws -> [PlanEntry] {
        try await engine.read { db in
            try await db.raw(
                "SELECT * FROM plan_entries WHERE indicator = \(bind: indicator) ORDER BY year, region, kind, revision"
            ).all().map(Self.planEntry)
        }
    }

    public func currentPlanEntries() async throws -> [PlanEntry] {
        try await engine.read { db in
            try await db.raw(
                """
                SELECT e.* FROM plan_entries e WHERE e.revision = (SELECT max(l.revision) FROM plan_entries l WHERE l.indicator = e.indicator
                AND l.year = e.year AND l.region = e.region AND l.kind = e.kind) ORDER BY e.indicator, e.year, e.region, e.kind
                """
            ).all().map(Self.planEntry)
        }
    }

    public func setDustDay(_ day: CivilDateTime, marked: Bool, by: String, note: String, at: Timestamp) async throws {
        try await engine.transaction { session in
            if marked {
                try await session.sql.raw(
                    """
                    INSERT INTO plan_dust_days (day, marked_by, marked_at, note) VALUES (\(bind: day.dateText), \(bind: by),
                      \(bind: at.millisecondsSinceEpoch), \(bind: note))
                    ON CONFLICT (day) DO UPDATE SET marked_by = excluded.marked_by, marked_at = excluded.marked_at, note = excluded.note
                    """
                ).run()
            } else {
                try await session.sql.raw("DELETE FROM plan_dust_days WHERE day = \(bind: day.dateText)").run()
            }
        }
    }

    public func dustDays(year: Int) async throws -> [CivilDateTime] {
        try await engine.read { db in
            try await db.raw("SELECT day FROM plan_dust_days WHERE day LIKE \(bind: "\(year)-%") ORDER BY day").all().compactMap { row in
                CivilDateTime(dateText: try row.decode(column: "day", as: String.self))
            }
        }
    }

    public func addTargetResult(_ result: PlanTargetResult) async throws -> PlanTargetResult {
        try await engine.transaction { session in
            let last = try await session.sql.raw("SELECT max(revision) AS revision FROM plan_target_results WHERE target = \(bind: result.target)")
                .first()?.decode(column: "revision", as: Int?.self)
            var stored = result
            stored.revision = (last ?? 0) + 1
            try await session.sql.raw(
                """
                INSERT INTO plan_target_results (target, revision, met, note, recorded_by, recorded_at)
                VALUES (\(bind: stored.target), \(bind: stored.revision), \(bind: stored.met ? 1 : 0), \(bind: stored.note),
                  \(bind: stored.recordedBy), \(bind: stored.recordedAt.millisecondsSinceEpoch))
                """
            ).run()
            return stored
        }
    }

    public func currentTargetResults() async throws -> [String: PlanTargetResult] {
        try await engine.read { db in
            var results: [String: PlanTargetResult] = [:]
            for row in try await db.raw("SELECT * FROM plan_target_results ORDER BY target, revision").all() {
                let result = PlanTargetResult(
                    target: try row.decode(column: "target", as: String.self), met: try row.decode(column: "met", as: Int.self) != 0,
                    note: try row.decode(column: "note", as: String.self), recordedBy: try row.decode(column: "recorded_by", as: String.self),
                    recordedAt: Timestamp(millisecondsSinceEpoch: try row.decode(column: "recorded_at", as: Int64.self)),
                    revision: try row.decode(column: "revision", as: Int.self))
                results[result.target] = result
            }
            return results
        }
    }

    static func planEntry(_ row: any SQLRow) throws -> PlanEntry {
        let kind = try row.decode(column: "kind", as: String.self)
        guard let parsed = PlanEntry.Kind(rawValue: kind) else { throw StoreError.invalid("plan_entries: unknown kind '\(kind)'") }
        return PlanEntry(
            indicator: try row.decode(column: "indicator", as: Int.self), year: try row.decode(column: "year", as: Int.self),
            region: try row.decode(column: "region", as: String.self), kind: parsed, value: try row.decode(column: "value", as: Double.self),
            source: try row.decode(column: "source", as: String.self), enteredBy: try row.decode(column: "entered_by", as: String.self),
            enteredAt: Timestamp(millisecondsSinceEpoch: try row.decode(column: "entered_at", as: Int64.self)),
            revision: try row.decode(column: "revision", as: Int.self))
    }
}
