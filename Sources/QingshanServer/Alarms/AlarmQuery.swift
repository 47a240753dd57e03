import Hummingbird
import HummingbirdCore
import QingshanCore
import QingshanStore

/// Which alarms a request may see and asks for, shared by the API and the console. With a token: the alarms
/// of the sites its role and scope may read. Without one: only the ambient alarms (AQI level, water class) of
/// public stations, which say no more than the published data; source alarms and data-quality leads stay with
/// the people who act on them.
enum AlarmQuery {
    static let publicTypes: Set<AlarmType> = [.aqiLevel, .waterClass]
    static let maximumPageSize = 500

    static func filter(_ query: FlatDictionary<Substring, Substring>, principal: Principal, sites: [Site]) throws -> AlarmFilter {
        var filter = AlarmFilter(limit: 50)
        if let text = query["status"], !text.isEmpty {
            guard let status = AlarmRecord.Status(rawValue: String(text)) else {
                throw ProblemDetails.badRequest(code: "invalid_status", "status '\(text)' must be active or cleared")
            }
            filter.status = status
        }
        if let text = query["ack"], !text.isEmpty {
            guard text == "true" || text == "false" else {
                throw ProblemDetails.badRequest(code: "invalid_ack", "ack '\(text)' must be true or false")
            }
            filter.acknowledged = text == "true"
        }
        if let text = query["type"], !text.isEmpty {
            guard let type = AlarmType(rawValue: String(text)) else {
                throw ProblemDetails.badRequest(
                    code: "invalid_type", "type '\(text)' must be one of \(AlarmType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.types = [type]
        }
        if principal == .anonymous { filter.types = (filter.types ?? publicTypes).intersection(publicTypes) }
        filter.from = try QueryTime.parse(query["from"], name: "from")
        filter.to = try QueryTime.parse(query["to"], name: "to")
        if let text = query["before"] {
            guard let before = Int64(text), before > 0 else { throw ProblemDetails.badRequest(code: "invalid_before", "before must be an alarm id") }
            filter.before = before
        }
        if let text = query["limit"] {
            guard let limit = Int(text), (1...maximumPageSize).contains(limit) else {
                throw ProblemDetails.badRequest(code: "invalid_limit", "limit must be 1…\(maximumPageSize)")
            }
            filter.limit = limit
        }
        let site = query["site"].flatMap { $0.isEmpty ? nil : String($0) }
        let region = query["region"].flatMap { $0.isEmpty ? nil : String($0) }
        var visible = sites.filter(principal.canRead)
        if let site { visible = visible.filter { $0.code == site } }
        if let region { visible = visible.filter { $0.regionCode == region } }
        if !principal.seesEverything || site != nil || region != nil { filter.siteCodes = Set(visible.map(\.code)) }
        return filter
    }

    /// The alarm, 404 when it does not exist or is not the principal's to see (worded as for one that does not exist).
    static func requireAlarm(id text: String, principal: Principal, store: any PlatformStore, registry: RegistrySnapshot) async throws
        -> (AlarmRecord, Site)
    {
        let notFound = ProblemDetails.notFound(code: "alarm_not_found", "no alarm with id '\(text)'; list them with GET /api/v1/alarms")
        guard let id = Int64(text), let alarm = try await store.alarm(id: id) else { throw notFound }
        guard let site = try await registry.site(code: alarm.siteCode), principal.canRead(site),
            principal != .anonymous || publicTypes.contains(alarm.type)
        else { throw notFound }
        return (alarm, site)
    }
}
