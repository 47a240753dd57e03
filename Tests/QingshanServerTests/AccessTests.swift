import Foundation
import Hummingbird
import HummingbirdTesting
import QingshanCore
import QingshanStore
import Testing

@testable import QingshanServer

/// Tokens from `TokenIssuer` through the real application: what each role sees and may write, over REST and
/// SensorThings, with an unpublished outlet of the Bayannur profile's enterprise E01.
@Suite struct AccessTests {
    static let outlet = Site(
        code: "E01-FQ01", nameZh: "包钢还原铁 1号废气排放口", kind: .sourceGas, regionCode: "150802",
        location: GeoPoint(longitude: 107.41, latitude: 40.75), enterpriseCode: "E01")
    static let hour = CivilDateTime(year: 2026, month: 3, day: 1, hour: 8).timestamp

    struct Tokens: Sendable {
        var city: String
        var county: String
        var otherCounty: String
        var enterprise: String
        var reader: String
        var revoked: String
    }

    static func prepare(_ store: SQLStore) async throws -> Tokens {
        _ = try await store.addMissingSites([outlet])
        _ = try await store.write([
            Observation(siteCode: outlet.code, parameterCode: "a21026", interval: .hour, periodStart: hour, value: 35, source: "test"),
            Observation(siteCode: "2195A", parameterCode: "a21026", interval: .hour, periodStart: hour, value: 8, source: "test"),
        ])
        try await store.discardPendingRollupDays()
        func issue(_ role: AccessRole, _ scope: String? = nil) async throws -> String {
            try await TokenIssuer.create(store: store, role: role, scope: scope, name: "test \(role.rawValue)", now: .now).text
        }
        let revoked = try await TokenIssuer.create(store: store, role: .city, scope: nil, name: "old", now: .now)
        #expect(try await store.revokeToken(id: revoked.token.id, at: .now))
        return Tokens(
            city: try await issue(.city), county: try await issue(.county, "150802"), otherCounty: try await issue(.county, "150821"),
            enterprise: try await issue(.enterprise, "E01"), reader: try await issue(.reader), revoked: revoked.text)
    }

    static func status(
        _ client: any TestClientProtocol, _ uri: String, token: String? = nil, basic: Bool = false,
        method: HTTPRequest.Method = .get, body: String? = nil
    ) async throws -> (HTTPResponse.Status, String) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token {
            headers[.authorization] = basic ? "Basic " + Data("writer:\(token)".utf8).base64EncodedString() : "Bearer \(token)"
        }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            (response.status, response.text)
        }
    }

    /// The real application on a store holding the outlet, its data and the tokens.
    static func withOutletApp(_ test: @escaping @Sendable (any TestClientProtocol, SQLStore, Tokens) async throws -> Void) async throws {
        try await withPreparedStore { store, config in
            let tokens = try await prepare(store)
            let app = try await buildApplication(config: config, store: store)
            try await app.test(.router) { client in try await test(client, store, tokens) }
        }
    }

    /// (token, may read the outlet, may write it)
    static func roles(_ tokens: Tokens) -> [(String?, Bool, Bool)] {
        [
            (nil, false, false), (tokens.city, true, true), (tokens.county, true, true), (tokens.otherCounty, false, false),
            (tokens.enterprise, true, true), (tokens.reader, true, false),
        ]
    }

    @Test func eachRoleSeesAndWritesItsOwn() async throws {
        try await Self.withOutletApp { client, store, tokens in
            for (index, (token, read, write)) in Self.roles(tokens).enumerated() {
                let reading: HTTPResponse.Status = read ? .ok : .notFound
                #expect(try await Self.status(client, "/api/v1/sites/E01-FQ01", token: token).0 == reading, "role \(index)")
                #expect(
                    try await Self.status(client, "/api/v1/sites/E01-FQ01/observations?parameter=a21026", token: token).0 == reading, "role \(index)")
                let (_, list) = try await Self.status(client, "/api/v1/sites?kind=source_gas", token: token)
                #expect(list.contains("E01-FQ01") == read, "role \(index)")
                #expect(try await Self.status(client, "/sta/v1.1/Things('E01-FQ01')", token: token, basic: true).0 == reading, "role \(index)")
                let (_, datastreams) = try await Self.status(client, "/sta/v1.1/Datastreams?$top=1000", token: token)
                #expect(datastreams.contains("E01-FQ01:a21026:hour") == read, "role \(index)")
                // Everyone sees the ambient station.
                #expect(try await Self.status(client, "/sta/v1.1/Things('2195A')", token: token).0 == .ok)

                let item = #"{"parameter":"a21026","interval":"hour","items":[{"time":"2026-03-01T09:00:00+08:00","value":\#(30 + index)}]}"#
                let (written, problem) = try await Self.status(client, "/api/v1/sites/E01-FQ01/observations", token: token, method: .post, body: item)
                let expected: HTTPResponse.Status = write ? .created : token == nil ? .unauthorized : read ? .forbidden : .notFound
                #expect(written == expected, "role \(index): \(problem)")
                let observation =
                    #"{"Datastream":{"@iot.id":"E01-FQ01:a21026:hour"},"phenomenonTime":"2026-03-01T10:00:00+08:00","result":\#(40 + index)}"#
                let (created, staProblem) = try await Self.status(
                    client, "/sta/v1.1/Observations", token: token, basic: true, method: .post, body: observation)
                let staExpected: HTTPResponse.Status = write ? .created : token == nil ? .unauthorized : read ? .forbidden : .badRequest
                #expect(created == staExpected, "role \(index): \(staProblem)")
            }
            // What was accepted is what is stored: the first writer's value of each hour (repeats change nothing).
            let stored = try await store.values(
                siteCode: "E01-FQ01", parameterCode: "a21026", interval: .hour, from: Self.hour,
                to: Self.hour.adding(milliseconds: 3 * Timestamp.millisecondsPerHour))
            #expect(stored.map(\.value) == [35, 31, 41])
        }
    }

    @Test func badTokensAreRefusedAndPublicationOpensAnOutlet() async throws {
        try await Self.withOutletApp { client, store, tokens in
            for token in [tokens.revoked, "qs_00000000_" + String(repeating: "x", count: 43), "not-a-token"] {
                let (status, body) = try await Self.status(client, "/api/v1/sites", token: token)
                #expect(status == .unauthorized)
                #expect(body.contains("qingshan token create"))
            }
            #expect(try await Self.status(client, "/healthz", token: "not-a-token").0 == .ok)
            // A reader may not manage devices; anonymous clients are asked for a token.
            let settings = #"{"mode":"quarantine"}"#
            #expect(try await Self.status(client, "/api/v1/devices/MN-NEW", method: .put, body: settings).0 == .unauthorized)
            #expect(try await Self.status(client, "/api/v1/devices/MN-NEW", token: tokens.reader, method: .put, body: settings).0 == .forbidden)
            #expect(try await Self.status(client, "/api/v1/devices/MN-NEW", token: tokens.county, method: .put, body: settings).0 == .forbidden)
            #expect(try await Self.status(client, "/api/v1/devices/MN-NEW", token: tokens.city, method: .put, body: settings).0 == .created)

            #expect(try await Self.status(client, "/api/v1/sites/E01-FQ01").0 == .notFound)
            #expect(try await store.setPublished(siteCode: "E01-FQ01", at: .now))
            #expect(try await Self.status(client, "/api/v1/sites/E01-FQ01").0 == .ok)
            let (status, observations) = try await Self.status(client, "/api/v1/sites/E01-FQ01/observations?parameter=a21026")
            #expect(status == .ok)
            let items = (try JSONSerialization.jsonObject(with: Data(observations.utf8)) as? [String: Any])?["items"] as? [[String: Any]]
            #expect(items?.compactMap { $0["value"] as? Double } == [35])
        }
    }

    @Test func tokenTextsAndIssuing() async throws {
        let (id, text) = APITokenSecret.make()
        #expect(APITokenSecret.id(of: text) == id)
        #expect(text.count == 55, "qs_ + 8 hex + _ + 43 base64url")
        #expect(APITokenSecret.id(of: "qs_zzzzzzzz_" + String(repeating: "a", count: 43)) == nil)
        #expect(APITokenSecret.id(of: "Bearer qs_12345678_abc") == nil)
        // FIPS 180-2 test vector.
        #expect(APITokenSecret.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        try await withPreparedStore { store, _ in
            await #expect(throws: ConfigurationError.self) {
                try await TokenIssuer.create(store: store, role: .county, scope: nil, name: "x", now: .now)
            }
            await #expect(throws: ConfigurationError.self) {
                try await TokenIssuer.create(store: store, role: .county, scope: "999999", name: "x", now: .now)
            }
            await #expect(throws: ConfigurationError.self) {
                try await TokenIssuer.create(store: store, role: .enterprise, scope: "E99", name: "x", now: .now)
            }
            await #expect(throws: ConfigurationError.self) {
                try await TokenIssuer.create(store: store, role: .city, scope: "150802", name: "x", now: .now)
            }
            let issued = try await TokenIssuer.create(store: store, role: .enterprise, scope: "E01", name: "包钢", now: .now)
            let stored = try #require(try await store.token(id: issued.token.id))
            #expect(stored.secretSHA256 == APITokenSecret.sha256Hex(issued.text))
            #expect(!stored.secretSHA256.contains(issued.text.dropFirst(12)))
        }
    }

    /// Every other way to reach the outlet's data obeys the same rule: CSV (by parameter and by Accept), the
    /// latest values, rollups, AQI, GeoJSON, the device list, SensorThings by id and through $expand, and
    /// readers limited to one region.
    @Test func everyRouteToTheOutletObeysTheRules() async throws {
        try await Self.withOutletApp { client, store, tokens in
            try await store.addDevices([Device(mn: "MN-E01-FQ01", siteCode: Self.outlet.code, password: "pw")])
            func issue(_ role: AccessRole, _ scope: String?) async throws -> String {
                try await TokenIssuer.create(store: store, role: role, scope: scope, name: "scoped", now: .now).text
            }
            let readerHere = try await issue(.reader, "150802")
            let readerElsewhere = try await issue(.reader, "150821")
            let observationID = "E01-FQ01:a21026:hour:\(Self.hour.millisecondsSinceEpoch)"
            // (token, may read the outlet)
            let principals: [(String?, Bool)] = Self.roles(tokens).map { ($0.0, $0.1) } + [(readerHere, true), (readerElsewhere, false)]
            for (index, (token, read)) in principals.enumerated() {
                let hidden = "principal \(index) must not see the outlet"
                let shown = "principal \(index) must see the outlet"
                // Addressed directly: the outlet's data, or 404 as for a site that does not exist.
                for uri in [
                    "/api/v1/sites/E01-FQ01/observations?parameter=a21026&format=csv", "/api/v1/sites/E01-FQ01/latest",
                    "/api/v1/sites/E01-FQ01/rollups?parameter=a21026&period=day", "/sta/v1.1/Observations('\(observationID)')",
                    "/sta/v1.1/Datastreams('E01-FQ01:a21026:hour')/Observations",
                ] {
                    let (status, body) = try await Self.status(client, uri.replacingOccurrences(of: "'", with: "%27"), token: token)
                    #expect(status == (read ? .ok : .notFound), "\(uri): \(read ? shown : hidden)")
                    if read, uri.contains("format=csv") { #expect(body.hasSuffix(",35,N\n"), "\(uri): \(body)") }
                }
                var headers: HTTPFields = [.accept: "text/csv"]
                if let token { headers[.authorization] = "Bearer \(token)" }
                let csv = try await client.execute(uri: "/api/v1/sites/E01-FQ01/observations?parameter=a21026", method: .get, headers: headers) {
                    ($0.status, $0.text)
                }
                #expect(csv.0 == (read ? .ok : .notFound), "Accept: text/csv: \(read ? shown : hidden)")
                let aqi = try await Self.status(client, "/api/v1/sites/E01-FQ01/aqi", token: token)
                #expect((aqi.0 == .notFound) == !read, "aqi answered \(aqi.0): \(read ? shown : hidden)")
                // Listed among others: present exactly when readable.
                for uri in [
                    "/api/v1/sites?format=geojson", "/api/v1/sites?kind=source_gas", "/api/v1/aqi/latest", "/api/v1/devices",
                    "/sta/v1.1/Things?$expand=Datastreams($expand=Observations)&$top=1000", "/sta/v1.1/Locations?$top=1000",
                    "/sta/v1.1/Observations?$filter=result%20eq%2035",
                ] {
                    let (status, body) = try await Self.status(client, uri.replacingOccurrences(of: "'", with: "%27"), token: token)
                    #expect(status == .ok, "\(uri) answered \(status)")
                    if uri.hasPrefix("/api/v1/aqi") { continue }  // an outlet has no AQI; listed only to check the status
                    #expect(body.contains("E01-FQ01") == read, "\(uri): \(read ? shown : hidden)")
                }
            }
            // The anonymous device list shows no logger addresses (peers) at all.
            let (_, anonymousDevices) = try await Self.status(client, "/api/v1/devices")
            #expect(!anonymousDevices.contains("\"peer\""))
        }
    }
}
