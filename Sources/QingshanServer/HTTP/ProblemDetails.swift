import Foundation
public import HTTPTypes
public import Hummingbird
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
    /// Methods for an `Allow` header (405).
    public var allow: String?
    /// Close the connection after this answer (a body refused unread: the rest of it is not worth reading).
    public var closesConnection = false

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

    /// The document this error answers with; `instance` is the path it answers.
    public func document(instance: String) -> ProblemDocument {
        ProblemDocument(type: ProblemDocument.type(of: code), title: title, status: status.code, detail: detail, instance: instance, code: code)
    }

    func jsonBytes(instance: String) -> [UInt8] { document(instance: instance).jsonBytes() }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = jsonBytes(instance: request.uri.path)
        var headers: HTTPFields = [.contentType: "application/problem+json; charset=utf-8"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if let allow { headers[.allow] = allow }
        if closesConnection { headers[.connection] = "close" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
