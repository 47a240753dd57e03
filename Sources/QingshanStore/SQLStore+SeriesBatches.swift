public import QingshanCore
import SQLKit

/// Reads and counts over many series in one statement: the series join the table as a list of values, and the
/// database seeks each one along the primary key (a request over ten thousand series cost ten thousand round
/// trips before).
extension SQLStore {
    /// Series per statement: four binds each, well inside both engines' limits on bound parameters.
    static let seriesPerStatement = 250

    public func counts(of series: [SeriesKey], in range: ObservationRange) async throws -> [Int] {
        var counts = [Int](repeating: 0, count: series.count)
        for batch in try await batches(series) {
            var sql = SQLQueryString("SELECT s.column1 AS series_ordinal, count(*) AS n FROM ")
            Self.appendJoin(batch, range, to: &sql)
            sql.appendInterpolation(unsafeRaw: " GROUP BY s.column1")
            let statement = sql
            let rows = try await engine.read { db in try await db.raw(statement).all() }
            for row in rows {
                counts[try row.decode(column: "series_ordinal", as: Int.self)] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }

    public func observations(of series: [SeriesKey], in range: ObservationRange) async throws -> [[Observation]] {
        var values = [[Observation]](repeating: [], count: series.count)
        for batch in try await batches(series) {
            var sql = SQLQueryString("SELECT s.column1 AS series_ordinal, \(unsafeRaw: ObservationColumns.selectList) FROM ")
            Self.appendJoin(batch, range, to: &sql)
            sql.appendInterpolation(unsafeRaw: " ORDER BY s.column1, period_start")
            for (ordinal, row) in try await engine.seriesObservationRows(sql) {
                let key = series[ordinal]
                values[ordinal].append(
                    Observation(
                        siteCode: key.siteCode, parameterCode: key.parameterCode, interval: key.interval,
                        periodStart: Timestamp(millisecondsSinceEpoch: row.periodStart), value: row.value, minimum: row.minimum,
                        maximum: row.maximum, cumulative: row.cumulative, flag: row.flag, source: row.source))
            }
        }
        return values
    }

    /// A series of a batch: its place in the caller's list and its site's id.
    struct BatchedSeries {
        var ordinal: Int
        var siteID: Int64
        var key: SeriesKey
    }

    /// The series in statements' worth, less those of sites the store does not know (they hold nothing).
    private func batches(_ series: [SeriesKey]) async throws -> [[BatchedSeries]] {
        let codes = Set(series.map(\.siteCode))
        var ids: [String: Int64] = [:]
        do {
            ids = try await resolveSiteIDs(codes)
        } catch StoreError.unknownSite {
            for code in codes { ids[code] = try? await resolveSiteIDs([code])[code] }
        }
        let known = series.enumerated().compactMap { ordinal, key in
            ids[key.siteCode].map { BatchedSeries(ordinal: ordinal, siteID: $0, key: key) }
        }
        return stride(from: 0, to: known.count, by: Self.seriesPerStatement).map {
            Array(known[$0..<min($0 + Self.seriesPerStatement, known.count)])
        }
    }

    /// `(VALUES (ordinal, site, parameter, interval), …) AS s JOIN observations ON … WHERE <range>`: SQLite and
    /// PostgreSQL both name a VALUES list's columns column1, column2, ….
    private static func appendJoin(_ batch: [BatchedSeries], _ range: ObservationRange, to sql: inout SQLQueryString) {
        sql.appendInterpolation(unsafeRaw: "(VALUES ")
        for (index, series) in batch.enumerated() {
            sql.appendInterpolation(unsafeRaw: index == 0 ? "(" : ", (")
            sql.appendInterpolation(bind: Int64(series.ordinal))
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: series.siteID)
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: series.key.parameterCode)
            sql.appendInterpolation(unsafeRaw: ", ")
            sql.appendInterpolation(bind: series.key.interval.rawValue)
            sql.appendInterpolation(unsafeRaw: ")")
        }
        sql.appendInterpolation(unsafeRaw: ") AS s JOIN observations o ON o.site_id = s.column2 AND o.parameter = s.column3")
        sql.appendInterpolation(unsafeRaw: " AND o.interval_code = s.column4 WHERE o.period_start >= ")
        sql.appendInterpolation(bind: range.from?.millisecondsSinceEpoch ?? .min)
        sql.appendInterpolation(unsafeRaw: " AND o.period_start < ")
        sql.appendInterpolation(bind: range.to?.millisecondsSinceEpoch ?? .max)
        for condition in range.valueConditions {
            sql.appendInterpolation(unsafeRaw: " AND o.value \(condition.comparison.rawValue) ")
            sql.appendInterpolation(bind: condition.bound)
        }
    }
}
