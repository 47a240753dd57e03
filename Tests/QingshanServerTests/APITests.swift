import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import QingshanCore
import QingshanStore
import QingshanTestSupport
import Testing

@testable import QingshanServer

@Suite struct APITests {
    static func seed(_ store: SQLStore) async throws {
        let start = CivilDateTime(year: 2024, month: 1, day: 1).timestamp
        var values: [Observation] = []
        for hour in 0..<30 where hour != 3 {
            let periodStart = start.adding(milliseconds: Int64(hour) * Timestamp.millisecondsPerHour)
            values.append(
                Observation(
                    siteCode: "2195A", parameterCode: "a34004", interval: .hour, periodStart: periodStart,
                    value: Double(hour) + 0.5, flag: hour == 7 ? "M" : "N", source: "test"))
        }
        _ = try await store.write(values)
    }

    /// `/metrics` names every logger: only for this machine's scrapers or a token that sees every site. The test
    /// client has no address, like a remote one.
    @Test func healthAndMetrics() async throws {
        let config = AppConfig(dataDirectory: Fixture.temporaryDirectory(), writeToken: "metrics-scraper-token-0123")
        try await withApp(config: config) { client, _ in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text == #"{"status":"ok"}"#)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .forbidden)
                #expect(response.text.contains(#""code":"metrics_forbidden""#))
            }
            try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "bearer metrics-scraper-token-0123"]) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains(#"qingshan_build_info{version="0.1.0"} 1"#))
                #expect(response.text.contains("qingshan_observations_stored 0"))
            }
        }
    }

    @Test func listsTheBayannurProfile() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/api/v1/sites?kind=air", method: .get) { response in
                let items = try #require(try response.json()["items"] as? [[String: Any]])
                #expect(items.compactMap { $0["code"] as? String } == ["2195A", "2196A"])
                #expect(items.first?["name"] as? String == "附二中")
                #expect(items.first?["longitude"] as? Double == 107.4212)
            }
            try await client.execute(uri: "/api/v1/sites?region=150823", method: .get) { response in
                let codes = try #require(try response.json()["items"] as? [[String: Any]]).compactMap { $0["code"] as? String }
                #expect(codes.contains("WLSH-HX"))
                #expect(codes.contains("HH-CJ"))
                #expect(!codes.contains("2195A"))
            }
            try await client.execute(uri: "/api/v1/regions", method: .get) { response in
                let items = try #require(try response.json()["items"] as? [[String: Any]])
                #expect(items.filter { $0["parent"] as? String == "150800" }.count == 7)
            }
            try await client.execute(uri: "/api/v1/sites/WLSH-HX", method: .get) { response in
                let site = try response.json()
                #expect(site["kind"] as? String == "surface_water")
                #expect(site["locationApproximate"] as? Bool == true)
                #expect((site["attributes"] as? [String: String])?["baseline_tli_2020"] == "48.44")
            }
        }
    }

    @Test(arguments: [
        ("/api/v1/sites/NOPE", HTTPResponse.Status.notFound, "site_not_found"),
        ("/api/v1/sites?kind=volcano", .badRequest, "invalid_kind"),
        ("/api/v1/sites/2195A/observations", .badRequest, "missing_parameter"),
        ("/api/v1/sites/2195A/observations?parameter=zz", .badRequest, "unknown_parameter"),
        ("/api/v1/sites/2195A/observations?parameter=pm25&interval=week", .badRequest, "invalid_interval"),
        ("/api/v1/sites/2195A/observations?parameter=pm25&from=yesterday", .badRequest, "invalid_time"),
        ("/api/v1/sites/2195A/observations?parameter=pm25&from=2024-01-02T00:00:00Z&to=2024-01-01T00:00:00Z", .badRequest, "invalid_range"),
        ("/api/v1/sites/2195A/observations?parameter=pm25&limit=0", .badRequest, "invalid_limit"),
        ("/api/v1/sites/2195A/observations?parameter=pm25&limit=many", .badRequest, "invalid_limit"),
        ("/api/v1/sites/2195A/observations?parameter=pm25&limit=10001", .badRequest, "invalid_limit"),
        ("/api/v1/sites/2195A/observations?parameter=pm25&cursor=abc", .badRequest, "invalid_cursor"),
        ("/api/v1/sites/2195A/observations?parameter=pm25&format=xml", .badRequest, "invalid_format"),
        ("/api/v1/nothing-here", .notFound, "not_found"),
    ])
    func errorsAreProblemDocuments(uri: String, status: HTTPResponse.Status, code: String) async throws {
        try await withApp { client, _ in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == status)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                let problem = try response.json()
                #expect(problem["code"] as? String == code)
                #expect(problem["status"] as? Int == Int(status.code))
                #expect((problem["detail"] as? String)?.isEmpty == false)
            }
        }
    }

    @Test(arguments: TestEngine.selected)
    func pagesObservationsWithACursor(engine: TestEngine) async throws {
        try await withApp(config: try await engine.config(), prepare: Self.seed) { client, _ in
            var uri =
                "/api/v1/sites/2195A/observations?parameter=pm25&interval=hour&from=2024-01-01T00:00:00%2B08:00&to=2024-01-02T00:00:00%2B08:00&limit=10"
            var times: [String] = []
            var values: [Double] = []
            var pages = 0
            while true {
                let next: String? = try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    let page = try response.json()
                    #expect(page["site"] as? String == "2195A")
                    #expect(page["parameter"] as? String == "a34004")
                    #expect(page["interval"] as? String == "hour")
                    #expect(page.keys.contains("next"))
                    for item in try #require(page["items"] as? [[String: Any]]) {
                        times.append(try #require(item["time"] as? String))
                        values.append(try #require(item["value"] as? Double))
                    }
                    return page["next"] as? String
                }
                pages += 1
                guard let next else { break }
                uri =
                    "/api/v1/sites/2195A/observations?parameter=a34004&from=2024-01-01T00:00:00%2B08:00&to=2024-01-02T00:00:00%2B08:00&limit=10&cursor=\(next)"
            }
            // 24 hours minus the missing hour 3; from inclusive, to exclusive.
            #expect(values.count == 23)
            #expect(pages == 3)
            #expect(times.first == "2024-01-01T00:00:00+08:00")
            #expect(times.last == "2024-01-01T23:00:00+08:00")
            #expect(!times.contains("2024-01-01T03:00:00+08:00"))
            #expect(values.first == 0.5)
        }
    }

    @Test func exportsCSV() async throws {
        try await withApp(prepare: Self.seed) { client, _ in
            try await client.execute(
                uri: "/api/v1/sites/2195A/observations?parameter=pm25&format=csv&from=2024-01-01T05:00:00%2B08:00&to=2024-01-01T08:00:00%2B08:00",
                method: .get
            ) { response in
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(
                    response.text
                        == "time,value,flag\n2024-01-01T05:00:00+08:00,5.5,N\n2024-01-01T06:00:00+08:00,6.5,N\n2024-01-01T07:00:00+08:00,7.5,M\n")
            }
            try await client.execute(
                uri: "/api/v1/sites/2195A/observations?parameter=pm25&to=2024-01-01T01:00:00%2B08:00", method: .get,
                headers: [.accept: "text/csv"]
            ) { response in
                #expect(response.text == "time,value,flag\n2024-01-01T00:00:00+08:00,0.5,N\n")
            }
        }
    }

    @Test func latestValues() async throws {
        try await withApp(prepare: Self.seed) { client, _ in
            try await client.execute(uri: "/api/v1/sites/2195A/latest", method: .get) { response in
                let items = try #require(try response.json()["items"] as? [[String: Any]])
                #expect(items.count == 1)
                #expect(items.first?["parameter"] as? String == "a34004")
                #expect(items.first?["time"] as? String == "2024-01-02T05:00:00+08:00")
                #expect(items.first?["value"] as? Double == 29.5)
                #expect(items.first?["unit"] as? String == "µg/m³")
            }
        }
    }
}

@Suite struct ObservationWriteTests {
    static let token = "test-token-0123456789"
    static func config() -> AppConfig {
        var config = AppConfig(dataDirectory: Fixture.temporaryDirectory())
        config.writeToken = token
        return config
    }

    static func post(_ client: any TestClientProtocol, _ body: String, token: String? = ObservationWriteTests.token, site: String = "2195A")
        async throws -> (HTTPResponse.Status, [String: Any])
    {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(
            uri: "/api/v1/sites/\(site)/observations", method: .post, headers: headers,
            body: ByteBuffer(string: body)
        ) { response in
            (response.status, try response.json())
        }
    }

    @Test func writesAreCommittedBeforeTheAnswer() async throws {
        try await withApp(config: Self.config()) { client, store in
            let body =
                #"{"parameter":"pm25","interval":"hour","items":[{"time":"2024-03-01T10:00:00+08:00","value":35},{"time":"2024-03-01T11:00:00+08:00","value":36,"flag":"M"}]}"#
            let (status, outcome) = try await Self.post(client, body)
            #expect(status == .created)
            #expect(outcome["inserted"] as? Int == 2)
            let count = try await store.observationCount()
            #expect(count == 2)
            let (again, repeated) = try await Self.post(client, body)
            #expect(again == .created)
            #expect(repeated["inserted"] as? Int == 0)
            #expect(repeated["alreadyPresent"] as? Int == 2)
            #expect(try await store.observationCount() == 2)
        }
    }

    @Test(arguments: [
        (#"{"parameter":"pm25","items":[{"time":"2024-03-01T10:00:00+08:00","value":35},{"time":"noon","value":1}]}"#, "invalid_items"),
        (#"{"parameter":"pm25","items":[{"time":"2024-03-01T10:00:00+08:00","value":-3}]}"#, "invalid_items"),
        (#"{"parameter":"pm25","items":[]}"#, "invalid_items"),
        (#"{"parameter":"nope","items":[{"time":"2024-03-01T10:00:00+08:00","value":1}]}"#, "unknown_parameter"),
        (#"{"parameter":"pm25","interval":"week","items":[{"time":"2024-03-01T10:00:00+08:00","value":1}]}"#, "invalid_interval"),
        (#"{"parameter":"pm25","items":[{"time":"2024-03-01T10:00:00+08:00","value":"high"}]}"#, "invalid_body"),
        (#"{"parameter":"pm25","#, "invalid_body"),
    ])
    func badBatchesStoreNothing(body: String, code: String) async throws {
        try await withApp(config: Self.config()) { client, store in
            let (status, problem) = try await Self.post(client, body)
            #expect(status == .badRequest)
            #expect(problem["code"] as? String == code)
            let count = try await store.observationCount()
            #expect(count == 0)
        }
    }

    @Test func writesNeedTheToken() async throws {
        try await withApp(config: Self.config()) { client, store in
            let body = #"{"parameter":"pm25","items":[{"time":"2024-03-01T10:00:00+08:00","value":1}]}"#
            let anonymous = try await Self.post(client, body, token: nil).0
            let wrong = try await Self.post(client, body, token: "wrong-token-0123456789").0
            let unknownSite = try await Self.post(client, body, site: "NOPE").0
            let count = try await store.observationCount()
            #expect(anonymous == .unauthorized)
            #expect(wrong == .unauthorized)
            #expect(unknownSite == .notFound)
            #expect(count == 0)
        }
        try await withApp { client, _ in
            // No token configured or issued: the one presented is unknown, and the answer says where tokens come from.
            let (status, problem) = try await Self.post(client, #"{"parameter":"pm25","items":[]}"#)
            #expect(status == .unauthorized)
            #expect(problem["code"] as? String == "unauthorized")
            #expect((problem["detail"] as? String)?.contains("qingshan token create") == true)
        }
    }
}
