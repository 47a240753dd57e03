import Hummingbird

/// Refuses what is too large before any route reads it: a request target over `api.max_url_bytes` (414) and a
/// declared body over `api.max_body_bytes` (413). Bodies without a length are cut at the same size when a
/// route collects them (`ProblemMiddleware` turns that into the same 413).
struct RequestLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let limits: RequestLimits

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let target = request.uri.description.utf8.count
        guard target <= limits.maximumURLBytes else {
            throw ProblemDetails(
                status: .uriTooLong, code: "uri_too_long", title: "请求地址过长 (URI too long)",
                detail: "the request target is \(target) bytes; at most \(limits.maximumURLBytes) are read. Shorten $filter, or split the request")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limits.maximumBodyBytes {
            throw ProblemDetails.bodyTooLarge(limit: limits.maximumBodyBytes)
        }
        return try await next(request, context)
    }
}

extension ProblemDetails {
    static func bodyTooLarge(limit: Int) -> ProblemDetails {
        var problem = ProblemDetails(
            status: .contentTooLarge, code: "body_too_large", title: "请求体过大 (content too large)",
            detail: "send at most \(limit) bytes per request (api.max_body_bytes); split the batch")
        problem.closesConnection = true
        return problem
    }
}
