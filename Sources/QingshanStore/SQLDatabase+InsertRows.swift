import SQLKit

extension SQLDatabase {
    /// `prefix (…), (…), … suffix` for the rows, 500 rows a statement: one round trip per 500 rows instead of one
    /// per row, and few enough placeholders for SQLite.
    func insertRows<Row>(
        _ rows: some Collection<Row>, prefix: String, suffix: String = "", values: (Row) -> [any Encodable & Sendable]
    ) async throws {
        var rest = rows[...]
        while !rest.isEmpty {
            let chunk = rest.prefix(500)
            rest = rest.dropFirst(500)
            var sql = SQLQueryString(prefix + " VALUES ")
            for (offset, row) in chunk.enumerated() {
                sql.appendInterpolation(unsafeRaw: offset > 0 ? ", (" : "(")
                for (index, value) in values(row).enumerated() {
                    if index > 0 { sql.appendInterpolation(unsafeRaw: ", ") }
                    sql.appendInterpolation(bind: value)
                }
                sql.appendInterpolation(unsafeRaw: ")")
            }
            sql.appendInterpolation(unsafeRaw: suffix)
            try await raw(sql).run()
        }
    }
}
