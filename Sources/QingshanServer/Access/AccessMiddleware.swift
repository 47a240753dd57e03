import Hummingbird
import QingshanCore

/// Sets the request's principal from its `Authorization` header before any route runs; a bad token ends the
/// request with 401. `/healthz` ignores credentials.
struct AccessMiddleware<Context: AccessRequestContext>: RouterMiddleware {
    let authenticator: TokenAuthenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path == "/healthz" { return try await next(request, context) }
        var context = context
        context.principal = try await authenticator.principal(authorization: request.headers[.authorization], now: .now)
        return try await next(request, context)
    }
}
