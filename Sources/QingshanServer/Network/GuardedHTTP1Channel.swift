import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 channel with the platform's limits around it: a request head must arrive whole
/// within the idle timeout of its first byte (`ReadDeadlineHandler`, first in the pipeline, before the HTTP
/// parser), heads over `api.max_header_bytes` are answered 431 with a problem document, a response that says
/// `Connection: close` (a refused body) closes the connection once written, and idle keep-alive connections
/// are closed by Hummingbird's own idle timeout.
struct GuardedHTTP1Channel: HTTPChannelHandler {
    let inner: HTTP1Channel
    let headTimeout: TimeAmount

    var responder: HTTPChannelHandler.Responder { inner.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(
                ReadDeadlineHandler(terminator: Array("\r\n\r\n".utf8), timeout: headTimeout) { peer in
                    logger.notice("HTTP request head not complete in time; connection closed", metadata: ["peer": "\(peer)"])
                })
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger)
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }

    static func builder(_ limits: RequestLimits) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            let timeout = TimeAmount.seconds(Int64(limits.httpIdleTimeoutSeconds))
            let configuration = HTTP1Channel.Configuration(
                additionalChannelHandlers: [
                    HTTPParseErrorResponder(maximumHeaderBytes: limits.maximumHeaderBytes), CloseAfterResponseHandler(),
                ],
                idleTimeout: timeout,
                httpDecoderConfiguration: .init(
                    maxHeaderFieldSize: limits.maximumHeaderBytes, maxHeaderListSize: limits.maximumHeaderBytes))
            return GuardedHTTP1Channel(inner: HTTP1Channel(responder: responder, configuration: configuration), headTimeout: timeout)
        }
    }
}
