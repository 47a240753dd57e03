import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Turns every error into a problem document: Hummingbird's own (unknown route, bad method) keep their
/// status, a known path asked with another method is a 405 with `Allow`, a body over the limit is a 413, and
/// anything unexpected becomes a 500 whose details go to the log, never to the client.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowedMethods: AllowedMethods
    let maximumBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let problem as ProblemDetails {
            throw problem
        } catch let error as HTTPError {
            if error.status == .notFound {
                let allowed = allowedMethods.methods(for: request.uri.path)
                if !allowed.isEmpty {
                    var problem = ProblemDetails(
                        status: .methodNotAllowed, code: "method_not_allowed", title: "不支持的请求方法 (method not allowed)",
                        detail:
                            "\(request.method.rawValue) is not offered for \(request.uri.path); use \(allowed.map(\.rawValue).joined(separator: ", "))"
                    )
                    problem.allow = allowed.map(\.rawValue).joined(separator: ", ")
                    throw problem
                }
            }
            throw ProblemDetails(
                status: error.status, code: error.status == .notFound ? "not_found" : "http_\(error.status.code)",
                title: error.status.reasonPhrase,
                detail: error.body ?? (error.status == .notFound ? "no such resource: \(request.uri.path)" : error.status.reasonPhrase))
        } catch is NIOTooManyBytesError {
            throw ProblemDetails.bodyTooLarge(limit: maximumBodyBytes)
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            throw ProblemDetails(
                status: .internalServerError, code: "internal_error", title: "服务器内部错误 (internal error)",
                detail: "the server could not answer; the error was logged")
        }
    }
}
