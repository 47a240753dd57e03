import Logging
import SQLKit

/// The two SQL engines differ only in DDL types, connection handling and the bulk-insert fast path;
/// everything else is portable SQL written once in `SQLStore`.
enum SQLEngineKind: Sendable {
    case sqlite
    case postgres
}

/// A row of the `observations` table with the site already resolved to its id.
struct ObservationRow: Sendable {
    var siteID: Int64
    var parameter: String
    var interval: String
    var periodStart: Int64
    var value: Double
    var minimum: Double?
    var maximum: Double?
    var cumulative: Double?
    var flag: String
    var source: String
    var receivedAt: Int64
}

/// The columns every series read selects, in this order: `period_start, value, minimum, maximum, cumulative,
/// flag, source`.
struct ObservationColumns: Sendable {
    var periodStart: Int64
    var value: Double
    var minimum: Double?
    var maximum: Double?
    var cumulative: Double?
    var flag: String
    var source: String

    static let selectList = "period_start, value, minimum, maximum, cumulative, flag, source"
}

/// A connection inside an open write transaction.
protocol WriteSession: Sendable {
    var sql: any SQLDatabase { get }
    /// Inserts rows that are not stored yet; returns how many were new.
    func insertObservations(_ rows: ArraySlice<ObservationRow>) async throws -> Int
}

/// An open database: readers for queries, one serialised writer for transactions.
protocol DatabaseEngine: Sendable {
    var kind: SQLEngineKind { get }
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func transaction<T: Sendable>(_ body: @Sendable (any WriteSession) async throws -> T) async throws -> T
    /// Runs a query that selects `ObservationColumns.selectList` and decodes its rows straight from the driver's
    /// values: the hottest read of both APIs, where SQLKit's generic `Decodable` path costs more than the query.
    func observationRows(_ query: SQLQueryString) async throws -> [ObservationColumns]
    /// The same for a query over several series that selects `series_ordinal` (an integer) before
    /// `ObservationColumns.selectList`.
    func seriesObservationRows(_ query: SQLQueryString) async throws -> [(ordinal: Int, columns: ObservationColumns)]
    /// A page by period start through a prepared statement, or nil where the engine prepares nothing (SQLite
    /// parses a statement in microseconds; PostgreSQL plans each ad hoc query anew).
    func observationPage(_ page: ObservationPageStatement, descending: Bool) async throws -> [ObservationColumns]?
    /// Runs background work (PostgreSQL's connection pool) until cancelled.
    func run() async
    func close() async
}
