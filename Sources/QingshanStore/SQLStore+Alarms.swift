import Foundation
public import QingshanCore
import SQLKit

extension SQLStore {
    public func pendingAlarmHours(limit: Int) async throws -> [PendingAlarmHour] {
        try await engine.read { db in
            try await db.raw(
                """
                SELECT s.code AS code, p.hour_start AS hour_start, p.generation AS generation
                FROM alarm_pending p JOIN sites s ON s.id = p.site_id ORDER BY p.hour_start, s.code LIMIT \(bind: limit)
                """
            ).all().map { row in
                PendingAlarmHour(
                    siteCode: try row.decode(column: "code", as: String.self),
                    hourStart: Timestamp(millisecondsSinceEpoch: try row.decode(column: "hour_start", as: Int64.self)),
                    generation: try row.decode(column: "generation", as: Int64.self))
            }
        }
    }

    public func clearPendingAlarmHours(_ hours: [PendingAlarmHour]) async throws {
        guard !hours.isEmpty else { return }
        let ids = try await resolveSiteIDs(Set(hours.map(\.siteCode)))
        let sorted = hours.sorted { (ids[$0.siteCode]!, $0.hourStart) < (ids[$1.siteCode]!, $1.hourStart) }
        try await engine.transaction { session in
            // Few rows a pass (one per site-hour): a DELETE each, in the order writers lock them.
            for hour in sorted {
                try await session.sql.raw(
                    """
                    DELETE FROM alarm_pending WHERE site_id = \(bind: ids[hour.siteCode]!)
                      AND hour_start = \(bind: hour.hourStart.millisecondsSinceEpoch) AND generation = \(bind: hour.generation)
                    """
                ).run()
            }
        }
    }

    public func emissionKilograms(siteCode: String, parameterCode: String, from: Timestamp, to: Timestamp) async throws -> (
        kilograms: Double, hours: Int
    ) {
        guard let siteID = try? await resolveSiteIDs([siteCode])[siteCode] else { return (0, 0) }
        return try await engine.read { db in
            let row = try await db.raw(
                """
                SELECT sum(cumulative) AS kilograms, count(cumulative) AS hours FROM observations WHERE site_id = \(bind: siteID)
                  AND parameter = \(bind: parameterCode) AND interval_code = 'hour' AND period_start >= \(bind: from.millisecondsSinceEpoch)
                  AND period_start < \(bind: to.millisecondsSinceEpoch)
                """
            ).first()
            return (try row?.decode(column: "kilograms", as: Double?.self) ?? 0, try row?.decode(column: "hours", as: Int.self) ?? 0)
        }
    }

    public func hourValues(siteCode: String, from: Timestamp, to: Timestamp) async throws -> [Observation] {
        guard let siteID = try? await resolveSiteIDs([siteCode])[siteCode] else { return [] }
        return try await engine.read { db in
            try await db.raw(
                """
                SELECT parameter, period_start, value, flag, source, received_at FROM observations WHERE site_id = \(bind: siteID)
                  AND interval_code = 'hour' AND period_start >= \(bind: from.millisecondsSinceEpoch)
                  AND period_start < \(bind: to.millisecondsSinceEpoch)
                ORDER BY period_start, parameter
                """
            ).all().map { row in
                Observation(
                    siteCode: siteCode, parameterCode: try row.decode(column: "parameter", as: String.self), interval: .hour,
                    periodStart: Timestamp(millisecondsSinceEpoch: try row.decode(column: "period_start", as: Int64.self)),
                    value: try row.decode(column: "value", as: Double.self), flag: try row.decode(column: "flag", as: String.self),
                    source: try row.decode(column: "source", as: String.self),
                    receivedAt: Timestamp(millisecondsSinceEpoch: try row.decode(column: "received_at", as: Int64.self)))
            }
        }
    }

    public func record(
        _ judgements: [AlarmJudgement], at now: Timestamp, notification: @Sendable (AlarmRecord, AlarmEvent) -> String
    ) async throws -> [AlarmRecord] {
        guard !judgements.isEmpty else { return [] }
        return try await engine.transaction { session in
            let db = session.sql
            var changed: [AlarmRecord] = []
            for judgement in judgements {
                switch judgement {
                case .found(let finding, _):
                    if let raised = try await Self.raise(finding, at: now, on: db, notification: notification) { changed.append(raised) }
                case .normal(let originator, let hour):
                    guard originator.type.clearsItself, var open = try await Self.openAlarm(originator, on: db), hour > open.lastAt else { continue }
                    open.status = .cleared
                    open.clearedAt = now
                    open.updatedAt = now
                    try await Self.update(open, on: db)
                    try await Self.addEvent(
                        open, action: .cleared, actor: "system", detail: "\(CivilDateTime(hour).dateText) \(CivilDateTime(hour).hour) 时恢复正常",
                        at: now, on: db, notification: notification)
                    changed.append(open)
                }
            }
            return changed
        }
    }

    /// Raises an alarm for a finding, or counts it on the open one; returns the alarm when it is new.
    static func raise(
        _ finding: AlarmFinding, at now: Timestamp, on db: any SQLDatabase, notification: (AlarmRecord, AlarmEvent) -> String
    ) async throws -> AlarmRecord? {
        let occurred = finding.evidence.from
        if var open = try await openAlarm(finding.originator, on: db) {
            guard occurred >= open.lastAt else { return nil }
            if occurred > open.lastAt { open.occurrences += 1 }
            open.lastAt = occurred
            open.evidence = finding.evidence
            open.summary = finding.summary
            open.severity = min(open.severity, finding.severity)
            open.updatedAt = now
            try await update(open, on: db)
            return nil
        }
        let evidence = String(decoding: try JSONEncoder().encode(finding.evidence), as: UTF8.self)
        let row = try await db.raw(
            """
            INSERT INTO alarms (site_code, type, check_name, parameter, severity, status, acknowledged, summary, evidence,
              first_at, last_at, occurrences, raised_at, updated_at)
            VALUES (\(bind: finding.siteCode), \(bind: finding.type.rawValue), \(bind: finding.check), \(bind: finding.parameterCode ?? ""),
              \(bind: finding.severity.rawValue), 'active', 0, \(bind: finding.summary), \(bind: evidence),
              \(bind: occurred.millisecondsSinceEpoch), \(bind: occurred.millisecondsSinceEpoch), 1,
              \(bind: now.millisecondsSinceEpoch), \(bind: now.millisecondsSinceEpoch))
            RETURNING id
            """
        ).first()
        guard let id = try row?.decode(column: "id", as: Int64.self), let alarm = try await alarm(id: id, on: db) else {
            throw StoreError.invalid("alarms: the inserted alarm could not be read back")
        }
        try await addEvent(alarm, action: .raised, actor: "system", detail: finding.summary, at: now, on: db, notification: notification)
        return alarm
    }

    static func openAlarm(_ originator: AlarmOriginator, on db: any SQLDatabase) async throws -> AlarmRecord? {
        try await db.raw(
            """
            SELECT * FROM alarms WHERE site_code = \(bind: originator.siteCode) AND type = \(bind: originator.type.rawValue)
              AND check_name = \(bind: originator.check) AND parameter = \(bind: originator.parameterCode) AND status = 'active'
            """
        ).first().map(alarm)
    }

    static func alarm(id: Int64, on db: any SQLDatabase) async throws -> AlarmRecord? {
        try await db.raw("SELECT * FROM alarms WHERE id = \(bind: id)").first().map(alarm)
    }

    static func update(_ alarm: AlarmRecord, on db: any SQLDatabase) async throws {
        let evidence = String(decoding: try JSONEncoder().encode(alarm.evidence), as: UTF8.self)
        try await db.raw(
            """
            UPDATE alarms SET severity = \(bind: alarm.severity.rawValue), status = \(bind: alarm.status.rawValue),
              acknowledged = \(bind: alarm.acknowledged ? 1 : 0), assignee = \(bind: alarm.assignee), summary = \(bind: alarm.summary),
              evidence = \(bind: evidence), last_at = \(bind: alarm.lastAt.millisecondsSinceEpoch), occurrences = \(bind: alarm.occurrences),
              updated_at = \(bind: alarm.updatedAt.millisecondsSinceEpoch), cleared_at = \(bind: alarm.clearedAt?.millisecondsSinceEpoch)
            WHERE id = \(bind: alarm.id)
            """
        ).run()
    }

    /// Appends an event to an alarm's history and its notification to the outbox.
    static func addEvent(
        _ alarm: AlarmRecord, action: AlarmEvent.Action, actor: String, detail: String, at now: Timestamp, on db: any SQLDatabase,
        notification: (AlarmRecord, AlarmEvent) -> String
    ) async throws {
        let sequence =
            try await db.raw("SELECT count(*) AS n FROM alarm_events WHERE alarm_id = \(bind: alarm.id)").first()?
            .decode(column: "n", as: Int.self) ?? 0
        let event = AlarmEvent(alarmID: alarm.id, sequence: sequence + 1, at: now, actor: actor, action: action, detail: detail)
        try await db.raw(
            """
            INSERT INTO alarm_events (alarm_id, sequence, at, actor, action, detail)
            VALUES (\(bind: alarm.id), \(bind: event.sequence), \(bind: now.millisecondsSinceEpoch), \(bind: actor),
              \(bind: action.rawValue), \(bind: detail))
            """
        ).run()
        try await db.raw(
            """
            INSERT INTO alarm_outbox (alarm_id, body, created_at)
            VALUES (\(bind: alarm.id), \(bind: notification(alarm, event)), \(bind: now.millisecondsSinceEpoch))
            """
        ).run()
    }

    public func alarms(_ filter: AlarmFilter) async throws -> [AlarmRecord] {
        if filter.siteCodes?.isEmpty == true || filter.types?.isEmpty == true { return [] }
        return try await engine.read { db in
            var sql = SQLQueryString("SELECT * FROM alarms WHERE 1 = 1")
            if let status = filter.status {
                sql.appendInterpolation(unsafeRaw: " AND status = ")
                sql.appendInterpolation(bind: status.rawValue)
            }
            if let acknowledged = filter.acknowledged {
                sql.appendInterpolation(unsafeRaw: " AND acknowledged = ")
                sql.appendInterpolation(bind: acknowledged ? 1 : 0)
            }
            func list(_ column: String, _ values: [String]) {
                sql.appendInterpolation(unsafeRaw: " AND \(column) IN (")
                for (index, value) in values.enumerated() {
                    if index > 0 { sql.appendInterpolation(unsafeRaw: ", ") }
                    sql.appendInterpolation(bind: value)
                }
                sql.appendInterpolation(unsafeRaw: ")")
            }
            if let types = filter.types { list("type", types.map(\.rawValue).sorted()) }
            if let codes = filter.siteCodes { list("site_code", codes.sorted()) }
            // An alarm is in [from, to) when its occurrences overlap it.
            if let from = filter.from {
                sql.appendInterpolation(unsafeRaw: " AND last_at >= ")
                sql.appendInterpolation(bind: from.millisecondsSinceEpoch)
            }
            if let to = filter.to {
                sql.appendInterpolation(unsafeRaw: " AND first_at < ")
                sql.appendInterpolation(bind: to.millisecondsSinceEpoch)
            }
            if let before = filter.before {
                sql.appendInterpolation(unsafeRaw: " AND id < ")
                sql.appendInterpolation(bind: before)
            }
            sql.appendInterpolation(unsafeRaw: " ORDER BY id DESC LIMIT ")
            sql.appendInterpolation(bind: filter.limit)
            return try await db.raw(sql).all().map(Self.alarm)
        }
    }

    public func alarm(id: Int64) async throws -> AlarmRecord? {
        try await engine.read { db in try await Self.alarm(id: id, on: db) }
    }

    public func alarmEvents(id: Int64) async throws -> [AlarmEvent] {
        try await engine.read { db in
            try await db.raw("SELECT * FROM alarm_events WHERE alarm_id = \(bind: id) ORDER BY sequence").all().map { row in
                let action = try row.decode(column: "action", as: String.self)
                guard let parsed = AlarmEvent.Action(rawValue: action) else { throw StoreError.invalid("alarm_events: unknown action '\(action)'") }
                return AlarmEvent(
                    alarmID: id, sequence: try row.decode(column: "sequence", as: Int.self),
                    at: Timestamp(millisecondsSinceEpoch: try row.decode(column: "at", as: Int64.self)),
                    actor: try row.decode(column: "actor", as: String.self), action: parsed, detail: try row.decode(column: "detail", as: String.self)
                )
            }
        }
    }

    public func act(
        on id: Int64, _ action: AlarmAction, actor: String, at now: Timestamp, notification: @Sendable (AlarmRecord, AlarmEvent) -> String
    ) async throws -> AlarmRecord? {
        try await engine.transaction { session in
            let db = session.sql
            guard var alarm = try await Self.alarm(id: id, on: db) else { return nil }
            let event: AlarmEvent.Action
            let detail: String
            switch action {
            case .acknowledge:
                guard !alarm.acknowledged else { return alarm }
                alarm.acknowledged = true
                (event, detail) = (.acknowledged, "")
            case .clear:
                guard alarm.status == .active else { return alarm }
                alarm.status = .cleared
                alarm.clearedAt = now
                (event, detail) = (.cleared, "人工清除")
            case .assign(let assignee):
                alarm.assignee = assignee
                (event, detail) = (.assigned, assignee)
            case .comment(let text):
                (event, detail) = (.commented, text)
            }
            alarm.updatedAt = now
            try await Self.update(alarm, on: db)
            try await Self.addEvent(alarm, action: event, actor: actor, detail: detail, at: now, on: db, notification: notification)
            return alarm
        }
    }

    public func latestOutboxID() async throws -> Int64 {
        try await engine.read { db in
            try await db.raw("SELECT max(id) AS id FROM alarm_outbox").first()?.decode(column: "id", as: Int64?.self) ?? 0
        }
    }

    public func outbox(after id: Int64, limit: Int) async throws -> [OutboxEvent] {
        try await engine.read { db in
            try await db.raw("SELECT * FROM alarm_outbox WHERE id > \(bind: id) ORDER BY id LIMIT \(bind: limit)").all().map { row in
                OutboxEvent(
                    id: try row.decode(column: "id", as: Int64.self), alarmID: try row.decode(column: "alarm_id", as: Int64.self),
                    body: try row.decode(column: "body", as: String.self),
                    createdAt: Timestamp(millisecondsSinceEpoch: try row.decode(column: "created_at", as: Int64.self)))
            }
        }
    }

    public func webhookCursor(_ name: String) async throws -> Int64? {
        try await engine.read { db in
            try await db.raw("SELECT delivered_id FROM webhook_cursors WHERE name = \(bind: name)").first()?
                .decode(column: "delivered_id", as: Int64.self)
        }
    }

    public func setWebhookCursor(_ name: String, to id: Int64) async throws {
        try await engine.transaction { session in
            try await session.sql.raw(
                """
                INSERT INTO webhook_cursors (name, delivered_id) VALUES (\(bind: name), \(bind: id))
                ON CONFLICT (name) DO UPDATE SET delivered_id = excluded.delivered_id
                """
            ).run()
        }
    }

    static func alarm(_ row: any SQLRow) throws -> AlarmRecord {
        func parse<T: RawRepresentable<String>>(_ column: String, as: T.Type) throws -> T {
            let text = try row.decode(column: column, as: String.self)
            guard let value = T(rawValue: text) else { throw StoreError.invalid("alarms: unknown \(column) '\(text)'") }
            return value
        }
        let parameter = try row.decode(column: "parameter", as: String.self)
        return AlarmRecord(
            id: try row.decode(column: "id", as: Int64.self), siteCode: try row.decode(column: "site_code", as: String.self),
            type: try parse("type", as: AlarmType.self), check: try row.decode(column: "check_name", as: String.self),
            parameterCode: parameter.isEmpty ? nil : parameter, severity: try parse("severity", as: AlarmSeverity.self),
            status: try parse("status", as: AlarmRecord.Status.self), acknowledged: try row.decode(column: "acknowledged", as: Int.self) != 0,
            assignee: try row.decode(column: "assignee", as: String?.self), summary: try row.decode(column: "summary", as: String.self),
            evidence: try JSONDecoder().decode(AlarmEvidence.self, from: Data(try row.decode(column: "evidence", as: String.self).utf8)),
            firstAt: Timestamp(millisecondsSinceEpoch: try row.decode(column: "first_at", as: Int64.self)),
            lastAt: Timestamp(millisecondsSinceEpoch: try row.decode(column: "last_at", as: Int64.self)),
            occurrences: try row.decode(column: "occurrences", as: Int.self),
            raisedAt: Timestamp(millisecondsSinceEpoch: try row.decode(column: "raised_at", as: Int64.self)),
            updatedAt: Timestamp(millisecondsSinceEpoch: try row.decode(column: "updated_at", as: Int64.self)),
            clearedAt: try row.decode(column: "cleared_at", as: Int64?.self).map { Timestamp(millisecondsSinceEpoch: $0) })
    }
}
