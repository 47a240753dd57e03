import Foundation
import QingshanCore
import QingshanStore
import SensorThings

/// Creating Observations through SensorThings: one JSON entity (`POST /Observations`,
/// `POST /Datastreams(id)/Observations`) or the dataArray form (`POST /CreateObservations`). A Datastream is a
/// registered site's catalogue parameter at one interval; it need not hold data yet.
struct SensorThingsWriter: Sendable {
    let store: any PlatformStore
    let registry: RegistrySnapshot
    let catalogue: ParameterCatalogue
    /// The writer; its token must cover the site of every Datastream written to.
    let principal: Principal
    /// Periods starting later than this past now are refused.
    var futureTime = FutureTimeLimit(seconds: 600)

    /// The series a Datastream id names, when its site and parameter are registered and the writer may write there.
    func series(_ id: String) async throws -> SeriesKey {
        guard let key = SensorThingsModel.seriesKey(datastreamID: id) else {
            throw QueryError("Datastream '\(id)' is not SITE:PARAMETER:INTERVAL (interval rtd, minute, hour or day)")
        }
        guard let site = try await registry.site(code: key.siteCode), principal.canRead(site) else {
            throw QueryError("Datastream '\(id)': no site '\(key.siteCode)'")
        }
        try principal.requireWrite(site)
        guard let parameter = catalogue.parameter(for: key.parameterCode), parameter.code == key.parameterCode else {
            throw QueryError("Datastream '\(id)': '\(key.parameterCode)' is not a parameter code of the catalogue")
        }
        return key
    }

    /// The period start a phenomenonTime gives for a series: an instant, or an interval as long as the series'.
    static func periodStart(_ text: String, for key: SeriesKey) throws(QueryError) -> Timestamp {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let start = try? RFC3339.parse(parts[0]) else { throw QueryError("phenomenonTime '\(text)' is not an ISO 8601 time or interval") }
        if parts.count == 2 {
            guard let end = try? RFC3339.parse(parts[1]) else { throw QueryError("phenomenonTime '\(text)': the end is not an ISO 8601 time") }
            let length = end.millisecondsSinceEpoch - start.millisecondsSinceEpoch
            guard let expected = key.interval.periodMilliseconds, length == expected else {
                throw QueryError(
                    "phenomenonTime '\(text)' lasts \(length / 1000) s; a \(key.interval.rawValue) Datastream takes intervals of \((key.interval.periodMilliseconds ?? 0) / 1000) s or instants"
                )
            }
        }
        return start
    }

    func observation(_ key: SeriesKey, phenomenonTime: Any?, result: Any?) throws -> Observation {
        guard let text = phenomenonTime as? String else { throw QueryError("phenomenonTime is required (an ISO 8601 time or interval)") }
        guard let value = (result as? NSNumber).map(\.doubleValue), !(result is Bool), value.isFinite else {
            throw QueryError("result must be a number")
        }
        let parameter = catalogue.parameter(for: key.parameterCode)!
        guard parameter.accepts(value) else { throw QueryError("result \(value) is outside the possible range of \(parameter.nameEn)") }
        let start = try Self.periodStart(text, for: key)
        if let refusal = futureTime.refusal(start, now: .now) { throw QueryError("phenomenonTime \(refusal)", code: "time_in_future") }
        return Observation(
            siteCode: key.siteCode, parameterCode: key.parameterCode, interval: key.interval,
            periodStart: start, value: value, source: "sta")
    }

    /// `POST /Observations` (the Datastream in the body) or `POST /Datastreams(id)/Observations`.
    func create(_ body: Data, datastream: String?) async throws -> (STAEntity, Observation) {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw QueryError("the body must be a JSON object with phenomenonTime, result and Datastream")
        }
        let id: String
        if let datastream {
            id = datastream
        } else {
            guard let reference = object["Datastream"] as? [String: Any], let given = reference["@iot.id"] else {
                throw QueryError("Datastream {\"@iot.id\": …} is required")
            }
            id = "\(given)"
        }
        let key = try await series(id)
        let observation = try observation(key, phenomenonTime: object["phenomenonTime"], result: object["result"])
        _ = try await store.write([observation])
        return (SensorThingsModel.observation(key, observation), observation)
    }

    /// `POST /CreateObservations`: `[{"Datastream": {"@iot.id": …}, "components": [...], "dataArray": [[…]]}]`;
    /// all rows are checked before any is stored; answers one self link per row.
    func createMany(_ body: Data) async throws -> [STAEntity] {
        guard let groups = try? JSONSerialization.jsonObject(with: body) as? [[String: Any]] else {
            throw QueryError("the body must be a JSON array of {Datastream, components, dataArray}")
        }
        var observations: [(SeriesKey, Observation)] = []
        for (groupIndex, group) in groups.enumerated() {
            guard let reference = group["Datastream"] as? [String: Any], let given = reference["@iot.id"] else {
                throw QueryError("[\(groupIndex)]: Datastream {\"@iot.id\": …} is required")
            }
            let key = try await series("\(given)")
            guard let components = group["components"] as? [String], let time = components.firstIndex(of: "phenomenonTime"),
                let result = components.firstIndex(of: "result")
            else { throw QueryError("[\(groupIndex)]: components must name phenomenonTime and result") }
            guard let rows = group["dataArray"] as? [[Any]] else { throw QueryError("[\(groupIndex)]: dataArray must be an array of rows") }
            for (rowIndex, row) in rows.enumerated() {
                guard row.count == components.count else {
                    throw QueryError("[\(groupIndex)].dataArray[\(rowIndex)] has \(row.count) values for \(components.count) components")
                }
                do {
                    observations.append((key, try observation(key, phenomenonTime: row[time], result: row[result])))
                } catch let error as QueryError {
                    throw QueryError("[\(groupIndex)].dataArray[\(rowIndex)]: \(error.message)")
                }
            }
        }
        _ = try await store.write(observations.map(\.1))
        return observations.map { SensorThingsModel.observation($0.0, $0.1) }
    }
}
