public import QingshanCore
import SQLKit
import Synchronization

extension SQLStore {
    /// How long the list of series is trusted before it is read again (another server may have added some).
    static let seriesRefreshMilliseconds: Int64 = 60_000

    /// Every (site, parameter, interval) that has observations, sorted. Read from the database at most once a
    /// minute; this process's own writes are added as they commit.
    public func series() async throws -> [SeriesKey] {
        let now = Self.nowMilliseconds()
        if let cached = knownSeries.withLock({ state -> [SeriesKey]? in
            guard let loadedAt = state.loadedAt, now - loadedAt < Self.seriesRefreshMilliseconds else { return nil }
            return state.sorted
        }) {
            return cached
        }
        let loaded = try await engine.read { db in
            try await db.raw(
                """
                SELECT DISTINCT s.code AS code, o.parameter AS parameter, o.interval_code AS interval_code
                FROM observations o JOIN sites s ON s.id = o.site_id
                """
            ).all().compactMap { row -> SeriesKey? in
                guard let interval = ObservationInterval(rawValue: try row.decode(column: "interval_code", as: String.self)) else { return nil }
                return SeriesKey(
                    siteCode: try row.decode(column: "code", as: String.self), parameterCode: try row.decode(column: "parameter", as: String.self),
                    interval: interval)
            }
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
