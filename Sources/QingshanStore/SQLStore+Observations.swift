public import QingshanCore
import SQLKit
import Synchronization

extension SQLStore {
    /// Rows per transaction chunk handed to the engine's bulk insert.
    static let writeChunk = 20_000

    public func write(_ observations: [Observation]) async throws -> WriteOutcome {
        guard !observations.isEmpty else { return WriteOutcome() }
        let ids = try await resolveSiteIDs(Set(observations.map(\.siteCode)))
        let receivedAt = Timestamp.now.millisecondsSinceEpoch
        let rows = observations.map { observation in
            ObservationRow(
                siteID: ids[observation.siteCode]!, parameter: observation.parameterCode,
                interval: observation.interval.rawValue, periodStart: observation.periodStart.millisecondsSinceEpoch,
                value: observation.value, minimum: observation.minimum, maximum: observation.maximum,
                cumulative: observation.cumulative, flag: observation.flag, source: observation.source,
                receivedAt: receivedAt)
        }
        let pending = Self.pendingDays(rows)
        let hours = Self.pendingHours(rows)
        let inserted = try await engine.transaction { session in
            var inserted = 0
            var start = rows.startIndex
            while start < rows.endIndex {
                let end = min(start + Self.writeChunk, rows.endIndex)
                inserted += try await session.insertObservations(rows[start..<end])
                start = end
            }
            if inserted > 0, !pending.isEmpty { try await session.markPending(pending) }
            // Rows that met a stored period: remember those that came with a different value.
            let resent = inserted < rows.count ? try await session.recordResent(rows, receivedAt: receivedAt) : []
            let judged = inserted > 0 ? hours.union(resent) : resent
            if !judged.isEmpty { try await session.markAlarmPending(judged) }
            return inserted
        }
        if inserted > 0 { noteWritten(observations) }
        return WriteOutcome(inserted: inserted, alreadyPresent: rows.count - inserted)
    }

    /// The Beijing days of a batch's minute and hour values: their rollups need recomputing once it commits.
    static func pendingDays(_ rows: [ObservationRow]) -> Set<PendingKey> {
        var days: Set<PendingKey> = []
        for row in rows where row.interval == ObservationInterval.minute.rawValue || row.interval == ObservationInterval.hour.rawValue {
            days.insert(
                PendingKey(
                    siteID: row.siteID, parameter: row.parameter,
                    dayStart: CivilDateTime.dayStart(of: Timestamp(millisecondsSinceEpoch: row.periodStart)).millisecondsSinceEpoch))
        }
        return days
    }

    /// The site-hours of a batch's hourly values: the alarm engine judges them once it commits.
    static func pendingHours(_ rows: [ObservationRow]) -> Set<PendingHourKey> {
        var hours: Set<PendingHourKey> = []
        for row in rows where row.interval == ObservationInterval.hour.rawValue {
            hours.insert(PendingHourKey(siteID: row.siteID, hourStart: row.periodStart))
        }
        return hours
    }

    /// Site ids for the codes, from the cache or the database; throws for a code that is not registered.
    func resolveSiteIDs(_ codes: Set<String>) async throws -> [String: Int64] {
        var known = siteIDs.withLock { cache in
            var found: [String: Int64] = [:]
            for code in codes { found[code] = cache[code] }
            return found
        }
        let missing = codes.subtracting(known.keys)
        if !missing.isEmpty {
            let found = try await engine.read { db in
                var found: [String: Int64] = [:]
                for code in missing {
                    if let row = try await db.raw("SELECT id FROM sites WHERE code = \(bind: code)").first() {
                        found[code] = try row.decode(column: "id", as: Int64.self)
                    }
                }
                return found
            }
            siteIDs.withLock { cache in cache.merge(found) { $1 } }
            known.merge(found) { $1 }
            if let unknown = missing.subtracting(found.keys).sorted().first {
                throw StoreError.unknownSite(unknown)
            }
        }
        return known
    }

    public func observations(_ query: ObservationQuery) async throws -> ObservationPage {
        let ids: [String: Int64]
        do {
            ids = try await resolveSiteIDs([query.siteCode])
        } catch StoreError.unknownSite {
            return ObservationPage(items: [], nextAfter: nil)
        }
        let siteID = ids[query.siteCode]!
        var lower = query.from?.millisecondsSinceEpoch ?? .min
        var upper = query.to?.millisecondsSinceEpoch ?? .max
        if let after = query.after?.millisecondsSinceEpoch {
            if query.descending { upper = min(upper, after) } else { lower = max(lower, after + 1) }
        }
        let rows: [ObservationColumns]
        if let statement = ObservationPageStatement(query, siteID: siteID, lower: lower, upper: upper),
            let prepared = try await engine.observationPage(statement, descending: query.descending)
        {
            rows = prepared
        } else {
            rows = try await engine.observationRows(Self.pageSQL(query, siteID: siteID, lower: lower, upper: upper))
        }
        let items = rows.map { row in
            Observation(
                siteCode: query.siteCode, parameterCode: query.parameterCode, interval: query.interval,
                periodStart: Timestamp(millisecondsSinceEpoch: row.periodStart), value: row.value, minimum: row.minimum,
                maximum: row.maximum, cumulative: row.cumulative, flag: row.flag, source: row.source)
        }
        if let limit = query.limit, items.count > limit {
            let page = Array(items.prefix(limit))
            return ObservationPage(items: page, nextAfter: query.byValue ? nil : page.last?.periodStart)
        }
        return ObservationPage(items: items, nextAfter: nil)
    }

    /// A page as an ad hoc query (SQLite; on PostgreSQL what the prepared statement cannot express).
    static func pageSQL(_ query: ObservationQuery, siteID: Int64, lower: Int64, upper: Int64) -> SQLQueryString {
        var sql = SQLQueryString(
            """
            SELECT \(unsafeRaw: ObservationColumns.selectList) FROM observations
            WHERE site_id = \(bind: siteID) AND parameter = \(bind: query.parameterCode)
            AND interval_code = \(bind: query.interval.rawValue)
            AND period_start >= \(bind: lower) AND period_start < \(bind: upper)
            """)
        for condition in query.valueConditions {
            sql.appendInterpolation(unsafeRaw: " AND value \(condition.comparison.rawValue) ")
            sql.appendInterpolation(bind: condition.bound)
        }
        if query.byValue {
            sql.appendInterpolation(unsafeRaw: query.descending ? " ORDER BY value DESC, period_start" : " ORDER BY value, period_start")
        } else {
            sql.appendInterpolation(unsafeRaw: query.descending ? " ORDER BY period_start DESC" : " ORDER BY period_start")
        }
        if let limit = query.limit { sql.appendInterpolation(unsafeRaw: " LIMIT \(limit + 1)") }
        if query.offset > 0 {
            // SQLite takes OFFSET only after a LIMIT; -1 there means none.
            if query.limit == nil { sql.appendInterpolation(unsafeRaw: " LIMIT \(Int64.max)") }
            sql.appendInterpolation(unsafeRaw: " OFFSET \(query.offset)")
        }
        return sql
    }

    public func values(siteCode: String, parameterCode: String, interval: ObservationInterval, from: Timestamp, to: Timestamp)
        async throws -> [SeriesPoint]
    {
        guard let siteID = try? await resolveSiteIDs([siteCode])[siteCode] else { return [] }
        return try await engine.read { db in
            try await db.raw(
                """
                SELECT period_start, value, flag FROM observations
                WHERE site_id = \(bind: siteID) AND parameter = \(bind: parameterCode)
                AND interval_code = \(bind: interval.rawValue)
                AND period_start >= \(bind: from.millisecondsSinceEpoch) AND period_start < \(bind: to.millisecondsSinceEpoch)
                ORDER BY period_start
                """
            ).all().map { row in
                SeriesPoint(
                    periodStart: Timestamp(millisecondsSinceEpoch: try row.decode(column: "period_start", as: Int64.self)),
                    value: try row.decode(column: "value", as: Double.self), flag: try row.decode(column: "flag", as: String.self))
            }
        }
    }

    /// The newest value of each of the site's series: one index seek per series (from the store's series
    /// list), not a scan of the site's rows: a GROUP BY over four years of hours took 190 ms a request.
    public func latest(siteCode: String) async throws -> [Observation] {
        var newest: [Observation] = []
        for key in try await series() where key.siteCode == siteCode {
            let page = try await observations(
                ObservationQuery(
                    siteCode: key.siteCode, parameterCode: key.parameterCode, interval: key.interval, limit: 1, descending: true))
            newest += page.items
        }
        return newest.sorted { ($0.parameterCode, $0.interval.rawValue) < ($1.parameterCode, $1.interval.rawValue) }
    }

    public func hasObservations() async throws -> Bool {
        try await engine.read { db in try await db.raw("SELECT 1 AS found FROM observations LIMIT 1").first() != nil }
    }

    public func observationCount() async throws -> Int {
        try await engine.read { db in
            try await db.raw("SELECT count(*) AS n FROM observations").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }
}

extension SQLStore {
    /// How many values a query matches (its time range and value conditions; paging ignored).
    public func count(_ query: ObservationQuery) async throws -> Int {
        guard let siteID = try? await resolveSiteIDs([query.siteCode])[query.siteCode] else { return 0 }
        let lower = query.from?.millisecondsSinceEpoch ?? .min
        let upper = query.to?.millisecondsSinceEpoch ?? .max
        return try await engine.read { db in
            var sql = SQLQueryString(
                """
                SELECT count(*) AS n FROM observations WHERE site_id = \(bind: siteID) AND parameter = \(bind: query.parameterCode)
                AND interval_code = \(bind: query.interval.rawValue) AND period_start >= \(bind: lower) AND period_start < \(bind: upper)
                """)
            for condition in query.valueConditions {
                sql.appendInterpolation(unsafeRaw: " AND value \(condition.comparison.rawValue) ")
                sql.appendInterpolation(bind: condition.bound)
            }
            return try await db.raw(sql).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }
}
