import Foundation
import Hummingbird

/// Answers 429 with `Retry-After` when a client goes over `api.rate_limit` (`/healthz` and `/metrics` are never
/// limited: monitoring must see an overloaded server).
struct RateLimitMiddleware<Context: RequestContext & RemoteAddressRequestContext>: RouterMiddleware {
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path == "/healthz" || path == "/metrics" { return try await next(request, context) }
        let token = WriteAuthorization.presentedToken(request.headers[.authorization] ?? "")
        let client = token.isEmpty ? "address " + (context.remoteAddress?.ipAddress ?? "unknown") : "token " + token
        if let wait = limiter.admit(client, now: Date.now.timeIntervalSince1970) {
            var problem = ProblemDetails(
                status: .tooManyRequests, code: "rate_limited", title: "请求过于频繁 (too many requests)",
                detail: "more than \(Int(limiter.rate)) requests a second (bursts of \(Int(limiter.burst))); retry after \(wait) s")
            problem.retryAfter = wait
            throw problem
        }
        return try await next(request, context)
    }
}
