import Foundation
import Hummingbird
import HummingbirdTesting
import QingshanStore
import Testing

@testable import QingshanServer
@testable import QingshanTools

@Suite struct RateLimitTests {
    /// A client may burst, then gets 429 with Retry-After; monitoring is never limited; other clients are not
    /// held back by it.
    @Test func overTheLimitIsTooManyRequests() async throws {
        var config = AppConfig(dataDirectory: Fixture.temporaryDirectory(), writeToken: "rate-limit-token-0123456789")
        config.rateLimit = 1
        config.tokenRateLimit = 1
        config.rateBurst = 3
        try await withApp(config: config) { client, _ in
            // Requests far faster than one a second: after the burst one is refused (a loaded machine may refill
            // a token or two meanwhile, so the test asks for a refusal within a few more).
            var refusal: (retryAfter: String?, code: String?)?
            for _ in 0..<20 where refusal == nil {
                try await client.execute(uri: "/sta/v1.1/Things", method: .get) { response in
                    guard response.status == .tooManyRequests else { return }
                    refusal = (response.headers[.retryAfter], try response.json()["code"] as? String)
                }
            }
            let refused = try #require(refusal)
            #expect(Int(refused.retryAfter ?? "") ?? 0 >= 1)
            #expect(refused.code == "rate_limited")
            try await client.execute(uri: "/healthz", method: .get) { response in #expect(response.status == .ok) }
            // A client with a token has its own bucket, which runs out in its turn.
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<20 where statuses.last != .tooManyRequests {
                try await client.execute(uri: "/api/v1/regions", method: .get, headers: [.authorization: "Bearer rate-limit-token-0123456789"]) {
                    response in
                    statuses.append(response.status)
                }
            }
            #expect(statuses.first == .ok)
            #expect(statuses.last == .tooManyRequests)
        }
    }

    /// The buckets themselves, on a clock the test holds.
    @Test func bucketsFillAtTheRate() {
        let limiter = RateLimiter(rate: 2, burst: 3)
        #expect((0..<3).map { _ in limiter.admit("a", now: 100) } == [nil, nil, nil])
        #expect(limiter.admit("a", now: 100) == 1)
        #expect(limiter.admit("b", now: 100) == nil)
        #expect(limiter.admit("a", now: 100.5) == nil)
        #expect(limiter.admit("a", now: 100.5) == 1)
        #expect((0..<3).map { _ in limiter.admit("a", now: 200) } == [nil, nil, nil])
    }

    @Test func configurationReadsTheLimits() async throws {
        let off = try await AppConfig.load(file: nil, environment: ["QINGSHAN_API_RATE_LIMIT": "0"])
        #expect(off.rateLimit == 0)
        let standard = try await AppConfig.load(file: nil, environment: [:])
        #expect(standard.rateLimit == 50)
        #expect(standard.rateBurst == 200)
        #expect(standard.tokenRateLimit == 200)
        await #expect(throws: ConfigurationError.self) { try await AppConfig.load(file: nil, environment: ["QINGSHAN_API_TOKEN_RATE_LIMIT": "many"]) }
        await #expect(throws: ConfigurationError.self) { try await AppConfig.load(file: nil, environment: ["QINGSHAN_API_RATE_LIMIT": "-1"]) }
        await #expect(throws: ConfigurationError.self) { try await AppConfig.load(file: nil, environment: ["QINGSHAN_API_RATE_BURST": "0"]) }
    }

    /// A debit for rows read takes the bucket below zero, at most by one burst; the client then waits for the
    /// rate to pay it.
    @Test func rowsReadAreDebited() {
        let limiter = RateLimiter(rate: 2, burst: 3)
        #expect(limiter.admit("a", now: 100) == nil)
        limiter.debit("a", units: 1.5, now: 100)
        #expect(limiter.admit("a", now: 100) == 1)
        limiter.debit("b", units: 100, now: 100)
        // -3 at most: two seconds at 2 a second pay three units and admit one more request.
        #expect(limiter.admit("b", now: 100) == 2)
        #expect(limiter.admit("b", now: 102) == nil)
    }

    /// A whole year as CSV (8,431 rows, 34 units) uses up the allowance that one-row pages do not.
    @Test func largeReadsCountAgainstTheLimit() async throws {
        var config = AppConfig(dataDirectory: Fixture.temporaryDirectory())
        config.rateLimit = 1
        config.rateBurst = 6
        try await withApp(
            config: config,
            prepare: { store in
                _ = try await Importer(store: store, batchSize: 50_000, strict: true, showProgress: false)
                    .run(format: .prsa, files: [Fixture.path("PRSA_Data_Dongsi_2016.csv")])
                try await store.discardPendingRollupDays()
            }
        ) { client, _ in
            for _ in 0..<3 {
                try await client.execute(uri: "/api/v1/sites/prsa-dongsi/observations?parameter=pm25&limit=1", method: .get) { response in
                    #expect(response.status == .ok)
                }
            }
            try await client.execute(uri: "/api/v1/sites/prsa-dongsi/observations?parameter=pm25&format=csv", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.split(separator: "\n").count == 8_432)  // 8,431 valid hours
            }
            try await client.execute(uri: "/api/v1/sites/prsa-dongsi/observations?parameter=pm25&limit=1", method: .get) { response in
                #expect(response.status == .tooManyRequests)
            }
        }
    }
}
