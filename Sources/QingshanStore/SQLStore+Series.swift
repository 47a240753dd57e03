public import QingshanCore
import SQLKit
import Synchronization

extension SQLStore {
    /// How long the list of series is trusted before it is read again (another server may have added some).
    static let seriesRefreshMilliseconds: Int64 = 60_000

    /// Every (site, parameter, interval) that has observations, sorted. Read from the database at most once a
    /// minute; this process's own writes are added as they commit.
    public func series() async throws -> [SeriesKey] {
        let now = Timestamp.now.millisecondsSinceEpoch
        if let cached = knownSeries.withLock({ state -> [SeriesKey]? in
            guard let loadedAt = state.loadedAt, now - loadedAt < Self.seriesRefreshMilliseconds else { return nil }
            return state.sorted
        }) {
            return cached
        }
        // A skip scan along the primary key: one index seek per series, not a read of every row (a DISTINCT over
        // four million rows read the whole table on the first SensorThings request and again every minute).
        let kind = engine.kind
        let loaded = try await engine.read { db in
            var codes: [Int64: String] = [:]
            for row in try await db.raw("SELECT id, code FROM sites").all() {
                codes[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "code", as: String.self)
            }
            var keys: [SeriesKey] = []
            func add(_ row: any SQLRow) throws {
                let siteID = try row.decode(column: "site_id", as: Int64.self)
                let parameter = try row.decode(column: "parameter", as: String.self)
                if let code = codes[siteID], let interval = ObservationInterval(rawValue: try row.decode(column: "interval_code", as: String.self)) {
                    keys.append(SeriesKey(siteCode: code, parameterCode: parameter, interval: interval))
                }
            }
            if kind == .postgres {
                // One round trip: the seeks as a recursive query (PostgreSQL has LATERAL; SQLite has not).
                for row in try await db.raw(
                    """
                    WITH RECURSIVE series AS (
                      (SELECT site_id, parameter, interval_code FROM observations ORDER BY site_id, parameter, interval_code LIMIT 1)
                      UNION ALL
                      SELECT following.site_id, following.parameter, following.interval_code FROM series, LATERAL (
                        SELECT o.site_id, o.parameter, o.interval_code FROM observations o
                        WHERE (o.site_id, o.parameter, o.interval_code) > (series.site_id, series.parameter, series.interval_code)
                        ORDER BY o.site_id, o.parameter, o.interval_code LIMIT 1) following
                    )
                    SELECT site_id, parameter, interval_code FROM series
                    """
                ).all() {
                    try add(row)
                }
                return keys
            }
            // SQLite runs in this process: a query per series costs microseconds.
            var next = try await db.raw(
                "SELECT site_id, parameter, interval_code FROM observations ORDER BY site_id, parameter, interval_code LIMIT 1"
            ).first()
            while let row = next {
                try add(row)
                next = try await db.raw(
                    """
                    SELECT site_id, parameter, interval_code FROM observations
                    WHERE (site_id, parameter, interval_code) > (\(bind: try row.decode(column: "site_id", as: Int64.self)),
                      \(bind: try row.decode(column: "parameter", as: String.self)), \(bind: try row.decode(column: "interval_code", as: String.self)))
                    ORDER BY site_id, parameter, interval_code LIMIT 1
                    """
                ).first()
            }
            return keys
        }
        return knownSeries.withLock { state in
            state.series.formUnion(loaded)
            state.sorted = state.series.sorted()
            state.loadedAt = now
            return state.sorted
        }
    }

    /// Notes the series a committed batch wrote (for `series()`); the shared set is locked once per batch.
    func noteWritten(_ observations: [Observation]) {
        var series: Set<SeriesKey> = []
        for observation in observations {
            series.insert(SeriesKey(siteCode: observation.siteCode, parameterCode: observation.parameterCode, interval: observation.interval))
        }
        knownSeries.withLock { state in
            guard state.loadedAt != nil, !series.isSubset(of: state.series) else { return }
            state.series.formUnion(series)
            state.sorted = state.series.sorted()
        }
    }
}
