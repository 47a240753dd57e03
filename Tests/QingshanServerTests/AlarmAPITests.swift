import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOFoundationEssentialsCompat
import QingshanCore
import QingshanStore
import Testing

@testable import QingshanServer

/// Alarms through the real application: values written through the API are judged by the engine from what the
/// store committed, the alarm is visible to the outlet's enterprise, its county and the city only, and each
/// role may do what it should to it; permits change through the API with every revision kept, and the engine
/// judges with the permit in force.
@Suite struct AlarmAPITests {
    struct Tokens {
        var city, county, otherCounty, enterprise, otherEnterprise, reader: String
    }

    static func tokens(_ store: SQLStore) async throws -> Tokens {
        func issue(_ role: AccessRole, _ scope: String? = nil) async throws -> String {
            try await TokenIssuer.create(store: store, role: role, scope: scope, name: "test \(role.rawValue)", now: .now).text
        }
        return Tokens(
            city: try await issue(.city), county: try await issue(.county, "150823"), otherCounty: try await issue(.county, "150802"),
            enterprise: try await issue(.enterprise, "E07"), otherEnterprise: try await issue(.enterprise, "E01"), reader: try await issue(.reader))
    }

    static func call(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String?, body: String? = nil
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            (response.status, (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:])
        }
    }

    /// Hourly values through the API, 2026-03-02 from `hour` on.
    static func write(
        _ client: any TestClientProtocol, site: String, parameter: String, from hour: Int, values: [Double], token: String
    ) async throws {
        let items = values.enumerated().map { offset, value in
            #"{"time": "2026-03-02T\#(String(format: "%02d", hour + offset)):00:00+08:00", "value": \#(value)}"#
        }
        let body = #"{"parameter": "\#(parameter)", "interval": "hour", "items": [\#(items.joined(separator: ", "))]}"#
        let (status, json) = try await call(client, .post, "/api/v1/sites/\(site)/observations", token: token, body: body)
        #expect(status == .created, "\(json)")
    }

    static func engine(_ store: SQLStore) -> AlarmEngine {
        AlarmEngine(store: store, catalogue: .standard, logger: Logger(label: "test"))
    }

    @Test func exceedanceIsRaisedSeenAndHandledByRole() async throws {
        try await withApp { client, store in
            let tokens = try await Self.tokens(store)
            // E07-G1 (乌拉特前旗): the profile's stand-in permit, GB 16297 表2 SO2 550 mg/m³ on any hourly mean.
            try await Self.write(client, site: "E07-G1", parameter: "a21026", from: 10, values: [600, 610, 400], token: tokens.city)
            let changed = try await Self.engine(store).pass()
            // Raised at 10:00, repeated at 11:00, cleared by the normal 12:00.
            #expect(changed.map(\.status) == [.active, .cleared])
            // Without a token, a source's alarms are not shown (only public stations' ambient alarms are).
            let anonymous = try await Self.call(client, .get, "/api/v1/alarms", token: nil)
            #expect(anonymous.status == .ok && (anonymous.json["items"] as? [Any])?.isEmpty == true)
            let (status, page) = try await Self.call(client, .get, "/api/v1/alarms", token: tokens.city)
            #expect(status == .ok)
            let items = try #require(page["items"] as? [[String: Any]])
            let alarm = try #require(items.first)
            #expect(items.count == 1)
            #expect(alarm["site"] as? String == "E07-G1" && alarm["type"] as? String == "exceedance" && alarm["check"] as? String == "hour_limit")
            #expect(alarm["occurrences"] as? Int == 2 && alarm["status"] as? String == "cleared")
            let evidence = try #require(alarm["evidence"] as? [String: Any])
            #expect(evidence["observed"] as? Double == 610 && evidence["limit"] as? Double == 550)
            #expect((evidence["rule"] as? String)?.contains("GB 16297-1996 表2 其他") == true)
            #expect(evidence["from"] as? String == "2026-03-02T11:00:00+08:00")
            let id = try #require(alarm["id"] as? Int)
            // Who sees it: the city, its county, its enterprise; not another county or enterprise.
            for (token, count) in [
                (tokens.county, 1), (tokens.enterprise, 1), (tokens.reader, 1), (tokens.otherCounty, 0), (tokens.otherEnterprise, 0),
            ] {
                let (_, listed) = try await Self.call(client, .get, "/api/v1/alarms", token: token)
                #expect((listed["items"] as? [Any])?.count == count)
            }
            #expect(try await Self.call(client, .get, "/api/v1/alarms/\(id)", token: tokens.otherEnterprise).status == .notFound)
            // Who may do what: the enterprise acknowledges and comments, never clears; the county assigns.
            #expect(try await Self.call(client, .post, "/api/v1/alarms/\(id)/ack", token: tokens.enterprise).status == .ok)
            #expect(try await Self.call(client, .post, "/api/v1/alarms/\(id)/clear", token: tokens.enterprise).status == .forbidden)
            #expect(try await Self.call(client, .post, "/api/v1/alarms/\(id)/ack", token: tokens.reader).status == .forbidden)
            let assigned = try await Self.call(client, .post, "/api/v1/alarms/\(id)/assign", token: tokens.county, body: #"{"assignee": "王工"}"#)
            #expect(assigned.status == .ok && assigned.json["assignee"] as? String == "王工")
            #expect(
                try await Self.call(client, .post, "/api/v1/alarms/\(id)/assign", token: tokens.county, body: #"{"assignee": "  "}"#).status
                    == .badRequest)
            let commented = try await Self.call(
                client, .post, "/api/v1/alarms/\(id)/comments", token: tokens.enterprise, body: #"{"text": "脱硫塔检修，已恢复"}"#)
            #expect(commented.status == .ok)
            let (_, detail) = try await Self.call(client, .get, "/api/v1/alarms/\(id)", token: tokens.county)
            let events = try #require(detail["events"] as? [[String: Any]])
            #expect(events.compactMap { $0["action"] as? String } == ["raised", "cleared", "acknowledged", "assigned", "commented"])
            #expect((events[2]["actor"] as? String)?.contains("enterprise E07") == true)
            #expect(detail["siteName"] as? String == "西沙德格铝业公司 废气排放口")
            // Filters.
            for (query, count) in [
                ("status=cleared", 1), ("status=active", 0), ("ack=true", 1), ("type=data_quality", 0), ("site=E07-G1", 1), ("region=150823", 1),
                ("region=150802", 0), ("from=2026-03-03T00:00:00%2B08:00", 0), ("to=2026-03-02T11:00:00%2B08:00", 1),
            ] {
                let (status, listed) = try await Self.call(client, .get, "/api/v1/alarms?\(query)", token: tokens.city)
                #expect(status == .ok && (listed["items"] as? [Any])?.count == count, "\(query)")
            }
            for query in ["status=open", "ack=yes", "type=fire", "limit=0", "limit=501", "before=-1", "from=yesterday"] {
                #expect(try await Self.call(client, .get, "/api/v1/alarms?\(query)", token: tokens.city).status == .badRequest, "\(query)")
            }
            // Every step went to the outbox as the webhook JSON, in order.
            let outbox = try await store.outbox(after: 0, limit: 100)
            #expect(outbox.count == 5)
            let first = try #require(try JSONSerialization.jsonObject(with: Data(outbox[0].body.utf8)) as? [String: Any])
            #expect(first["id"] as? String == "\(id)-1")
            #expect((first["event"] as? [String: Any])?["action"] as? String == "raised")
            #expect((first["alarm"] as? [String: Any])?["site"] as? String == "E07-G1")
        }
    }

    /// An air station's heavy hour and a water section below its target, written through the API, are alarms too.
    @Test func ambientAlarmsFromWrittenData() async throws {
        try await withApp { client, store in
            let tokens = try await Self.tokens(store)
            for (parameter, value) in [("a34004", 160.0), ("a21026", 10), ("a21004", 30), ("a05024", 60)] {
                try await Self.write(client, site: "2195A", parameter: parameter, from: 9, values: [value], token: tokens.city)
            }
            try await Self.write(client, site: "HH-CJ", parameter: "w21003", from: 9, values: [1.2], token: tokens.city)
            try await Self.engine(store).pass()
            let (_, page) = try await Self.call(client, .get, "/api/v1/alarms?status=active", token: tokens.city)
            let items = try #require(page["items"] as? [[String: Any]])
            let byType = Dictionary(items.map { ($0["type"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
            #expect(byType["aqi_level"]?["site"] as? String == "2195A")
            #expect((byType["aqi_level"]?["summary"] as? String)?.contains("重度污染") == true)
            #expect(byType["water_class"]?["site"] as? String == "HH-CJ")
            #expect((byType["water_class"]?["summary"] as? String)?.contains("目标 Ⅱ类") == true)
            // Ambient alarms of public stations are public, as their data are.
            let (_, open) = try await Self.call(client, .get, "/api/v1/alarms", token: nil)
            #expect(Set((open["items"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }) == ["aqi_level", "water_class"])
            let id = try #require(byType["aqi_level"]?["id"] as? Int)
            #expect(try await Self.call(client, .get, "/api/v1/alarms/\(id)", token: nil).status == .ok)
            #expect(try await Self.call(client, .post, "/api/v1/alarms/\(id)/ack", token: nil).status == .unauthorized)
        }
    }

    @Test func permitsThroughTheAPI() async throws {
        try await withApp { client, store in
            let tokens = try await Self.tokens(store)
            let (status, current) = try await Self.call(client, .get, "/api/v1/sites/E07-G1/permit", token: tokens.enterprise)
            #expect(status == .ok && current["revision"] as? Int == 1 && current["changedBy"] as? String == "profile bayannur")
            #expect(((current["permit"] as? [String: Any])?["note"] as? String)?.contains("真实排污许可限值未知") == true)
            #expect(try await Self.call(client, .get, "/api/v1/sites/E07-G1/permit", token: nil).status == .notFound)
            #expect(try await Self.call(client, .get, "/api/v1/sites/2195A/permit", token: tokens.city).status == .badRequest)
            #expect(try await Self.call(client, .get, "/api/v1/sites/2195A/permit/history", token: tokens.city).status == .badRequest)
            let ultraLow = #"""
                {"number": "91150800MA0000000X001P", "validFrom": "2026-01-01", "limits": [{"parameter": "a21026", "limit": 35,
                 "unit": "mg/m³", "referenceOxygen": 6, "averaging": "hour", "standard": "GB 13223-2011", "table": "超低排放 燃煤机组"}],
                 "annualTonnes": {"a21026": 120}}
                """#
            #expect(try await Self.call(client, .put, "/api/v1/sites/E07-G1/permit", token: tokens.enterprise, body: ultraLow).status == .forbidden)
            let refused = try await Self.call(
                client, .put, "/api/v1/sites/E07-G1/permit", token: tokens.city,
                body: #"{"limits": [{"parameter": "a21026", "limit": -1, "unit": "mg/m³", "averaging": "hour", "standard": "x"}]}"#)
            #expect(refused.status == .badRequest)
            #expect((refused.json["detail"] as? String)?.contains("limit must be a number above 0") == true)
            let stored = try await Self.call(client, .put, "/api/v1/sites/E07-G1/permit", token: tokens.city, body: ultraLow)
            #expect(stored.status == .ok && stored.json["revision"] as? Int == 2)
            let (_, history) = try await Self.call(client, .get, "/api/v1/sites/E07-G1/permit/history", token: tokens.county)
            #expect((history["items"] as? [[String: Any]])?.compactMap { $0["revision"] as? Int } == [2, 1])
            // The engine judges with the new permit: 30 mg/m³ at 9.5 % O2 is 39.13 at 6 %, over 35.
            try await Self.write(client, site: "E07-G1", parameter: "a21026", from: 8, values: [30], token: tokens.city)
            try await Self.write(client, site: "E07-G1", parameter: "a19001", from: 8, values: [9.5], token: tokens.city)
            try await Self.engine(store).pass()
            let (_, page) = try await Self.call(client, .get, "/api/v1/alarms?type=exceedance", token: tokens.city)
            let evidence = try #require(((page["items"] as? [[String: Any]])?.first?["evidence"]) as? [String: Any])
            #expect(evidence["observed"] as? Double == 39.13 && evidence["limit"] as? Double == 35)
        }
    }

    /// The hourly emission amounts a logger reports (`-Cou`) summed over a rolling 12 months against the permit's
    /// annual quantity: over it, an alarm, and the outlet's page shows the share.
    @Test func loadsAgainstThePermittedQuantity() async throws {
        try await withApp { client, store in
            let tokens = try await Self.tokens(store)
            var permit = try #require(try await store.permit(siteCode: "E07-G1")?.permit)
            permit.annualTonnes = ["a21026": 100]
            _ = try await store.putPermit(permit, by: "test", at: .now)
            let start = CivilDateTime(year: 2026, month: 3, day: 2, hour: 8).timestamp
            // 40 t an hour for three hours (kg): 120 t against 100 t/a.
            _ = try await store.write(
                (0..<3).map { offset in
                    Observation(
                        siteCode: "E07-G1", parameterCode: "a21026", interval: .hour,
                        periodStart: start.adding(milliseconds: Int64(offset) * Timestamp.millisecondsPerHour), value: 200, cumulative: 40_000,
                        source: "test")
                })
            try await Self.engine(store).pass()
            let (_, page) = try await Self.call(client, .get, "/api/v1/alarms?type=load", token: tokens.city)
            let alarm = try #require((page["items"] as? [[String: Any]])?.first)
            #expect(alarm["check"] as? String == "rolling_12_months" && alarm["severity"] as? String == "critical")
            #expect((alarm["evidence"] as? [String: Any])?["observed"] as? Double == 120)
            let html = try await client.execute(uri: "/sites/E07-G1", method: .get, headers: [.authorization: "Bearer \(tokens.city)"]) { $0.text }
            #expect(html.contains(#"<tr><td>二氧化硫</td><td class="num over">120</td><td class="num">100</td><td class="num">120%</td></tr>"#))
        }
    }

    /// A logger the gateway saw goes silent past `silentMinutes`: an alarm; seen again, it clears itself.
    @Test func silentLoggerAlarmsAndClears() async throws {
        try await withApp { _, store in
            let now = Timestamp(millisecondsSinceEpoch: 1_780_000_000_000)
            let seen = LockedValue(now.adding(milliseconds: -90 * Timestamp.millisecondsPerMinute))
            let engine = AlarmEngine(
                store: store, catalogue: .standard, logger: Logger(label: "test"),
                loggers: { [AlarmEngine.LoggerSeen(mn: "MN-E07", siteCode: "E07-G1", lastSeen: seen.value)] }, now: { now })
            let raised = try await engine.pass()
            #expect(raised.map(\.type) == [.loggerSilent] && raised.first?.parameterCode == "MN-E07")
            #expect(raised.first?.summary.contains("90 分钟无数据") == true)
            // Still silent: the same alarm, no new one.
            #expect(try await engine.pass().isEmpty)
            seen.value = now
            let cleared = try await engine.pass()
            #expect(cleared.map(\.status) == [.cleared])
        }
    }
}

/// A value a test changes while a closure reads it.
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
