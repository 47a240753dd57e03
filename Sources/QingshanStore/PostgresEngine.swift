import Logging
import NIOCore
import NIOPosix
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through PostgresNIO's pooled client; bulk inserts go through `UNNEST` of typed arrays,
/// one statement per batch.
final class PostgresEngine: DatabaseEngine {
    let kind = SQLEngineKind.postgres
    private let client: PostgresClient
    private let logger: Logger

    private init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    static func configuration(_ address: DatabaseLocation.PostgresAddress) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: address.host, port: address.port, username: address.username, password: address.password,
            database: address.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = 8
        return configuration
    }

    /// Opens one connection first so that a wrong host, port or password is reported at once instead of
    /// leaving the pool to retry in the background.
    static func open(_ address: DatabaseLocation.PostgresAddress, logger: Logger) async throws -> PostgresEngine {
        let configuration = configuration(address)
        var connectionConfiguration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.username, password: address.password,
            database: address.database, tls: .disable)
        connectionConfiguration.options.connectTimeout = .seconds(5)
        do {
            let probe = try await PostgresConnection.connect(
                configuration: connectionConfiguration, id: 0, logger: logger)
            try await probe.close()
        } catch {
            throw StoreError.unavailable(
                "cannot reach PostgreSQL at \(address.host):\(address.port) database \(address.database) as \(address.username): "
                    + Self.reason(error) + "; check that the server runs and the URL in --database is right")
        }
        return PostgresEngine(client: PostgresClient(configuration: configuration, backgroundLogger: logger), logger: logger)
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return String(describing: underlying) }
            return String(describing: error.code)
        }
        return String(describing: error)
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(connection.sql())
        }
    }

    func transaction<T: Sendable>(_ body: @Sendable (any WriteSession) async throws -> T) async throws -> T {
        try await client.withTransaction(logger: logger) { connection in
            try await body(PostgresWriteSession(connection: connection, logger: logger))
        }
    }

    func observationRows(_ query: SQLQueryString) async throws -> [ObservationColumns] {
        try await client.withConnection { connection in
            let rows = try await connection.query(try Self.postgresQuery(query, on: connection), logger: logger)
            var decoded: [ObservationColumns] = []
            for try await (start, value, minimum, maximum, cumulative, flag, source) in rows.decode(
                (Int64, Double, Double?, Double?, Double?, String, String).self)
            {
                decoded.append(
                    ObservationColumns(
                        periodStart: start, value: value, minimum: minimum, maximum: maximum, cumulative: cumulative, flag: flag, source: source))
            }
            return decoded
        }
    }

    func seriesObservationRows(_ query: SQLQueryString) async throws -> [(ordinal: Int, columns: ObservationColumns)] {
        try await client.withConnection { connection in
            let rows = try await connection.query(try Self.postgresQuery(query, on: connection), logger: logger)
            var decoded: [(ordinal: Int, columns: ObservationColumns)] = []
            for try await (ordinal, start, value, minimum, maximum, cumulative, flag, source) in rows.decode(
                (Int64, Int64, Double, Double?, Double?, Double?, String, String).self)
            {
                decoded.append(
                    (
                        Int(ordinal),
                        ObservationColumns(
                            periodStart: start, value: value, minimum: minimum, maximum: maximum, cumulative: cumulative, flag: flag,
                            source: source)
                    ))
            }
            return decoded
        }
    }

    /// SQLKit's query with its binds as PostgresNIO's (the observation reads bind only these four types).
    private static func postgresQuery(_ query: SQLQueryString, on connection: PostgresConnection) throws -> PostgresQuery {
        var serializer = SQLSerializer(database: connection.sql())
        query.serialize(to: &serializer)
        var bindings = PostgresBindings()
        for bind in serializer.binds {
            switch bind {
            case let value as Int64: bindings.append(value)
            case let value as Int: bindings.append(Int64(value))
            case let value as Double: bindings.append(value)
            case let value as String: bindings.append(value)
            default: throw StoreError.invalid("observationRows: a bind of type \(type(of: bind)) is not supported")
            }
        }
        return PostgresQuery(unsafeSQL: serializer.sql, binds: bindings)
    }

    func observationPage(_ page: ObservationPageStatement, descending: Bool) async throws -> [ObservationColumns]? {
        var decoded: [ObservationColumns] = []
        if descending {
            for try await row in try await client.execute(ObservationPageStatement.Descending(page: page), logger: logger) {
                decoded.append(ObservationPageStatement.columns(row))
            }
        } else {
            for try await row in try await client.execute(ObservationPageStatement.Ascending(page: page), logger: logger) {
                decoded.append(ObservationPageStatement.columns(row))
            }
        }
        return decoded
    }

    func run() async {
        await client.run()
    }

    func close() async {}
}

/// A pooled connection inside `BEGIN … COMMIT`.
struct PostgresWriteSession: WriteSession {
    let connection: PostgresConnection
    let logger: Logger
    var sql: any SQLDatabase { connection.sql() }

    func insertObservations(_ rows: ArraySlice<ObservationRow>) async throws -> Int {
        guard !rows.isEmpty else { return 0 }
        // Optional doubles travel as NaN and come back as NULL: PostgresNIO binds arrays of non-optionals.
        var bindings = PostgresBindings(capacity: 11)
        bindings.append(rows.map(\.siteID))
        bindings.append(rows.map(\.parameter))
        bindings.append(rows.map(\.interval))
        bindings.append(rows.map(\.periodStart))
        bindings.append(rows.map(\.value))
        bindings.append(rows.map { $0.minimum ?? .nan })
        bindings.append(rows.map { $0.maximum ?? .nan })
        bindings.append(rows.map { $0.cumulative ?? .nan })
        bindings.append(rows.map(\.flag))
        bindings.append(rows.map(\.source))
        bindings.append(rows.map(\.receivedAt))
        let query = PostgresQuery(
            unsafeSQL: """
                WITH inserted AS (
                  INSERT INTO observations (site_id, parameter, interval_code, period_start, value, minimum, maximum,
                    cumulative, flag, source, received_at)
                  SELECT s, p, i, t, v, NULLIF(mn, 'NaN'), NULLIF(mx, 'NaN'), NULLIF(c, 'NaN'), f, src, r
                  FROM UNNEST($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::float8[], $6::float8[],
                    $7::float8[], $8::float8[], $9::text[], $10::text[], $11::bigint[]) AS u(s, p, i, t, v, mn, mx, c, f, src, r)
                  ON CONFLICT (site_id, parameter, interval_code, period_start) DO NOTHING
                  RETURNING 1
                )
                SELECT count(*)::bigint FROM inserted
                """, binds: bindings)
        let result = try await connection.query(query, logger: logger)
        for try await count in result.decode(Int64.self) {
            return Int(count)
        }
        return 0
    }
}
