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
final class SQLiteEngine: DatabaseEngine {
    let kind = SQLEngineKind.sqlite
    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let nextReader = Mutex(0)
    private let writeLock = AsyncMutex()
    private let logger: Logger

    private init(writer: SQLiteConnection, readers: [SQLiteConnection], logger: Logger) {
        self.writer = writer
        self.readers = readers
        self.logger = logger
    }

    static func open(path: String, readerCount: Int = 2, logger: Logger) async throws -> SQLiteEngine {
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
            for pragma in ["PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000"] {
                _ = try await writer.query(pragma)
            }
            var readers: [SQLiteConnection] = []
            for _ in 0..<max(1, readerCount) {
                let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                opened.append(reader)
                _ = try await reader.query("PRAGMA busy_timeout=10000")
                readers.append(reader)
            }
            return SQLiteEngine(writer: writer, readers: readers, logger: logger)
        } catch {
            for connection in opened { try? await connection.close() }
            let reason = (error as? SQLiteError)?.message ?? String(describing: error)
            throw StoreError.unavailable("cannot open the SQLite database \(path): \(reason)")
        }
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let index = nextReader.withLock { value in
            value = (value + 1) % readers.count
            return value
        }
        return try await body(readers[index].sql())
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

    func close() async {
        for connection in readers + [writer] {
            try? await connection.close()
        }
    }
}

/// The writer connection inside `BEGIN IMMEDIATE … COMMIT`.
struct SQLiteWriteSession: WriteSession {
    let connection: SQLiteConnection
    var sql: any SQLDatabase { connection.sql() }

    /// 11 binds a row; 900 rows stay under SQLite's 32,766 bind limit with room to spare.
    static let rowsPerStatement = 900

    func insertObservations(_ rows: ArraySlice<ObservationRow>) async throws -> Int {
        var inserted = 0
        var start = rows.startIndex
        while start < rows.endIndex {
            let end = min(start + Self.rowsPerStatement, rows.endIndex)
            let chunk = rows[start..<end]
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
            _ = try await connection.query(Self.statement(rowCount: chunk.count), binds)
            let changes = try await connection.query("SELECT changes() AS n")
            inserted += changes.first?.column("n")?.integer ?? 0
            start = end
        }
        return inserted
    }

    private static let fullStatement = makeStatement(rowCount: rowsPerStatement)

    private static func statement(rowCount: Int) -> String {
        rowCount == rowsPerStatement ? fullStatement : makeStatement(rowCount: rowCount)
    }

    private static func makeStatement(rowCount: Int) -> String {
        let tuple = "(?,?,?,?,?,?,?,?,?,?,?)"
        return """
            INSERT INTO observations (site_id, parameter, interval_code, period_start, value, minimum, maximum, \
            cumulative, flag, source, received_at) VALUES \(Array(repeating: tuple, count: rowCount).joined(separator: ",")) \
            ON CONFLICT (site_id, parameter, interval_code, period_start) DO NOTHING
            """
    }
}
