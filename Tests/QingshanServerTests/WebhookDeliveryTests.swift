import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import QingshanCore
import Synchronization
import Testing

@testable import QingshanServer

/// The real `qingshan serve` with a webhook whose receiver is down: alarms raised and cleared, the server
/// restarted, more alarms and an acknowledgement; when the receiver comes up it gets every notification, in
/// the order they happened, each once, signed.
@Suite(.serialized) struct WebhookDeliveryTests {
    /// What a receiver got: delivery id, body, timestamp and signature headers.
    final class Received: Sendable {
        struct Delivery: Sendable {
            var delivery: String
            var body: String
            var timestamp: String
            var signature: String
        }
        let deliveries = Mutex<[Delivery]>([])
    }

    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    /// A receiver on `port` until the task is cancelled.
    static func receive(on port: Int, into received: Received) async throws {
        let router = Router()
        router.post("hook") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            received.deliveries.withLock {
                $0.append(
                    .init(
                        delivery: request.headers[HTTPField.Name("X-Qingshan-Delivery")!] ?? "", body: String(buffer: body),
                        timestamp: request.headers[HTTPField.Name("X-Qingshan-Timestamp")!] ?? "",
                        signature: request.headers[HTTPField.Name("X-Qingshan-Signature")!] ?? ""))
            }
            return .ok
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: Logger(label: "receiver"))
        try await app.runService(gracefulShutdownSignals: [])
    }

    static func post(_ port: String, _ path: String, _ body: String?, token: String) async throws -> Int {
        try await HTTP.request(
            "http://127.0.0.1:\(port)\(path)", method: "POST", body: body,
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        ).status
    }

    /// Waits until `condition` holds for the alarms the API lists (the engine runs every two seconds).
    static func waitForAlarms(_ port: String, token: String, _ condition: ([[String: Any]]) -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let answer = try await HTTP.request(
                "http://127.0.0.1:\(port)/api/v1/alarms", method: "GET", body: nil, headers: ["Authorization": "Bearer \(token)"])
            let items = (try? JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])?["items"] as? [[String: Any]] ?? []
            if condition(items) { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw TestFailure("the alarms never reached the expected state")
    }

    static func hours(_ from: Int, _ values: [Double]) -> String {
        let items = values.enumerated().map { #"{"time": "2026-03-02T\#(String(format: "%02d", from + $0)):00:00+08:00", "value": \#($1)}"# }
        return #"{"parameter": "a21026", "interval": "hour", "items": [\#(items.joined(separator: ", "))]}"#
    }

    @Test func everyNotificationArrivesOnceInOrderAfterDowntimeAndRestart() async throws {
        let port = try await Self.freePort()
        let directory = Fixture.temporaryDirectory()
        let token = "webhook-test-city-token-0123456789"
        let secret = "webhook-test-secret-0123456789"
        let environment = [
            "QINGSHAN_ALARMS_WEBHOOK_URL": "http://127.0.0.1:\(port)/hook", "QINGSHAN_ALARMS_WEBHOOK_SECRET": secret,
            "QINGSHAN_API_WRITE_TOKEN": token,
        ]
        let arguments = ["serve", "--http", "127.0.0.1:0", "--hj212", "127.0.0.1:0"]
        // The receiver is down: an exceedance at 10:00, cleared at 11:00.
        let first = try RunningProcess(arguments, environment: environment, directory: directory)
        var http = try await first.waitFor(#"HTTP listening on 127\.0\.0\.1:(\d+)"#)
        #expect(try await Self.post(http, "/api/v1/sites/E07-G1/observations", Self.hours(10, [600, 400]), token: token) == 201)
        try await Self.waitForAlarms(http, token: token) { $0.first?["status"] as? String == "cleared" }
        first.signal(SIGTERM)
        #expect(try await first.exitStatus(timeout: .seconds(15)) == 0)
        #expect(first.text.contains("webhook unreachable; retrying"))
        // Restarted, still without a receiver: a second exceedance and clearance, then the first is acknowledged.
        let second = try RunningProcess(arguments, environment: environment, directory: directory)
        http = try await second.waitFor(#"HTTP listening on 127\.0\.0\.1:(\d+)"#)
        #expect(try await Self.post(http, "/api/v1/sites/E07-G1/observations", Self.hours(13, [700, 300]), token: token) == 201)
        try await Self.waitForAlarms(http, token: token) { items in items.count == 2 && items.allSatisfy { $0["status"] as? String == "cleared" } }
        #expect(try await Self.post(http, "/api/v1/alarms/1/ack", nil, token: token) == 200)
        // The receiver comes up.
        let received = Received()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await Self.receive(on: port, into: received) }
            let deadline = ContinuousClock.now + .seconds(60)
            while received.deliveries.withLock({ $0.count }) < 5, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
            }
            // Nothing more comes, nothing twice.
            try await Task.sleep(for: .seconds(3))
            group.cancelAll()
        }
        second.signal(SIGTERM)
        #expect(try await second.exitStatus(timeout: .seconds(15)) == 0)
        let deliveries = received.deliveries.withLock { $0 }
        let ids = deliveries.compactMap { delivery in
            (try? JSONSerialization.jsonObject(with: Data(delivery.body.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids == ["1-1", "1-2", "2-1", "2-2", "1-3"])
        let outboxIDs = deliveries.compactMap { Int($0.delivery) }
        #expect(outboxIDs == outboxIDs.sorted() && Set(outboxIDs).count == 5)
        for delivery in deliveries {
            #expect(delivery.signature == WebhookSender.signature(secret: secret, timestamp: delivery.timestamp, body: delivery.body))
        }
    }
}
