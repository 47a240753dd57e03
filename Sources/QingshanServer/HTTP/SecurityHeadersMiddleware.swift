import HTTPTypes
import Hummingbird

/// Headers every answer carries (`SecuredResponder` puts them on every answer, the router's own 404s included): a Content-Security-Policy that allows scripts from Qingshan itself only (no
/// inline script, no other origin, no framing), no MIME sniffing, no referrer beyond the origin. CORS answers
/// only on the open-data routes (GET of `/api/v1/…` and `/sta/…`, never the audit log or accounts) and only for
/// the configured origins, never with credentials.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let corsOrigins: [String]

    static var contentSecurityPolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let origin = request.headers[.origin].flatMap { allowedOrigin($0, path: request.uri.path) }
        if request.method == .options, let origin, request.headers[.accessControlRequestMethod] != nil {
            var response = Response(status: .noContent)
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlAllowMethods] = "GET, HEAD"
            response.headers[.accessControlAllowHeaders] = "Accept, Accept-Language"
            response.headers[.accessControlMaxAge] = "3600"
            response.headers[.vary] = "Origin"
            return response
        }
        // Outermost: ProblemMiddleware inside has already turned every error into a response. The security headers
        // themselves are added once, by `SecuredResponder`.
        var response = try await next(request, context)
        if let origin, request.method == .get || request.method == .head {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.vary] = "Origin"
        }
        return response
    }

    /// The value of Access-Control-Allow-Origin for this request's origin and path, or nil.
    func allowedOrigin(_ origin: String, path: String) -> String? {
        guard !corsOrigins.isEmpty, Self.isOpenData(path) else { return nil }
        if corsOrigins.contains("*") { return "*" }
        return corsOrigins.contains(origin) ? origin : nil
    }

    static func isOpenData(_ path: String) -> Bool {
        guard path.hasPrefix("/api/v1/") || path.hasPrefix("/sta/") else { return false }
        return !["/api/v1/audit", "/api/v1/users", "/api/v1/tokens"].contains { path.hasPrefix($0) }
    }

    static func secured(_ response: Response) -> Response {
        var response = response
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return response
    }
}
