import NIOCore

/// Closes a connection whose unit of input (an HTTP request head, ended by a blank line; an HJ 212 frame,
/// ended by CR LF) has not ended within `timeout` of its first byte. Idle timeouts reset on every byte, so a
/// client sending one byte a second would otherwise hold its descriptor for ever (slowloris).
///
/// It sits first in the pipeline and only watches bytes pass: the terminator is found with a running match
/// that survives reads split anywhere.
final class ReadDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let terminator: [UInt8]
    private let timeout: TimeAmount
    private let onExpiry: @Sendable (String) -> Void
    private var matched = 0
    private var deadline: Scheduled<Void>?

    /// `onExpiry` is told the peer of a connection it closes (for the log).
    init(terminator: [UInt8], timeout: TimeAmount, onExpiry: @escaping @Sendable (String) -> Void = { _ in }) {
        self.terminator = terminator
        self.timeout = timeout
        self.onExpiry = onExpiry
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        var pending = deadline != nil
        var ended = false
        buffer.withUnsafeReadableBytes { bytes in
            for byte in bytes {
                pending = true
                if byte == terminator[matched] {
                    matched += 1
                    if matched == terminator.count {
                        matched = 0
                        pending = false
                        ended = true
                    }
                } else {
                    matched = byte == terminator[0] ? 1 : 0
                }
            }
        }
        // A unit that ended restarts the clock for whatever follows it in the same read.
        if ended || !pending, let scheduled = deadline {
            scheduled.cancel()
            deadline = nil
        }
        if pending, deadline == nil {
            let peer = context.remoteAddress?.description ?? "unknown"
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            let onExpiry = self.onExpiry
            deadline = context.eventLoop.scheduleTask(in: timeout) {
                onExpiry(peer)
                loopBound.value.close(promise: nil)
            }
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }
}
