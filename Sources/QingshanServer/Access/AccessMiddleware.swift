import HTTPTypes
import Hummingbird
import QingshanCore
import QingshanStore

/// Sets the request's principal before any route runs: from the `Authorization` header (an API token; a bad one
/// ends the request with 401), else from the console's session cookie. A change made with the cookie must carry
/// the session's CSRF token: console forms in their `_csrf` field (checked by the form's handler), everything
/// else in the `X-CSRF-Token` header (checked here). Someone signed in with a one-time password may only change
/// it. `/healthz` ignores credentials.
struct AccessMiddleware<Context: AccessRequestContext>: RouterMiddleware {
    let authenticator: TokenAuthenticator
    let accounts: AccountService?

    static var csrfHeader: HTTPField.Name { HTTPField.Name("X-CSRF-Token")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path == "/healthz" { return try await next(request, context) }
        var context = context
        let authorization = request.headers[.authorization]
        if authorization != nil || accounts == nil {
            context.principal = try await authenticator.principal(authorization: authorization, now: .now)
            return try await next(request, context)
        }
        guard let accounts, let cookie = request.cookies[SessionCookie.name]?.value,
            let (user, session) = try await accounts.authenticate(cookie: cookie, now: .now)
        else { return try await next(request, context) }
        context.principal = .user(user)
        context.session = session
        let console = !(path.hasPrefix("/api/") || path.hasPrefix("/sta/"))
        let changes = ![.get, .head, .options].contains(request.method)
        if changes, !console {
            guard let sent = request.headers[Self.csrfHeader], TokenAuthenticator.constantTimeEqual(sent, session.csrf) else {
                throw ProblemDetails(
                    status: .forbidden, code: "csrf", title: "缺少 CSRF 令牌 (CSRF token missing)",
                    detail: "a change made with the console's session must send its X-CSRF-Token header (the console's pages carry it)")
            }
        }
        if user.mustChangePassword, !Self.allowedBeforePasswordChange(path) {
            guard console else {
                throw ProblemDetails(
                    status: .forbidden, code: "password_change_required", title: "请先修改一次性密码 (change your password first)",
                    detail: "user \(user.username) signed in with a one-time password; change it at /account/password first")
            }
            return Response(status: .seeOther, headers: [.location: "/account/password"])
        }
        return try await next(request, context)
    }

    static func allowedBeforePasswordChange(_ path: String) -> Bool {
        path == "/account/password" || path == "/sign-out" || path.hasPrefix("/assets/")
    }
}
