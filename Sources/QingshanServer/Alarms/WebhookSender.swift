import Crypto
import Foundation
public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
public import QingshanStore
public import ServiceLifecycle

/// Delivers the alarm outbox to one webhook, in the order it was written: each notification is POSTed as
/// JSON, signed with HMAC-SHA256, and retried with back-off until the receiver answers 2xx; only then does the
/// webhook's cursor (in the store) move past it. A receiver that is down, or a server restarted meanwhile,
/// loses nothing: the outbox and the cursor are in the database. A crash between a delivery and its cursor
/// write sends that one notification again, with the same `X-Qingshan-Delivery` id for the receiver to
/// recognise.
public struct WebhookSender: Service, Sendable {
    public struct Target: Sendable, Hashable {
        public var name: String
        public var url: WebhookURL
        public var secret: String

        public init(name: String, url: WebhookURL, secret: String) {
            self.name = name
            self.url = url
            self.secret = secret
        }
    }

    let target: Target
    let store: any PlatformStore
    let signal: OutboxSignal
    let logger: Logger
    /// The first retry's wait; each failure doubles it, up to `maximumBackoff`.
    let firstBackoff: Duration
    let maximumBackoff: Duration

    public init(
        target: Target, store: any PlatformStore, signal: OutboxSignal, logger: Logger, firstBackoff: Duration = .seconds(1),
        maximumBackoff: Duration = .seconds(300)
    ) {
        self.target = target
        self.store = store
        self.signal = signal
        self.logger = logger
        self.firstBackoff = firstBackoff
        self.maximumBackoff = maximumBackoff
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown { try await deliverForever() }
    }

    /// Delivers what is waiting, then waits for the next notification (or a minute, for notifications another
    /// server wrote into a shared database), until cancelled.
    func deliverForever() async throws {
        var cursor: Int64
        if let known = try await store.webhookCursor(target.name) {
            cursor = known
        } else {
            // A webhook seen for the first time starts with what happens from now on.
            cursor = try await store.latestOutboxID()
            try await store.setWebhookCursor(target.name, to: cursor)
        }
        while !Task.isCancelled {
            let events = try await store.outbox(after: cursor, limit: 100)
            for event in events {
                try await deliver(event)
                cursor = event.id
                try await store.setWebhookCursor(target.name, to: cursor)
            }
            if events.isEmpty { await signal.wait(upTo: .seconds(60)) }
        }
    }

    /// POSTs one notification until the receiver takes it; throws only when cancelled.
    func deliver(_ event: OutboxEvent) async throws {
        var backoff = firstBackoff
        var attempt = 1
        while true {
            try Task.checkCancellation()
            do {
                let status = try await post(event)
                if (200..<300).contains(status) { return }
                logger.warning(
                    "webhook refused a notification; retrying",
                    metadata: ["webhook": "\(target.name)", "delivery": "\(event.id)", "status": "\(status)", "attempt": "\(attempt)"])
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                logger.warning(
                    "webhook unreachable; retrying",
                    metadata: ["webhook": "\(target.name)", "delivery": "\(event.id)", "error": "\(error)", "attempt": "\(attempt)"])
            }
            try await Task.sleep(for: backoff)
            backoff = min(backoff * 2, maximumBackoff)
            attempt += 1
        }
    }

    /// `sha256=` and the hex HMAC-SHA256 of `timestamp.body` under the secret.
    public static func signature(secret: String, timestamp: String, body: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// One POST over a fresh connection; returns the status. Ten seconds at most.
    func post(_ event: OutboxEvent) async throws -> Int {
        let url = target.url
        let timestamp = String(Int64(Date.now.timeIntervalSince1970))
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: url.hostHeader)
        headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        headers.add(name: "Content-Length", value: String(event.body.utf8.count))
        headers.add(name: "User-Agent", value: "Qingshan/\(QingshanVersion.current)")
        headers.add(name: "X-Qingshan-Delivery", value: String(event.id))
        headers.add(name: "X-Qingshan-Timestamp", value: timestamp)
        headers.add(name: "X-Qingshan-Signature", value: Self.signature(secret: target.secret, timestamp: timestamp, body: event.body))
        headers.add(name: "Connection", value: "close")
        let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: url.path, headers: headers)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .connect(host: url.host, port: url.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        return try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                throw WebhookError.timeout
            }
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(.head(head))
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(string: event.body))))
                    try await outbound.write(.end(nil))
                    for try await part in inbound {
                        if case .head(let head) = part { return Int(head.status.code) }
                    }
                    throw WebhookError.noAnswer
                }
            }
            defer { group.cancelAll() }
            return try await group.next() ?? 0
        }
    }

    enum WebhookError: Error, CustomStringConvertible {
        case timeout, noAnswer

        var description: String {
            switch self {
            case .timeout: "no answer within 10 s"
            case .noAnswer: "the connection closed without an answer"
            }
        }
    }
}

/// A webhook's address: `http://host[:port]/path` (plain HTTP; put a TLS proxy in front for https).
public struct WebhookURL: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var path: String

    public init?(parsing text: String) {
        guard text.hasPrefix("http://"), !text.contains(" ") else { return nil }
        let rest = text.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count)
        guard let address = HostAndPort(parsing: authority.contains(":") ? String(authority) : "\(authority):80") else { return nil }
        host = address.host
        port = address.port
        self.path = path.isEmpty ? "/" : String(path)
    }

    var hostHeader: String { port == 80 ? host : "\(host):\(port)" }

    public var description: String { "http://\(hostHeader)\(path)" }
}

/// Wakes the webhook senders when a notification has been written to the outbox.
public final class OutboxSignal: Sendable {
    private let stream = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))

    public init() {}

    /// A notification was written (a wake-up is kept until someone waits).
    public func notify() { stream.continuation.yield() }

    /// Returns at the next notification, or after `timeout`.
    func wait(upTo timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [stream] in
                var iterator = stream.stream.makeAsyncIterator()
                _ = await iterator.next()
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }
}
