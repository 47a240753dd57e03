import Foundation
import Hummingbird
import QingshanCore

/// Answers 429 with `Retry-After` when a client goes over its rate: a token holder by `api.token_rate_limit`,
/// everyone else by `api.rate_limit` per address. Runs after `AccessMiddleware`, so a client is its token once
/// the token is known good (a tool behind a shared address keeps its own allowance). A request is weighed by
/// what it reads (`RequestCost`): one unit to enter, one more per 250 rows. `/healthz` and `/metrics`
/// are never limited: monitoring must see an overloaded server.
struct RateLimitMiddleware<Context: RemoteAddressRequestContext & AccessRequestContext & CostedRequestContext>: RouterMiddleware {
    /// Per address, for anonymous clients; nil for no limit.
    let addresses: RateLimiter?
    /// Per token; nil for no limit.
    let tokens: RateLimiter?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path == "/healthz" || path == "/metrics" { return try await next(request, context) }
        let (limiter, client): (RateLimiter?, String) =
            switch context.principal {
            case .anonymous: (addresses, "address " + (context.remoteAddress?.ipAddress ?? "unknown"))
            case .token(let token): (tokens, "token " + token.id)
            case .user(let user): (tokens, "user " + user.username)
            }
        if let limiter, let wait = limiter.admit(client, now: Date.now.timeIntervalSince1970) {
            var problem = ProblemDetails(
                status: .tooManyRequests, code: "rate_limited", title: "请求过于频繁 (too many requests)",
                detail:
                    "more than \(Int(limiter.rate)) requests a second (bursts of \(Int(limiter.burst))) from this \(client.hasPrefix("address") ? "address" : "client"); retry after \(wait) s"
            )
            problem.retryAfter = wait
            throw problem
        }
        if let limiter { context.cost.attach(limiter, client: client) }
        return try await next(request, context)
    }
}
