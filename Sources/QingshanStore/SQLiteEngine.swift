import Foundation
import Logging
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization

/// SQLite in WAL mode: one writer connection behind a lock, a few reader connections for queries.
///
/// `synchronous=FULL` because a committed batch may already have been acknowledged to a device: with
/// NORMAL, a power cut could lose the last transactions even though the process saw them commit.
///
/// The writer's page cache is 64 MiB (SQLite's default is 2 MiB): a gateway's batch touches the newest leaf
/// page of every series it carries, and with a thousand loggers those pages no longer fit in 2 MiB, so
/// every insert would read its page back from disk. Checkpoints run every 10,000 WAL pages (40 MiB) instead
/// of 1,000: the newest pages are rewritten by almost every batch, and copying them back to the database
/// ten times less often took a tenth of the writer's time under load. The statement journal a multi-row
/// INSERT keeps is held in memory (`temp_store=MEMORY`).
final class SQLiteEngine: DatabaseEngine {
    let kind = SQLEngineKind.sqlite
    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    /// Queries in flight on each reader: a query goes to the least busy one, so a long scan on one reader does
    /// not hold up the short reads queued behind it (round-robin would put every other read there).
    private let readersBusy: Mutex<[Int]>
    private let writeLock = AsyncMutex()

    private init(writer: SQLiteConnection, readers: [SQLiteConnection]) {
        self.writer = writer
        self.readers = readers
        readersBusy = Mutex(Array(repeating: 0, count: readers.count))
    }

    static func open(path: String, readerCount: Int = 3, logger: Logger) async throws -> SQLiteEngine {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError.unavailable("cannot create the data directory \(directory): \(error.localizedDescription)")
            }
        }
        var opened: [SQLiteConnection] = []
        do {
            let writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            opened.append(writer)
            // A file that is not a database fails here, on the first statement, with SQLITE_NOTADB.
            _ = try await writer.query("PRAGMA journal_mode=WAL")
            for pragma in [
                "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000", "PRAGMA cache_size=-65536",
                "PRAGMA wal_autocheckpoint=10000", "PRAGMA temp_store=MEMORY",
            ] {
                _ = try await writer.query(pragma)
            }
            var readers: [SQLiteConnection] = []
            for _ in 0..<max(1, readerCount) {
                let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                opened.append(reader)
                _ = try await reader.query("PRAGMA busy_timeout=10000")
                readers.append(reader)
            }
            return SQLiteEngine(writer: writer, readers: readers)
        } catch {
            for connection in opened { try? await connection.close() }
            let reason = (error as? SQLiteError)?.message ?? String(describing: error)
            throw StoreError.unavailable("cannot open the SQLite database \(path): \(reason)")
        }
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withReader { try await body($0.sql()) }
    }

    /// A PRAGMA's value on the writer connection, where durability is decided (`synchronous`, `journal_mode`).
    func writerPragma(_ name: String) async throws -> String? {
        guard name.allSatisfy({ $0.isLetter || $0 == "_" }) else { return nil }
        guard let value = try await writer.query("PRAGMA \(name)").first?.column(name) else { return nil }
        return value.string ?? value.integer.map(String.init)
    }

    /// Runs `body` on the least busy reader connection.
    private func withReader<T>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        let index = readersBusy.withLock { busy in
            let index = busy.indices.min { busy[$0] < busy[$1] } ?? 0
            busy[index] += 1
            return index
        }
        defer { readersBusy.withLock { $0[index] -= 1 } }
        return try await body(readers[index])
    }

    func observationPage(_ page: ObservationPageStatement, descending: Bool) async throws -> [ObservationColumns]? { nil }

    func observationRows(_ query: SQLQueryString) async throws -> [ObservationColumns] {
        try await withReader { connection in try await observationRows(query, on: connection) }
    }

    private func observationRows(_ query: SQLQueryString, on connection: SQLiteConnection) async throws -> [ObservationColumns] {
        try await rows(query, on: connection).map(Self.columns)
    }

    func seriesObservationRows(_ query: SQLQueryString) async throws -> [(ordinal: Int, columns: ObservationColumns)] {
        try await withReader { connection in
            try await rows(query, on: connection).map { row in
                guard let ordinal = row.column("series_ordinal")?.integer else {
                    throw StoreError.invalid("observations: a row without its series_ordinal")
                }
                return (ordinal, try Self.columns(row))
            }
        }
    }

    private func rows(_ query: SQLQueryString, on connection: SQLiteConnection) async throws -> [SQLiteRow] {
        var serializer = SQLSerializer(database: connection.sql())
        query.serialize(to: &serializer)
        let binds = try serializer.binds.map { bind -> SQLiteData in
            switch bind {
            case let value as Int64: .integer(Int(value))
            case let value as Int: .integer(value)
            case let value as Double: .float(value)
            case let value as String: .text(value)
            default: throw StoreError.invalid("observationRows: a bind of type \(type(of: bind)) is not supported")
            }
        }
        return try await connection.query(serializer.sql, binds)
    }

    private static func columns(_ row: SQLiteRow) throws -> ObservationColumns {
        func number(_ name: String) -> Double? { row.column(name)?.double }
        guard let start = row.column("period_start")?.integer, let value = number("value"),
            let flag = row.column("flag")?.string, let source = row.column("source")?.string
        else { throw StoreError.invalid("observations: a row with a missing period_start, value, flag or source") }
        return ObservationColumns(
            periodStart: Int64(start), value: value, minimum: number("minimum"), maximum: number("maximum"),
            cumulative: number("cumulative"), flag: flag, source: source)
    }

    func transaction<T: Sendable>(_ body: @Sendable (any WriteSession) async throws -> T) async throws -> T {
        await writeLock.lock()
        do {
            _ = try await writer.query("BEGIN IMMEDIATE")
            let result: T
            do {
                result = try await body(SQLiteWriteSession(connection: writer))
                _ = try await writer.query("COMMIT")
            } catch {
                _ = try? await writer.query("ROLLBACK")
                throw error
            }
            await writeLock.unlock()
            return result
        } catch {
            await writeLock.unlock()
            throw error
        }
    }

    func run() async {
        // Nothing runs in the background; wait until the owner cancels.
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3600))
        }
    }

    /// Closes every connection, also from a cancelled task (a start-up that failed): the future-returning close
    /// is awaited through `get()`, which waits for the close itself rather than giving up on cancellation.
    func close() async {
        for connection in readers + [writer] {
            let closed: EventLoopFuture<Void> = connection.close()
            try? await closed.get()
        }
    }
}

/// The writer connection inside `BEGIN IMMEDIATE … COMMIT`.
///
/// Rows go in as multi-row INSERTs. SQLite prepares each statement anew and its cost grows with the number of
/// placeholders, so chunks whose rows share interval and source and carry no min/max/cou (imports, most
/// uploads) use a compact statement with five placeholders a row and the shared values bound once.
struct SQLiteWriteSession: WriteSession {
    let connection: SQLiteConnection
    var sql: any SQLDatabase { connection.sql() }

    /// Rows per statement; both shapes stay far below SQLite's 32,766-placeholder limit.
    static let rowsPerStatement = 1000

    func insertObservations(_ rows: ArraySlice<ObservationRow>) async throws -> Int {
        var inserted = 0
        var start = rows.startIndex
        while start < rows.endIndex {
            let end = min(start + Self.rowsPerStatement, rows.endIndex)
            let chunk = rows[start..<end]
            let (statement, binds) = Self.isCompact(chunk) ? Self.compact(chunk) : Self.full(chunk)
            _ = try await connection.query(statement, binds)
            let changes = try await connection.query("SELECT changes() AS n")
            inserted += changes.first?.column("n")?.integer ?? 0
            start = end
        }
        return inserted
    }

    static func isCompact(_ chunk: ArraySlice<ObservationRow>) -> Bool {
        guard let first = chunk.first else { return false }
        return chunk.allSatisfy { row in
            row.minimum == nil && row.maximum == nil && row.cumulative == nil && row.interval == first.interval
                && row.source == first.source && row.receivedAt == first.receivedAt
        }
    }

    static func compact(_ chunk: ArraySlice<ObservationRow>) -> (String, [SQLiteData]) {
        let first = chunk[chunk.startIndex]
        var binds: [SQLiteData] = [.text(first.interval), .text(first.source), .integer(Int(first.receivedAt))]
        binds.reserveCapacity(3 + chunk.count * 5)
        for row in chunk {
            binds.append(.integer(Int(row.siteID)))
            binds.append(.text(row.parameter))
            binds.append(.integer(Int(row.periodStart)))
            binds.append(.float(row.value))
            binds.append(.text(row.flag))
        }
        return (compactStatement(rowCount: chunk.count), binds)
    }

    static func full(_ chunk: ArraySlice<ObservationRow>) -> (String, [SQLiteData]) {
        var binds: [SQLiteData] = []
        binds.reserveCapacity(chunk.count * 11)
        for row in chunk {
            binds.append(.integer(Int(row.siteID)))
            binds.append(.text(row.parameter))
            binds.append(.text(row.interval))
            binds.append(.integer(Int(row.periodStart)))
            binds.append(.float(row.value))
            binds.append(row.minimum.map(SQLiteData.float) ?? .null)
            binds.append(row.maximum.map(SQLiteData.float) ?? .null)
            binds.append(row.cumulative.map(SQLiteData.float) ?? .null)
            binds.append(.text(row.flag))
            binds.append(.text(row.source))
            binds.append(.integer(Int(row.receivedAt)))
        }
        return (fullStatement(rowCount: chunk.count), binds)
    }

    private static let fullChunkStatement = makeFullStatement(rowCount: rowsPerStatement)
    private static let compactChunkStatement = makeCompactStatement(rowCount: rowsPerStatement)

    static func fullStatement(rowCount: Int) -> String {
        rowCount == rowsPerStatement ? fullChunkStatement : makeFullStatement(rowCount: rowCount)
    }

    static func compactStatement(rowCount: Int) -> String {
        rowCount == rowsPerStatement ? compactChunkStatement : makeCompactStatement(rowCount: rowCount)
    }

    private static func makeFullStatement(rowCount: Int) -> String {
        let tuple = "(?,?,?,?,?,?,?,?,?,?,?)"
        return """
            INSERT INTO observations (site_id, parameter, interval_code, period_start, value, minimum, maximum, \
            cumulative, flag, source, received_at) VALUES \(Array(repeating: tuple, count: rowCount).joined(separator: ",")) \
            ON CONFLICT (site_id, parameter, interval_code, period_start) DO NOTHING
            """
    }

    /// `?1`–`?3` are the shared interval, source and receipt time; each row is five numbered placeholders.
    /// (`WHERE true` resolves SQLite's INSERT … SELECT … ON CONFLICT parsing ambiguity.)
    private static func makeCompactStatement(rowCount: Int) -> String {
        var tuples: [String] = []
        tuples.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            let base = 4 + row * 5
            tuples.append("(?\(base),?\(base + 1),?\(base + 2),?\(base + 3),?\(base + 4))")
        }
        return """
            INSERT INTO observations (site_id, parameter, interval_code, period_start, value, flag, source, received_at) \
            SELECT column1, column2, ?1, column3, column4, column5, ?2, ?3 FROM (VALUES \(tuples.joined(separator: ","))) \
            WHERE true ON CONFLICT (site_id, parameter, interval_code, period_start) DO NOTHING
            """
    }
}
