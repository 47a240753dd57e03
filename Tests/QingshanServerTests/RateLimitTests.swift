import Foundation
import Hummingbird
import HummingbirdTesting
import QingshanServer
import Testing

@Suite struct RateLimitTests {
    /// A client may burst, then gets 429 with Retry-After; monitoring is never limited; other clients are not
    /// held back by it.
    @Test func overTheLimitIsTooManyRequests() async throws {
        var config = AppConfig(dataDirectory: Fixture.temporaryDirectory(), writeToken: "rate-limit-token-0123456789")
        config.rateLimit = 1
        config.rateBurst = 3
        try await withApp(config: config) { client, _ in
            for _ in 0..<3 {
                try await client.execute(uri: "/api/v1/regions", method: .get) { response in #expect(response.status == .ok) }
            }
            try await client.execute(uri: "/sta/v1.1/Things", method: .get) { response in
                #expect(response.status == .tooManyRequests)
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
                let problem = try response.json()
                #expect(problem["code"] as? String == "rate_limited")
            }
            try await client.execute(uri: "/healthz", method: .get) { response in #expect(response.status == .ok) }
            // A client with a token has its own bucket.
            try await client.execute(uri: "/api/v1/regions", method: .get, headers: [.authorization: "Bearer rate-limit-token-0123456789"]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func configurationReadsTheLimits() async throws {
        let off = try await AppConfig.load(file: nil, environment: ["QINGSHAN_API_RATE_LIMIT": "0"])
        #expect(off.rateLimit == 0)
        let standard = try await AppConfig.load(file: nil, environment: [:])
        #expect(standard.rateLimit == 50)
        #expect(standard.rateBurst == 200)
        await #expect(throws: ConfigurationError.self) { try await AppConfig.load(file: nil, environment: ["QINGSHAN_API_RATE_LIMIT": "-1"]) }
        await #expect(throws: ConfigurationError.self) { try await AppConfig.load(file: nil, environment: ["QINGSHAN_API_RATE_BURST": "0"]) }
    }
}
