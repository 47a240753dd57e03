import Hummingbird
import Logging

/// Turns every error into a problem document: Hummingbird's own (unknown route, bad method) keep their
/// status, anything unexpected becomes a 500 whose details go to the log, never to the client.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let problem as ProblemDetails {
            throw problem
        } catch let error as HTTPError {
            throw ProblemDetails(
                status: error.status, code: error.status == .notFound ? "not_found" : "http_\(error.status.code)",
                title: error.status.reasonPhrase,
                detail: error.body ?? (error.status == .notFound ? "no such resource: \(request.uri.path)" : error.status.reasonPhrase))
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            throw ProblemDetails(
                status: .internalServerError, code: "internal_error", title: "服务器内部错误 (internal error)",
                detail: "the server could not answer; the error was logged")
        }
    }
}
