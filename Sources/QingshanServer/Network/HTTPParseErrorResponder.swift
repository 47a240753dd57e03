import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request the HTTP parser gave up on with a problem document instead of a bare 400: 431 when the
/// head went over `api.max_header_bytes` (the request target counts), 400 with the parser's reason otherwise.
/// The connection is closed after the answer; the parser cannot find the next request in what follows.
final class HTTPParseErrorResponder: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    private let maximumHeaderBytes: Int

    init(maximumHeaderBytes: Int) {
        self.maximumHeaderBytes = maximumHeaderBytes
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        let problem: (status: HTTPResponse.Status, code: String, title: String, detail: String) =
            switch parserError {
            case .headerOverflow:
                (
                    .requestHeaderFieldsTooLarge, "headers_too_large", "请求头过大 (request header fields too large)",
                    "the request line and header fields must be at most \(maximumHeaderBytes) bytes in all; move long queries into fewer, shorter parameters"
                )
            default:
                (.badRequest, "malformed_request", "请求格式错误 (malformed request)", "the request is not valid HTTP/1.1: \(parserError)")
            }
        let body = ProblemDetails(status: problem.status, code: problem.code, title: problem.title, detail: problem.detail).jsonBytes(instance: "")
        let head = HTTPResponse(
            status: problem.status,
            headerFields: [
                .contentType: "application/problem+json; charset=utf-8", .contentLength: String(body.count), .connection: "close",
            ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(bytes: body))), promise: nil)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            bound.value.close(promise: nil)
        }
    }
}
