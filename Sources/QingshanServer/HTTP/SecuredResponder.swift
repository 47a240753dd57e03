import Hummingbird

/// The application's responder with the security headers on every answer, including those no route or middleware
/// produced (an unknown path's 404 is answered by the router before any middleware runs).
struct SecuredResponder<Base: HTTPResponder>: HTTPResponder where Base.Context: RequestContext {
    let base: Base

    func respond(to request: Request, context: Base.Context) async throws -> Response {
        do {
            return SecurityHeadersMiddleware<Base.Context>.secured(try await base.respond(to: request, context: context))
        } catch let error as any HTTPResponseError {
            return SecurityHeadersMiddleware<Base.Context>.secured(try error.response(from: request, context: context))
        }
    }
}
