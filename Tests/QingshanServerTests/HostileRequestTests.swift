import Foundation
import Hummingbird
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import QingshanCore
import QingshanStore
import QingshanTestSupport
import Testing

@testable import QingshanServer
@testable import QingshanTools

/// Each request of the outside probe that crashed or exhausted the server, through the real application on
/// PRSA Dongsi 2016: it now gets a problem document with a specific code, and the data it reaches are right.
@Suite(.serialized) struct HostileRequestTests {
    static let pm25 = "prsa-dongsi:a34004:hour"

    static func prepare(_ store: SQLStore) async throws {
        _ = try await Importer(store: store, batchSize: 50_000, strict: true, showProgress: false)
            .run(format: .prsa, files: [Fixture.path("PRSA_Data_Dongsi_2016.csv")])
        try await store.discardPendingRollupDays()
    }

    static func config(_ change: (inout AppConfig) -> Void = { _ in }) -> AppConfig {
        var config = AppConfig(dataDirectory: Fixture.temporaryDirectory(), writeToken: "hostile-tests-city-token-01")
        config.rateLimit = 0
        config.tokenRateLimit = 0
        change(&config)
        return config
    }

    /// The same on a new database of `engine`: the sorts and skips are SQL, and each engine has its own.
    static func config(_ engine: TestEngine, _ change: (inout AppConfig) -> Void = { _ in }) async throws -> AppConfig {
        var config = config(change)
        config.database = try await engine.config().database
        return config
    }

    static let city: HTTPFields = [.authorization: "Bearer hostile-tests-city-token-01", .contentType: "application/json"]

    /// Status and problem code (nil for a body that is not a problem document).
    static func outcome(
        _ client: any TestClientProtocol, _ uri: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:], body: String? = nil
    ) async throws -> (status: Int, code: String?, headers: HTTPFields, text: String) {
        try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            let object = try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            return (Int(response.status.code), object?["code"] as? String, response.headers, response.text)
        }
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    /// The crash inputs exactly as reported: 20,000 nested parentheses (a 40 KB URL) and 60,000 unary minus
    /// signs. Within the default URL limit they are refused as too long; with the limit raised past them they
    /// reach the parser, which refuses them as too deep. Either way the server answers.
    @Test func crashInputsGetProblemDocuments() async throws {
        let parentheses = String(repeating: "(", count: 20_000) + "id eq 1" + String(repeating: ")", count: 20_000)
        let minus = "result eq " + String(repeating: "-", count: 60_000) + "1"
        try await withApp(config: Self.config()) { client, _ in
            let deep = try await Self.outcome(client, "/sta/v1.1/Things?$filter=" + parentheses)
            #expect(deep.status == 414 && deep.code == "uri_too_long")
        }
        try await withApp(config: Self.config { $0.limits.maximumURLBytes = 1 << 20 }) { client, _ in
            let deep = try await Self.outcome(client, "/sta/v1.1/Things?$filter=" + parentheses)
            #expect(deep.status == 400 && deep.code == "filter_too_deep", "\(deep.text.prefix(300))")
            let negated = try await Self.outcome(client, "/sta/v1.1/Observations?$filter=" + Self.encode(minus))
            #expect(negated.status == 400 && negated.code == "filter_too_deep")
            let ok = try await Self.outcome(client, "/healthz")
            #expect(ok.status == 200)
        }
    }

    /// `$skip=9223372036854775807&$top=1` trapped on `skip + top + 1`; under a Datastream and with `$orderby` too.
    @Test(arguments: [
        "/sta/v1.1/Observations?$skip=9223372036854775807&$top=1",
        "/sta/v1.1/Datastreams('prsa-dongsi:a34004:hour')/Observations?$skip=9223372036854775807&$top=1",
        "/sta/v1.1/Observations?$skip=9223372036854775807&$top=1&$orderby=result",
    ])
    func hugeSkipIsRefused(uri: String) async throws {
        try await withApp(config: Self.config()) { client, _ in
            let answer = try await Self.outcome(client, uri.replacingOccurrences(of: "'", with: "%27"))
            #expect(answer.status == 400 && answer.code == "skip_too_large")
        }
    }

    /// `$orderby=result desc&$top=1` over every series read all 343k rows into memory; now each series gives
    /// its largest rows from the database, and the answer is the true maximum.
    @Test(arguments: TestEngine.selected)
    func sortByResultReadsOnlyTheTop(engine: TestEngine) async throws {
        try await withApp(config: try await Self.config(engine) { $0.limits.maximumRowsPerRequest = 2_000 }, prepare: Self.prepare) { client, store in
            var largest: Observation?
            for key in try await store.series() {
                for item in try await store.observations(
                    ObservationQuery(
                        siteCode: key.siteCode, parameterCode: key.parameterCode, interval: key.interval)
                ).items
                where largest.map({ item.value > $0.value }) ?? true {
                    largest = item
                }
            }
            let top = try await Self.outcome(client, "/sta/v1.1/Observations?$orderby=" + Self.encode("result desc") + "&$top=1")
            #expect(top.status == 200, "\(top.text.prefix(300))")
            let object = try JSONSerialization.jsonObject(with: Data(top.text.utf8)) as? [String: Any]
            let first = (object?["value"] as? [[String: Any]])?.first
            #expect(first?["result"] as? Double == largest?.value)
            // A sort the database cannot do reads rows here, and the budget stops it with advice.
            let costly = try await Self.outcome(client, "/sta/v1.1/Observations?$orderby=" + Self.encode("result mul 2 desc") + "&$top=1")
            #expect(costly.status == 400 && costly.code == "query_too_costly")
            #expect(costly.text.contains("phenomenonTime"))
            // So does a filter that must be evaluated on every row of every series.
            let scan = try await Self.outcome(client, "/sta/v1.1/Observations?$filter=" + Self.encode("result mul 1 eq -12345"))
            #expect(scan.status == 400 && scan.code == "query_too_costly")
        }
    }

    /// `$skip` is passed over by the database: page 5,001 of a series is its 5,001st row, and `$top=0` asks for
    /// the count alone without a next link that would repeat the request for ever.
    @Test(arguments: TestEngine.selected)
    func skipAndTopZero(engine: TestEngine) async throws {
        try await withApp(config: try await Self.config(engine) { $0.limits.maximumRowsPerRequest = 1_000 }, prepare: Self.prepare) { client, store in
            let rows = try await store.observations(ObservationQuery(siteCode: "prsa-dongsi", parameterCode: "a34004", interval: .hour)).items
            let page = try await Self.outcome(client, "/sta/v1.1/Datastreams(%27\(Self.pm25)%27)/Observations?$skip=5000&$top=2")
            #expect(page.status == 200, "\(page.text.prefix(300))")
            let object = try JSONSerialization.jsonObject(with: Data(page.text.utf8)) as? [String: Any]
            let results = (object?["value"] as? [[String: Any]])?.compactMap { $0["result"] as? Double }
            #expect(results == [rows[5000].value, rows[5001].value])
            let counted = try await Self.outcome(client, "/sta/v1.1/Datastreams(%27\(Self.pm25)%27)/Observations?$top=0&$count=true")
            let countObject = try JSONSerialization.jsonObject(with: Data(counted.text.utf8)) as? [String: Any]
            #expect(countObject?["@iot.count"] as? Int == rows.count)
            #expect(countObject?["@iot.nextLink"] == nil)
            #expect((countObject?["value"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func nestedExpansionIsRefused() async throws {
        let expand = String(repeating: "Datastreams($expand=", count: 1_499) + "Datastreams" + String(repeating: ")", count: 1_499)
        try await withApp(config: Self.config { $0.limits.maximumURLBytes = 1 << 20 }) { client, _ in
            let answer = try await Self.outcome(client, "/sta/v1.1/Things?$expand=" + Self.encode(expand))
            #expect(answer.status == 400 && answer.code == "expand_too_deep")
        }
    }

    /// Links start with `api.public_url`, never with the request's Host header.
    @Test func linksUseTheConfiguredAddress() async throws {
        try await withApp(config: Self.config { $0.publicURL = "https://data.example.gov.cn" }) { client, _ in
            let answer = try await Self.outcome(client, "/sta/v1.1/Things?$top=1")
            #expect(answer.text.contains("https://data.example.gov.cn/sta/v1.1/Things"))
            #expect(!answer.text.contains("evil.example.com"))
        }
    }

    @Test func methodsAndSizes() async throws {
        try await withApp(config: Self.config { $0.limits.maximumBodyBytes = 1_000 }) { client, _ in
            let wrongMethod = try await Self.outcome(client, "/api/v1/sites", method: .delete)
            #expect(wrongMethod.status == 405 && wrongMethod.code == "method_not_allowed")
            #expect(wrongMethod.headers[.allow] == "GET")
            let staPut = try await Self.outcome(client, "/sta/v1.1/Things", method: .put)
            #expect(staPut.status == 405 && staPut.headers[.allow]?.contains("POST") == true)
            let unknown = try await Self.outcome(client, "/api/v1/nothing-here", method: .delete)
            #expect(unknown.status == 404)
            let long = try await Self.outcome(client, "/api/v1/sites?kind=" + String(repeating: "a", count: 9_000))
            #expect(long.status == 414 && long.code == "uri_too_long")
            let big = String(repeating: " ", count: 1_001)
            for uri in ["/sta/v1.1/Observations", "/api/v1/sites/2195A/observations", "/sta/v1.1/CreateObservations"] {
                let answer = try await Self.outcome(client, uri, method: .post, headers: Self.city, body: big)
                #expect(answer.status == 413 && answer.code == "body_too_large", "\(uri): \(answer.text)")
            }
        }
    }

    /// Data dated beyond the window are refused and nothing is stored (before: 9999-12-31 was accepted and
    /// became the site's latest value).
    @Test func futureDataAreRefused() async throws {
        try await withApp(config: Self.config()) { client, store in
            let rest = try await Self.outcome(
                client, "/api/v1/sites/2195A/observations", method: .post, headers: Self.city,
                body: #"{"parameter": "a34004", "items": [{"time": "9999-12-31T23:00:00+08:00", "value": 10}]}"#)
            #expect(rest.status == 400 && rest.code == "time_in_future", "\(rest.text)")
            let sta = try await Self.outcome(
                client, "/sta/v1.1/Observations", method: .post, headers: Self.city,
                body: #"{"phenomenonTime": "2099-12-31T23:59:00+08:00", "result": 10, "Datastream": {"@iot.id": "2195A:a34004:hour"}}"#)
            #expect(sta.status == 400 && sta.code == "time_in_future", "\(sta.text)")
            #expect(try await store.latest(siteCode: "2195A").isEmpty)
            let now = RFC3339.format(Timestamp(millisecondsSinceEpoch: Date.now.timeIntervalSince1970.milliseconds / 3_600_000 * 3_600_000))
            let current = try await Self.outcome(
                client, "/api/v1/sites/2195A/observations", method: .post, headers: Self.city,
                body: #"{"parameter": "a34004", "items": [{"time": "\#(now)", "value": 10}]}"#)
            #expect(current.status == 201, "\(current.text)")
        }
    }

    /// A CSV export is streamed in chunks and holds every row, in order, as the JSON pages do.
    @Test(arguments: TestEngine.selected)
    func csvExportIsCompleteAcrossChunks(engine: TestEngine) async throws {
        try await withApp(config: try await Self.config(engine), prepare: Self.prepare) { client, store in
            let rows = try await store.observations(ObservationQuery(siteCode: "prsa-dongsi", parameterCode: "a34004", interval: .hour)).items
            #expect(rows.count > SitesController<AppRequestContext>.csvChunk)
            let csv = try await Self.outcome(client, "/api/v1/sites/prsa-dongsi/observations?parameter=pm25&format=csv")
            let lines = csv.text.split(separator: "\n")
            #expect(lines.first == "time,value,flag")
            #expect(lines.count == rows.count + 1)
            #expect(lines.dropFirst().map { String($0.split(separator: ",")[0]) } == rows.map { RFC3339.format($0.periodStart) })
        }
    }
}

extension TimeInterval {
    fileprivate var milliseconds: Int64 { Int64(self * 1000) }
}
