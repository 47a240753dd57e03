public import Logging
public import QingshanStore
public import ServiceLifecycle

/// Runs a `WebhookSender` for each webhook — the configuration's (`default`) and those added through the API —
/// each with its own cursor, so a receiver that is down holds back only its own notifications. When a webhook is
/// added, changed or removed (`changes`), the senders are restarted with the new list.
public struct WebhookDispatcher: Service, Sendable {
    let configured: WebhookSender.Target?
    let store: any PlatformStore
    let outbox: OutboxSignal
    let changes: OutboxSignal
    let logger: Logger

    public init(configured: WebhookSender.Target?, store: any PlatformStore, outbox: OutboxSignal, changes: OutboxSignal, logger: Logger) {
        self.configured = configured
        self.store = store
        self.outbox = outbox
        self.changes = changes
        self.logger = logger
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown { try await dispatch() }
    }

    func targets() async throws -> [WebhookSender.Target] {
        var targets = configured.map { [$0] } ?? []
        for webhook in try await store.webhooks() {
            guard let url = WebhookURL(parsing: webhook.url) else {
                logger.error("webhook skipped: its URL is not http://host[:port]/path", metadata: ["webhook": "\(webhook.name)"])
                continue
            }
            targets.append(WebhookSender.Target(name: webhook.name, url: url, secret: webhook.secret))
        }
        return targets
    }

    func dispatch() async throws {
        while !Task.isCancelled {
            let seen = changes.current
            let targets = try await targets()
            await withTaskGroup(of: Void.self) { group in
                for target in targets {
                    group.addTask {
                        do {
                            try await WebhookSender(target: target, store: store, signal: outbox, logger: logger).deliverForever()
                        } catch is CancellationError {
                        } catch {
                            logger.error("webhook stopped; restarting the senders", metadata: ["webhook": "\(target.name)", "error": "\(error)"])
                        }
                    }
                }
                // The list changed (or a sender stopped): restart them all with the list as it is now.
                group.addTask { await changes.wait(after: seen, upTo: .seconds(86_400)) }
                await group.next()
                group.cancelAll()
            }
            // A sender that stopped on an error is not restarted in a tight loop.
            try await Task.sleep(for: .seconds(1))
        }
    }
}
