import HJ212
import NIOCore
import QingshanCore

/// The last handler of a logger's connection: it feeds the connection's `HJ212Session` and carries out the
/// actions it returns, on the connection's event loop. The common case never leaves the loop: a device in the
/// gateway's cache is looked up at once and the values go to the group commit, whose completion comes back here.
/// Look-ups the cache cannot answer and follow-ups that write the registry run in the gateway's slow lane.
final class HJ212ConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = HJ212FrameDecoder.Event
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let gateway: HJ212Gateway
    private var session: HJ212Session
    private var peer = "unknown"

    init(gateway: HJ212Gateway) {
        self.gateway = gateway
        session = HJ212Session(configuration: gateway.sessionConfiguration)
    }

    func channelActive(context: ChannelHandlerContext) {
        peer = context.remoteAddress?.description ?? "unknown"
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        perform(session.received(unwrapInboundIn(data), now: .now), context: context)
    }

    func read(context: ChannelHandlerContext) {
        if session.shouldRead() { context.read() }
    }

    func channelInactive(context: ChannelHandlerContext) {
        perform(session.peerClosed(now: .now), context: context)
        context.fireChannelInactive()
    }

    private func perform(_ actions: [HJ212Session.Action], context: ChannelHandlerContext) {
        for action in actions { perform(action, context: context) }
    }

    private func perform(_ action: HJ212Session.Action, context: ChannelHandlerContext) {
        switch action {
        case .lookUp(let mn):
            if let device = gateway.devices.cached(mn) {
                perform(session.deviceFound(device, previousKey: gateway.devices.previousKey(mn), now: .now), context: context)
            } else {
                continueOnLoop(gateway.lookUp(mn, on: context.eventLoop), context: context) { handler, result in
                    switch result {
                    case .success(let (device, previousKey)): handler.session.deviceFound(device, previousKey: previousKey, now: .now)
                    case .failure: handler.session.lookUpFailed()
                    }
                }
            }
        case .store(let observations):
            continueOnLoop(gateway.batcher.submit(observations, on: context.eventLoop), context: context) { handler, result in
                switch result {
                case .success: handler.session.committed(now: .now)
                case .failure: handler.session.commitFailed()
                }
            }
        case .accepted(let acceptance):
            gateway.accepted(acceptance, channel: context.channel)
        case .connected(let mn):
            gateway.status.connected(mn, peer: peer)
        case .answer(let bytes):
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: bytes)), promise: nil)
        case .followUp(let packet, let device):
            continueOnLoop(gateway.followUp(packet, device: device, on: context.eventLoop), context: context) { handler, _ in
                handler.session.followedUp(now: .now)
            }
        case .reject(let rejection):
            gateway.reject(rejection, peer: peer)
        case .quarantine(let mn, let report):
            gateway.status.quarantined(mn, frame: report)
        case .resumeReading:
            context.read()
        case .close(let reason):
            if reason == .passwordFailures { gateway.passwordFailuresExceeded(address: context.remoteAddress?.ipAddress, peer: peer) }
            context.close(promise: nil)
        case .finished(let devices):
            gateway.disconnected(devices, channel: context.channel)
        }
    }

    /// Feeds the session what `future` brings, back on this connection's event loop (where handler and context live).
    private func continueOnLoop<T: Sendable>(
        _ future: EventLoopFuture<T>, context: ChannelHandlerContext,
        _ step: @escaping (HJ212ConnectionHandler, Result<T, any Error>) -> [HJ212Session.Action]
    ) {
        let bound = NIOLoopBound((handler: self, context: context, step: step), eventLoop: context.eventLoop)
        future.hop(to: context.eventLoop).whenComplete { result in
            let (handler, context, step) = bound.value
            handler.perform(step(handler, result), context: context)
        }
    }
}
