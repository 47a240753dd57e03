import Foundation
public import Logging
import QingshanCore
import SQLKit
import Synchronization

/// The registry and the time-series store on SQLite or PostgreSQL, with one body of SQL for both.
public final class SQLStore: PlatformStore {
    let engine: any DatabaseEngine
    public let location: DatabaseLocation
    let logger: Logger
    /// Site code → row id. Sites are never deleted, so a cached id stays right.
    let siteIDs = Mutex<[String: Int64]>([:])
    /// Registry writes through this store so far, for snapshots of the registry to notice them at once.
    let registryWrites = Atomic<Int>(0)
    /// The (site, parameter, interval) series held (and sorted, as `series()` answers them), with when they were
    /// read from the database; writes add to it.
    let knownSeries = Mutex<(series: Set<SeriesKey>, sorted: [SeriesKey], loadedAt: Int64?)>(([], [], nil))
    /// Seals device secrets before they are written and opens them when read (`useSecretKey`).
    let sealer = Mutex<SecretSealer?>(nil)

    init(engine: any DatabaseEngine, location: DatabaseLocation, logger: Logger) {
        self.engine = engine
        self.location = location
        self.logger = logger
    }

    /// Opens (creating if needed) the database and brings its schema up to date.
    ///
    /// For PostgreSQL, `run()` must be running while the store is used (it drives the connection pool).
    public static func open(_ location: DatabaseLocation, logger: Logger = Logger(label: "qingshan.store"))
        async throws -> SQLStore
    {
        let engine: any DatabaseEngine
        switch location {
        case .sqlite(let path):
            engine = try await SQLiteEngine.open(path: path, logger: logger)
        case .postgres(let address):
            engine = try await PostgresEngine.open(address, logger: logger)
        }
        return SQLStore(engine: engine, location: location, logger: logger)
    }

    /// Applies pending migrations; returns the versions applied.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await Migrations.apply(on: engine)
    }

    /// Drives background work until cancelled.
    public func run() async {
        await engine.run()
    }

    public func close() async {
        await engine.close()
    }

    /// Runs `body` with the store's background work running beside it, then stops it: for commands that
    /// open a store, use it and exit.
    public static func withStore<T: Sendable>(
        _ location: DatabaseLocation, logger: Logger = Logger(label: "qingshan.store"),
        _ body: @Sendable (SQLStore) async throws -> T
    ) async throws -> T {
        let store = try await open(location, logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await store.run()
                return nil
            }
            defer { group.cancelAll() }
            do {
                try await store.migrate()
                let result = try await body(store)
                await store.close()
                return result
            } catch {
                await store.close()
                throw error
            }
        }
    }
}
