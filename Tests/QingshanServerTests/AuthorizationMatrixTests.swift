import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import QingshanCore
import QingshanStore
import Testing

@testable import QingshanServer

/// Every kind of endpoint × every role × its own or another 旗县区, enterprise or maintenance company: allowed or
/// refused as the access rules say — REST, CSV, SensorThings (through `$expand` and filters on related
/// entities), the event stream and console pages. The subject is the unpublished outlet E07-G1 of 乌拉特前旗
/// (150823) with an active alarm, and OM-1, a site of the same enterprise maintained by company OM01.
@Suite struct AuthorizationMatrixTests {
    enum Who: String, CaseIterable, CustomStringConvertible {
        case anonymous, admin, city, station, countyOwn, countyOther, enterpriseOwn, enterpriseOther, maintainerOwn, maintainerOther
        case readerAll, readerOther
        /// A county person signed in to the console (cookie and CSRF token rather than a bearer token).
        case countyPerson

        var description: String { rawValue }
    }

    /// Who may read E07-G1's data.
    static let readers: Set<Who> = [.admin, .city, .station, .countyOwn, .enterpriseOwn, .readerAll, .countyPerson]
    /// Who may write its data (and acknowledge its alarms).
    static let writers: Set<Who> = [.admin, .city, .station, .countyOwn, .enterpriseOwn, .countyPerson]

    enum Expect {
        /// A 2xx when allowed; 401, 403 or 404 (or a redirect to sign-in) when not.
        case status
        /// This status when allowed (a command to a logger that is not connected: 409); refused as for `status`.
        case answer(Int)
        /// Always answered; the body names `marker` exactly when allowed.
        case content(String)
    }

    struct Row {
        var method: HTTPRequest.Method
        var uri: String
        var body: String?
        var allowed: Set<Who>
        var expect: Expect
    }

    static func rows(alarm: Int64) -> [Row] {
        let march = "from=2026-03-01T00:00:00%2B08:00&to=2026-03-31T00:00:00%2B08:00"
        let hours = "parameter=a21026&interval=hour&from=2026-03-02T00:00:00%2B08:00&to=2026-03-03T00:00:00%2B08:00"
        let value = #"{"parameter": "a21026", "interval": "hour", "items": [{"time": "2026-03-02T15:00:00+08:00", "value": 100}]}"#
        let permit = #"{"limits": [{"parameter": "a21026", "limit": 550, "unit": "mg/m³", "averaging": "hour", "standard": "GB 16297-1996"}]}"#
        let maintained = readers.union([.maintainerOwn])
        return [
            // REST reads, one site and lists.
            Row(method: .get, uri: "/api/v1/sites/E07-G1", allowed: readers, expect: .status),
            Row(method: .get, uri: "/api/v1/sites/E07-G1/observations?\(hours)", allowed: readers, expect: .status),
            Row(method: .get, uri: "/api/v1/sites/E07-G1/observations?\(hours)&format=csv", allowed: readers, expect: .status),
            Row(method: .get, uri: "/api/v1/sites/E07-G1/latest", allowed: readers, expect: .status),
            Row(
                method: .get, uri: "/api/v1/sites/E07-G1/rollups?parameter=a21026&period=day&\(march)&format=csv", allowed: readers,
                expect: .status),
            Row(method: .get, uri: "/sta/v1.1/Datastreams('E07-G1:a21026:hour')/Observations", allowed: readers, expect: .status),
            Row(method: .get, uri: "/api/v1/sites/E07-G1/permit", allowed: readers, expect: .status),
            Row(method: .get, uri: "/api/v1/sites?kind=source_gas", allowed: readers, expect: .content("E07-G1")),
            Row(method: .get, uri: "/api/v1/devices", allowed: maintained, expect: .content("MN-OM")),
            // SensorThings: the entity, filters through related entities, expansions.
            Row(method: .get, uri: "/sta/v1.1/Things('E07-G1')", allowed: readers, expect: .status),
            Row(method: .get, uri: "/sta/v1.1/Datastreams?$filter=Thing/id%20eq%20'E07-G1'", allowed: readers, expect: .content("E07-G1")),
            Row(
                method: .get, uri: "/sta/v1.1/Observations?$filter=Datastream/Thing/id%20eq%20'E07-G1'&$expand=Datastream($expand=Thing)",
                allowed: readers, expect: .content("E07-G1")),
            Row(method: .get, uri: "/sta/v1.1/Things?$expand=Datastreams&$filter=id%20eq%20'E07-G1'", allowed: readers, expect: .content("E07-G1")),
            Row(
                method: .get, uri: "/sta/v1.1/Things?$expand=Datastreams($expand=ObservedProperty)&$top=100", allowed: readers,
                expect: .content("E07-G1")),
            // Alarms and their event stream.
            Row(method: .get, uri: "/api/v1/alarms", allowed: readers, expect: .content("E07-G1")),
            Row(method: .get, uri: "/api/v1/alarms/\(alarm)", allowed: readers, expect: .status),
            Row(method: .get, uri: "/events/alarms?once", allowed: readers, expect: .content(#""newest":\#(alarm)"#)),
            Row(method: .post, uri: "/api/v1/alarms/\(alarm)/ack", allowed: writers, expect: .status),
            Row(
                method: .post, uri: "/api/v1/alarms/\(alarm)/assign", body: #"{"assignee": "王工"}"#,
                allowed: [.admin, .city, .countyOwn, .countyPerson], expect: .status),
            // Writes.
            Row(method: .post, uri: "/api/v1/sites/E07-G1/observations", body: value, allowed: writers, expect: .status),
            Row(method: .put, uri: "/api/v1/sites/E07-G1/permit", body: permit, allowed: [.admin, .city], expect: .status),
            // Devices: the bureau and the centre manage them; a maintainer operates its own sites' only.
            Row(method: .put, uri: "/api/v1/devices/MN-OM", body: #"{"mode": "active"}"#, allowed: [.admin, .city, .station], expect: .status),
            Row(method: .get, uri: "/api/v1/devices/MN-OM/commands", allowed: [.admin, .city, .station, .maintainerOwn], expect: .status),
            Row(method: .get, uri: "/api/v1/devices/MN-E01/commands", allowed: [.admin, .city, .station], expect: .status),
            Row(method: .get, uri: "/api/v1/devices/MN-OM/frames", allowed: [.admin, .city, .station, .maintainerOwn], expect: .status),
            Row(
                method: .post, uri: "/api/v1/devices/MN-OM/commands", body: #"{"cn": "1012"}"#,
                allowed: [.admin, .city, .station, .maintainerOwn], expect: .answer(409)),
            // The audit log.
            Row(method: .get, uri: "/api/v1/audit", allowed: [.admin], expect: .status),
            Row(method: .get, uri: "/api/v1/audit/verify", allowed: [.admin], expect: .status),
            // Console pages.
            Row(method: .get, uri: "/sites/E07-G1", allowed: readers, expect: .status),
            Row(method: .get, uri: "/alarms", allowed: readers, expect: .content("/alarms/\(alarm)\"")),
            Row(method: .get, uri: "/alarms/\(alarm)", allowed: readers, expect: .status),
            Row(method: .get, uri: "/devices", allowed: maintained, expect: .content("MN-OM")),
            Row(method: .get, uri: "/audit", allowed: [.admin], expect: .status),
        ]
    }

    @Test func everyEndpointEveryRoleOwnAndOther() async throws {
        try await withApp { client, store in
            _ = try await store.addMissingSites([
                Site(
                    code: "OM-1", nameZh: "运维测试排口", kind: .sourceGas, regionCode: "150823", enterpriseCode: "E07",
                    attributes: [Principal.maintainerAttribute: "OM01"], origin: .manual),
                Site(
                    code: "OM-2", nameZh: "另一运维公司的排口", kind: .sourceGas, regionCode: "150802", enterpriseCode: "E01",
                    attributes: [Principal.maintainerAttribute: "OM02"], origin: .manual),
            ])
            try await store.addDevices([Device(mn: "MN-OM", siteCode: "OM-1"), Device(mn: "MN-E01", siteCode: "E01-G1")])
            func token(_ role: AccessRole, _ scope: String? = nil) async throws -> String {
                try await TokenIssuer.create(store: store, role: role, scope: scope, name: "matrix \(role.rawValue)", now: .now).text
            }
            var bearer: [Who: String] = [:]
            bearer[.admin] = try await token(.admin)
            bearer[.city] = try await token(.city)
            bearer[.station] = try await token(.station)
            bearer[.countyOwn] = try await token(.county, "150823")
            bearer[.countyOther] = try await token(.county, "150802")
            bearer[.enterpriseOwn] = try await token(.enterprise, "E07")
            bearer[.enterpriseOther] = try await token(.enterprise, "E01")
            bearer[.maintainerOwn] = try await token(.maintainer, "OM01")
            bearer[.maintainerOther] = try await token(.maintainer, "OM02")
            bearer[.readerAll] = try await token(.reader)
            bearer[.readerOther] = try await token(.reader, "150802")
            // A county person with a console session.
            let person = try await ConsoleAlarmActionTests.session(client, store, "qian", role: .county, scope: "150823")
            // An active exceedance alarm on E07-G1.
            let alarm = try await raiseOutletAlarm(store)

            var failures: [String] = []
            for row in Self.rows(alarm: alarm) {
                for who in Who.allCases {
                    var headers: HTTPFields = [:]
                    if row.body != nil { headers[.contentType] = "application/json" }
                    if let text = bearer[who] { headers[.authorization] = "Bearer \(text)" }
                    if who == .countyPerson {
                        headers[.cookie] = person.headers[.cookie]
                        headers[AccessMiddleware<AppRequestContext>.csrfHeader] = person.csrf
                    }
                    let (status, body) = try await client.execute(
                        uri: row.uri, method: row.method, headers: headers, body: row.body.map { ByteBuffer(string: $0) }
                    ) { (Int($0.status.code), $0.text) }
                    let allowed = row.allowed.contains(who)
                    switch row.expect {
                    case .status, .answer:
                        var granted = (200..<300).contains(status)
                        if case .answer(let expected) = row.expect { granted = status == expected }
                        let refused = [401, 403, 404].contains(status) || (status == 303 && row.method == .get)
                        if allowed != granted || (!allowed && !refused) {
                            failures.append("\(row.method) \(row.uri) as \(who): \(status) (\(allowed ? "should be allowed" : "should be refused"))")
                        }
                        // A refusal tells nothing of the outlet (its registered name stands for its data here).
                        if !allowed, body.contains("西沙德格") {
                            failures.append("\(row.method) \(row.uri) as \(who): a refusal shows the outlet")
                        }
                    case .content(let marker):
                        if status != 200 || body.contains(marker) != allowed {
                            failures.append("\(row.method) \(row.uri) as \(who): \(status), shows \(marker): \(body.contains(marker))")
                        }
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.count) cells wrong:\n\(failures.joined(separator: "\n"))")
        }
    }
}
