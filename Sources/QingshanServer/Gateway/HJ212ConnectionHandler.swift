import HJ212
import NIOCore

/// The last handler of a logger's connection: frames are processed one at a time, in order, and the answer
/// is written when the frame's values are committed. While a few frames wait, it stops asking the socket
/// for more (it holds back `read`), so a logger that sends faster than the store commits is slowed, not
/// buffered without bound.
final class HJ212ConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = HJ212FrameDecoder.Event
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Frames decoded but not yet processed before reading stops.
    static let queueLimit = 8

    private let gateway: HJ212Gateway
    private var queue = CircularBuffer<HJ212FrameDecoder.Event>()
    private var busy = false
    private var readHeld = false
    /// The logger hung up; frames it sent before are still processed, then its devices go offline.
    private var closed = false
    private var seen = Set<String>()
    private var wrongPasswords = 0
    private var link: HJ212Gateway.Link?

    init(gateway: HJ212Gateway) {
        self.gateway = gateway
    }

    func channelActive(context: ChannelHandlerContext) {
        link = HJ212Gateway.Link(peer: context.remoteAddress?.description ?? "unknown", channel: context.channel)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        queue.append(unwrapInboundIn(data))
        processNext(context: context)
    }

    func read(context: ChannelHandlerContext) {
        if queue.count >= Self.queueLimit {
            readHeld = true
        } else {
            context.read()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        finishIfDone(context: context)
        context.fireChannelInactive()
    }

    private func finishIfDone(context: ChannelHandlerContext) {
        guard closed, !busy, queue.isEmpty else { return }
        gateway.disconnected(seen, channel: context.channel)
    }

    private func processNext(context: ChannelHandlerContext) {
        guard !busy, let link, let event = queue.popFirst() else { return }
        busy = true
        // The completion runs on this connection's event loop (after `hop`), where handler and context live.
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        gateway.process(event, link: link).hop(to: context.eventLoop).whenComplete { result in
            bound.value.handler.completed(result, context: bound.value.context, link: link)
        }
    }

    private func completed(
        _ result: Result<HJ212Gateway.Outcome, any Error>, context: ChannelHandlerContext, link: HJ212Gateway.Link
    ) {
        busy = false
        switch result {
        case .success(let outcome):
            if outcome.wrongPassword {
                wrongPasswords += 1
                if wrongPasswords >= gateway.maximumPasswordFailures {
                    gateway.passwordFailuresExceeded(address: context.remoteAddress?.ipAddress, peer: link.peer)
                    queue.removeAll()
                    context.close(promise: nil)
                    finishIfDone(context: context)
                    return
                }
            }
            if let mn = outcome.acceptedMN, seen.insert(mn).inserted {
                gateway.status.connected(mn, peer: link.peer)
            }
            if let answer = outcome.answer {
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: answer)), promise: nil)
            }
        case .failure:
            // The store failed or the gateway is stopping: nothing more is acknowledged; the logger resends.
            queue.removeAll()
            context.close(promise: nil)
            finishIfDone(context: context)
            return
        }
        if readHeld, queue.count < Self.queueLimit {
            readHeld = false
            context.read()
        }
        processNext(context: context)
        finishIfDone(context: context)
    }
}
