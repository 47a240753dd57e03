import Hummingbird
import QingshanCore
import QingshanStore

/// `/api/v1/webhooks`: the webhooks that receive alarm notifications besides the configuration's, added, changed
/// and removed by the city bureau. Secrets are never shown back.
struct WebhooksController<Context: AccessRequestContext>: Sendable {
    let store: any PlatformStore
    /// Woken when the list changes: the dispatcher restarts its senders.
    let changes: OutboxSignal
    /// The configuration's webhook's name (`default`), which the API may not take.
    let configured: String?

    struct WebhookDTO: ResponseEncodable, Sendable {
        var name: String
        var url: String
        var changedAt: String
        var changedBy: String
        /// The outbox id delivered through.
        var deliveredThrough: Int64?
    }

    struct Body: Decodable {
        var url: String
        var secret: String
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("webhooks", use: list)
        group.put("webhooks/:name", use: put)
        group.delete("webhooks/:name", use: remove)
    }

    func requireCity(_ context: Context) throws {
        try context.principal.requireSignedIn("webhooks")
        guard context.principal.canManagePermits else {
            throw ProblemDetails(
                status: .forbidden, code: "forbidden", title: "无权限 (forbidden)",
                detail: "\(context.principal.label) may not manage webhooks: that needs a city-role token")
        }
    }

    func dto(_ webhook: StoredWebhook) async throws -> WebhookDTO {
        WebhookDTO(
            name: webhook.name, url: webhook.url, changedAt: RFC3339.format(webhook.changedAt), changedBy: webhook.changedBy,
            deliveredThrough: try await store.webhookCursor(webhook.name))
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> ItemsDTO<WebhookDTO> {
        try requireCity(context)
        var items: [WebhookDTO] = []
        for webhook in try await store.webhooks() { items.append(try await dto(webhook)) }
        return ItemsDTO(items: items)
    }

    func requireName(_ context: Context) throws -> String {
        let name = try context.parameters.require("name")
        guard (1...40).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }), name != configured
        else {
            throw ProblemDetails.badRequest(
                code: "invalid_name", "a webhook's name is 1–40 characters a–z, 0–9 and -, and not \(configured ?? "the configuration's")")
        }
        return name
    }

    @Sendable func put(_ request: Request, context: Context) async throws -> EditedResponse<WebhookDTO> {
        try requireCity(context)
        let name = try requireName(context)
        let body = try await JSONBody.decode(
            Body.self, from: request, example: #"{"url": "http://10.0.0.5:9000/qingshan", "secret": "at-least-16-characters"}"#, limit: 4_096)
        guard WebhookURL(parsing: body.url) != nil, body.url.count <= 500 else {
            throw ProblemDetails.badRequest(code: "invalid_url", "url must be http://host[:port]/path (put a TLS proxy in front for https)")
        }
        guard (16...200).contains(body.secret.count) else {
            throw ProblemDetails.badRequest(code: "invalid_secret", "secret must be 16–200 characters")
        }
        let webhook = StoredWebhook(name: name, url: body.url, secret: body.secret, changedAt: .now, changedBy: context.principal.label)
        try await store.putWebhook(webhook)
        changes.notify()
        return EditedResponse(status: .ok, response: try await dto(webhook))
    }

    @Sendable func remove(_ request: Request, context: Context) async throws -> Response {
        try requireCity(context)
        let name = try requireName(context)
        guard try await store.removeWebhook(name: name) else {
            throw ProblemDetails.notFound(code: "webhook_not_found", "no webhook named '\(name)'; list them with GET /api/v1/webhooks")
        }
        changes.notify()
        return Response(status: .noContent)
    }
}
