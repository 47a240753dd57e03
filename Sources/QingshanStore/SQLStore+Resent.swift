import Foundation
public import QingshanCore
import SQLKit

extension SQLStore {
    public func resentValues(siteCode: String, from: Timestamp, to: Timestamp) async throws -> [ResentValue] {
        guard let siteID = try? await resolveSiteIDs([siteCode])[siteCode] else { return [] }
        return try await engine.read { db in
            try await db.raw(
                """
                SELECT parameter, period_start, stored_value, stored_flag, sent_value, sent_flag, received_at FROM observation_resent
                WHERE site_id = \(bind: siteID) AND interval_code = 'hour' AND period_start >= \(bind: from.millisecondsSinceEpoch)
                  AND period_start < \(bind: to.millisecondsSinceEpoch)
                ORDER BY period_start, parameter, received_at
                """
            ).all().map { row in
                ResentValue(
                    parameterCode: try row.decode(column: "parameter", as: String.self),
                    periodStart: Timestamp(millisecondsSinceEpoch: try row.decode(column: "period_start", as: Int64.self)),
                    storedValue: try row.decode(column: "stored_value", as: Double.self),
                    storedFlag: try row.decode(column: "stored_flag", as: String.self),
                    sentValue: try row.decode(column: "sent_value", as: Double.self), sentFlag: try row.decode(column: "sent_flag", as: String.self),
                    receivedAt: Timestamp(millisecondsSinceEpoch: try row.decode(column: "received_at", as: Int64.self)))
            }
        }
    }
}

extension WriteSession {
    /// The hourly rows of a batch that met a stored period with a different value: each is kept in
    /// `observation_resent` beside the stored one, inside the batch's transaction; returns their site-hours.
    /// Rows stored by this very batch carry its `receivedAt` and are not compared with themselves.
    func recordResent(_ rows: [ObservationRow], receivedAt: Int64) async throws -> Set<PendingHourKey> {
        let hourly = rows.filter { $0.interval == ObservationInterval.hour.rawValue }
        var touched: Set<PendingHourKey> = []
        for (siteID, siteRows) in Dictionary(grouping: hourly, by: \.siteID).sorted(by: { $0.key < $1.key }) {
            guard let first = siteRows.map(\.periodStart).min(), let last = siteRows.map(\.periodStart).max() else { continue }
            let stored = try await sql.raw(
                """
                SELECT parameter, period_start, value, flag FROM observations WHERE site_id = \(bind: siteID) AND interval_code = 'hour'
                  AND period_start >= \(bind: first) AND period_start <= \(bind: last) AND received_at <> \(bind: receivedAt)
                """
            ).all()
            var earlier: [String: (value: Double, flag: String)] = [:]
            for row in stored {
                let key = "\(try row.decode(column: "parameter", as: String.self))|\(try row.decode(column: "period_start", as: Int64.self))"
                earlier[key] = (try row.decode(column: "value", as: Double.self), try row.decode(column: "flag", as: String.self))
            }
            let changed = siteRows.compactMap { row -> (ObservationRow, Double, String)? in
                guard let before = earlier["\(row.parameter)|\(row.periodStart)"], before.value != row.value else { return nil }
                return (row, before.value, before.flag)
            }
            guard !changed.isEmpty else { continue }
            try await sql.insertRows(
                changed,
                prefix:
                    "INSERT INTO observation_resent (site_id, parameter, interval_code, period_start, stored_value, stored_flag, sent_value, sent_flag, received_at)",
                suffix: " ON CONFLICT DO NOTHING"
            ) { row, value, flag in
                [row.siteID, row.parameter, row.interval, row.periodStart, value, flag, row.value, row.flag, receivedAt]
            }
            for (row, _, _) in changed { touched.insert(PendingHourKey(siteID: siteID, hourStart: row.periodStart)) }
        }
        return touched
    }
}
