import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An RFC 9457 problem document: every API error is one, with a stable machine-readable `code`.
public struct ProblemDetails: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    /// Stable identifier clients can switch on (`site_not_found`, `invalid_parameter`, …).
    public var code: String
    public var title: String
    public var detail: String
    /// Seconds for a `Retry-After` header (429).
    public var retryAfter: Int?

    public init(status: HTTPResponse.Status, code: String, title: String, detail: String) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
    }

    public static func badRequest(code: String, _ detail: String) -> ProblemDetails {
        ProblemDetails(status: .badRequest, code: code, title: "请求参数有误 (bad request)", detail: detail)
    }

    public static func notFound(code: String, _ detail: String) -> ProblemDetails {
        ProblemDetails(status: .notFound, code: code, title: "未找到 (not found)", detail: detail)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body: [String: String] = [
            "type": "https://qingshan.dev/problems/\(code)", "title": title, "status": String(status.code),
            "detail": detail, "code": code, "instance": request.uri.path,
        ]
        var object = body.mapValues { $0 as Any }
        object["status"] = status.code
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        var headers: HTTPFields = [.contentType: "application/problem+json; charset=utf-8"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
