import Foundation
import Hummingbird
import HummingbirdTesting
import QingshanCore
import QingshanStore
import Testing

@testable import QingshanServer
@testable import QingshanTools

/// The OpenAPI document at /api/v1/openapi.json agrees with the code: the same operations, and answers that
/// carry what the document says they carry.
@Suite struct OpenAPITests {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func document(_ client: any TestClientProtocol) async throws -> [String: Any] {
        try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
            #expect(response.status == .ok)
            return try response.json()
        }
    }

    /// "GET /api/v1/sites/{code}" for every operation the document lists.
    static func operations(_ document: [String: Any]) throws -> Set<String> {
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        return Set(paths.flatMap { path, methods in methods.keys.map { "\($0.uppercased()) \(path)" } })
    }

    /// The same, read from the route registrations in the sources (`group.get("sites/:code")` under /api/v1). The
    /// console's pages (`Console/`) are HTML for people, not operations of the API.
    static func registeredOperations() throws -> Set<String> {
        let folder = repositoryRoot.appendingPathComponent("Sources/QingshanServer")
        var found: Set<String> = []
        let pattern = try NSRegularExpression(pattern: #"(group|router)\.(get|post|put|delete|patch)\("([^"]*)""#)
        for case let file as URL in FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)!
        where file.pathExtension == "swift" && !file.path.contains("/Console/") {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let owner = String(text[Range(match.range(at: 1), in: text)!])
                let method = String(text[Range(match.range(at: 2), in: text)!]).uppercased()
                var path = String(text[Range(match.range(at: 3), in: text)!])
                if path.hasPrefix("sta/") { continue }  // SensorThings has its own landing page and conformance.
                path = path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
                found.insert("\(method) /\(owner == "group" ? "api/v1/" : "")\(path)")
            }
        }
        return found
    }

    @Test func documentListsExactlyTheRoutes() async throws {
        try await withApp { client, _ in
            let document = try await Self.document(client)
            #expect(document["openapi"] as? String == "3.1.0")
            let documented = try Self.operations(document)
            let registered = try Self.registeredOperations()
            #expect(registered.count > 15)
            #expect(documented.subtracting(registered).isEmpty, "documented but not served: \(documented.subtracting(registered).sorted())")
            #expect(registered.subtracting(documented).isEmpty, "served but not documented: \(registered.subtracting(documented).sorted())")
        }
    }

    /// Every GET, called with sample values on imported data, answers a documented status; JSON answers hold the
    /// properties the schema requires; errors are problem documents.
    @Test func answersMatchTheDocument() async throws {
        try await withApp(prepare: { store in
            _ = try await Importer(store: store, batchSize: 50_000, strict: true, showProgress: false)
                .run(format: .prsa, files: [Fixture.path("PRSA_Data_Dongsi_2016.csv")])
            try await store.discardPendingRollupDays()
        }) { client, _ in
            let document = try await Self.document(client)
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
            let samples: [String: String] = [
                "code": "prsa-dongsi", "mn": "NOSUCHDEVICE", "parameter": "pm25", "from": "2016-03-01", "to": "2016-03-31", "site": "prsa-dongsi",
            ]
            var checked = 0
            for (path, methods) in paths.sorted(by: { $0.key < $1.key }) {
                guard let operation = methods["get"] as? [String: Any] else { continue }
                var uri = path
                for (name, value) in samples { uri = uri.replacingOccurrences(of: "{\(name)}", with: value) }
                let parameters = (operation["parameters"] as? [[String: Any]]) ?? []
                let required = parameters.filter { $0["in"] as? String == "query" && $0["required"] as? Bool == true }.compactMap {
                    $0["name"] as? String
                }
                var query = required.map { "\($0)=\(samples[$0] ?? "x")" }
                if path.hasSuffix("/evaluation/air") { query.append("site=prsa-dongsi") }
                if path.hasSuffix("/observations") || path.hasSuffix("/rollups") || path.hasSuffix("/aqi") {
                    query.removeAll { $0.hasPrefix("from=") || $0.hasPrefix("to=") }
                }
                if !query.isEmpty { uri += "?" + query.joined(separator: "&") }
                let responses = try #require(operation["responses"] as? [String: Any])
                try await client.execute(uri: uri, method: .get) { response in
                    let status = String(response.status.code)
                    #expect(responses[status] != nil, "\(uri) answered \(status), not in the document: \(response.text.prefix(200))")
                    guard response.headers[.contentType]?.contains("json") == true else { return }
                    let body = try response.json()
                    // The schema of the media type answered (application/json, or problem+json for errors).
                    let content = (responses[status] as? [String: Any])?["content"] as? [String: [String: Any]]
                    let mediaType = response.headers[.contentType]?.split(separator: ";").first.map(String.init) ?? ""
                    var schema = (content?[mediaType] ?? content?["application/json"])?["schema"] as? [String: Any]
                    if let reference = schema?["$ref"] as? String { schema = schemas[String(reference.split(separator: "/").last!)] }
                    for property in (schema?["required"] as? [String]) ?? [] {
                        #expect(body[property] != nil, "\(uri): '\(property)' missing from the answer")
                    }
                }
                checked += 1
            }
            #expect(checked >= 15)
        }
    }

    /// Statuses the document lists that a router test cannot produce, each with where it is checked instead.
    static let producedElsewhere: [String: String] = [
        "POST /api/v1/devices/{mn}/commands 201": "needs a connected logger: GatewayControlTests.historyRequestIsAnsweredAndItsDataStored",
        "GET /api/v1/devices/{mn}/commands/{qn} 200": "needs a sent request: GatewayControlTests (commands/{qn}?wait=10)",
        "GET /healthz 503": "needs a database that stopped answering; SystemController.health",
        "GET /api/v1/plan/report 503": "needs a server without chromium (PlanReportPDF.render)",
        "GET /api/v1/sites/{code}/permit 400": "an air site's code (not_an_outlet): AlarmAPITests.permitsThroughTheAPI",
        "GET /api/v1/sites/{code}/permit/history 400": "an air site's code (not_an_outlet): AlarmAPITests.permitsThroughTheAPI",
    ]

    /// Every status of every operation, both ways: each documented status is produced by some request here (or
    /// listed in `producedElsewhere`), and every answer's status is documented. Requests: the happy path, a
    /// wrong token, a reader's token, unknown codes, bad parameters and bodies, an oversized body, and a
    /// second anonymous request over a rate of one a second.
    @Test func everyDocumentedStatusIsAnswered() async throws {
        var config = AppConfig(dataDirectory: Fixture.temporaryDirectory(), writeToken: "openapi-city-token-0123456789")
        config.rateLimit = 1
        config.rateBurst = 1
        config.tokenRateLimit = 0
        config.limits.maximumBodyBytes = 4_096
        try await withApp(
            config: config,
            prepare: { store in
                _ = try await Importer(store: store, batchSize: 50_000, strict: true, showProgress: false)
                    .run(format: .prsa, files: [Fixture.path("PRSA_Data_Dongsi_2016.csv")])
                try await store.discardPendingRollupDays()
                try await store.addDevices([Device(mn: "MN-DOC", siteCode: "2195A", password: "pw")])
                // Alarm 1, on an outlet of the profile.
                _ = try await store.record(
                    [
                        .found(
                            AlarmFinding(
                                siteCode: "E01-G1", type: .exceedance, check: "hour_limit", parameterCode: "a21026", severity: .major,
                                summary: "SO2 600", evidence: AlarmEvidence(from: .now, to: .now, rule: "≤ 550")), hour: .now)
                    ], at: .now, notification: { _, _ in "{}" })
            }
        ) { client, store in
            let reader = try await TokenIssuer.create(store: store, role: .reader, scope: nil, name: "doc reader", now: .now).text
            let administrator = try await TokenIssuer.create(store: store, role: .admin, scope: nil, name: "doc admin", now: .now).text
            let document = try await Self.document(client)
            let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
            let city = "Bearer openapi-city-token-0123456789"
            let good: [String: String] = [
                "code": "prsa-dongsi", "mn": "MN-DOC", "qn": "1", "parameter": "pm25", "from": "2016-03-01", "to": "2016-03-31",
                "site": "prsa-dongsi", "region": "150800", "period": "day", "id": "1",
            ]
            let bodies: [String: String] = [
                "POST /api/v1/sites/{code}/observations": #"{"parameter": "pm25", "items": [{"time": "2016-12-31T23:00:00+08:00", "value": 9}]}"#,
                "PUT /api/v1/devices/{mn}": #"{"mode": "active"}"#,
                "POST /api/v1/devices/{mn}/commands": #"{"cn": "1012"}"#,
                "POST /api/v1/alarms/{id}/assign": #"{"assignee": "王工"}"#,
                "POST /api/v1/alarms/{id}/comments": #"{"text": "已通知企业"}"#,
                "POST /api/v1/plan/indicators/{id}/entries": #"{"year": 2021, "value": 85.2, "source": "测试"}"#,
                "POST /api/v1/plan/dust-days": #"{"day": "2016-03-05", "note": "沙尘"}"#,
                "POST /api/v1/plan/targets/{id}/results": #"{"met": false, "note": "未按期完成"}"#,
                "PUT /api/v1/sites/{code}/permit":
                    #"{"limits": [{"parameter": "a21026", "limit": 550, "unit": "mg/m³", "averaging": "hour", "standard": "GB 16297-1996"}]}"#,
            ]
            var produced: [String: Set<Int>] = [:]
            var undocumented: [String] = []
            for (path, methods) in paths.sorted(by: { $0.key < $1.key }) {
                for (method, operation) in methods.sorted(by: { $0.key < $1.key }) {
                    let name = "\(method.uppercased()) \(path)"
                    let documented = Set(((operation["responses"] as? [String: Any]) ?? [:]).keys.compactMap(Int.init))
                    let parameters = (operation["parameters"] as? [[String: Any]]) ?? []
                    let queryNames = parameters.filter { $0["in"] as? String == "query" }.compactMap { $0["name"] as? String }
                    let required = parameters.filter { $0["in"] as? String == "query" && $0["required"] as? Bool == true }.compactMap {
                        $0["name"] as? String
                    }
                    func uri(_ values: [String: String], query: [String]) -> String {
                        var values = values
                        // A permit belongs to an outlet.
                        if path.contains("/permit"), values["code"] == good["code"] { values["code"] = "E01-G1" }
                        // The plan's further targets are numbered T001 ….
                        if path.contains("/plan/targets/"), values["id"] == good["id"] { values["id"] = "T001" }
                        var target = path
                        for (key, value) in values { target = target.replacingOccurrences(of: "{\(key)}", with: value) }
                        return query.isEmpty ? target : target + "?" + query.joined(separator: "&")
                    }
                    // Unknown to this operation: a PUT of a device creates what it names, so each operation has its own.
                    let unknown = good.mapValues { _ in "NO-SUCH-\(abs(name.hashValue) % 100_000)" }
                    // The evaluations name what they evaluate: a site (air) or a region (water).
                    func query(_ values: [String: String]) -> [String] {
                        let scope =
                            path.hasSuffix("/evaluation/air")
                            ? ["site=\(values["site"]!)"]
                            : path.hasSuffix("/evaluation/water") ? ["region=\(values["region"]!)"] : []
                        return required.map { "\($0)=\(good[$0] ?? "x")" } + scope
                    }
                    let goodQuery = query(good)
                    let badQuery = queryNames.map { "\($0)=%00bad" }
                    let body = bodies[name]
                    // The audit log is the administrator's; everything else the city token reaches.
                    let city = path.hasPrefix("/api/v1/audit") ? "Bearer \(administrator)" : city
                    var attempts: [(uri: String, headers: HTTPFields, body: String?)] = [
                        (uri(good, query: goodQuery), [.authorization: city], body),
                        (uri(good, query: goodQuery), [.authorization: "Bearer qs_00000000_wrong"], body),
                        (uri(good, query: goodQuery), [.authorization: "Bearer \(reader)"], body),
                        (uri(unknown, query: query(unknown)), [.authorization: city], body),
                        (uri(good, query: badQuery), [.authorization: city], body),
                    ]
                    if body != nil {
                        attempts.append((uri(good, query: goodQuery), [.authorization: city], "{"))
                        attempts.append((uri(good, query: goodQuery), [.authorization: city], String(repeating: " ", count: 5_000)))
                    }
                    // Anonymous, and anonymous again right after a cheap anonymous request has taken the one token a
                    // second: that one is over the rate whatever the time the operation's first answer took.
                    attempts.append((uri(good, query: goodQuery), [:], body))
                    attempts.append((uri(good, query: goodQuery), [:], body))
                    for (index, attempt) in attempts.enumerated() {
                        var headers = attempt.headers
                        headers[.contentType] = "application/json"
                        if index == attempts.count - 1 { _ = try await client.execute(uri: "/api/v1/regions", method: .get) { $0.status } }
                        let status = try await client.execute(
                            uri: attempt.uri, method: HTTPRequest.Method(rawValue: method.uppercased())!, headers: headers,
                            body: attempt.body.map { ByteBuffer(string: $0) }
                        ) { Int($0.status.code) }
                        produced[name, default: []].insert(status)
                        if !documented.contains(status) { undocumented.append("\(name) answered \(status) to \(attempt.uri)") }
                    }
                    for status in documented.sorted() where !(produced[name]?.contains(status) ?? false) {
                        #expect(
                            Self.producedElsewhere["\(name) \(status)"] != nil,
                            "\(name) documents \(status), which no request produced (\(produced[name]?.sorted() ?? []); \(attempts.map(\.uri)))")
                    }
                }
            }
            #expect(undocumented.isEmpty, "answers the document does not list: \(undocumented)")
        }
    }

    @Test func sitesAsGeoJSON() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/api/v1/sites?kind=air&format=geojson", method: .get) { response in
                #expect(response.headers[.contentType] == "application/geo+json")
                let collection = try response.json()
                #expect(collection["type"] as? String == "FeatureCollection")
                let features = try #require(collection["features"] as? [[String: Any]])
                let codes = features.compactMap { ($0["properties"] as? [String: Any])?["code"] as? String }
                #expect(codes.contains("2195A"))
                let geometry = features.first { ($0["properties"] as? [String: Any])?["code"] as? String == "2195A" }?["geometry"] as? [String: Any]
                #expect(geometry?["coordinates"] as? [Double] == [107.4212, 40.761])
            }
            try await client.execute(uri: "/api/v1/sites?format=kml", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}
