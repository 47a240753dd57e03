import HJ212
import NIOCore
import NIOPosix
import Synchronization

@testable import QingshanServer

/// A data logger played by a test: a real TCP connection to the gateway, frames out, the centre's frames in.
final class LoggerConnection: Sendable {
    private let channel: NIOAsyncChannel<HJ212FrameDecoder.Event, ByteBuffer>
    private final class Inbox: Sendable {
        let events = Mutex<[HJ212FrameDecoder.Event]>([])
        /// Resumed by each frame that arrives, and by the end of the connection.
        let waiters = StateWaiters<(count: Int, ended: Bool)>()
        let ended = Mutex(false)

        func snapshot() -> (count: Int, ended: Bool) { (events.withLock { $0.count }, ended.withLock { $0 }) }
    }
    private let inbox = Inbox()
    private let reader: Task<Void, Never>

    init(port: Int) async throws {
        channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HJ212FrameHandler()))
                    return try NIOAsyncChannel<HJ212FrameDecoder.Event, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let inbound = channel.inbound
        let inbox = self.inbox
        reader = Task {
            do {
                for try await event in inbound {
                    inbox.events.withLock { $0.append(event) }
                    inbox.waiters.changed { inbox.snapshot() }
                }
            } catch {}
            inbox.ended.withLock { $0 = true }
            inbox.waiters.changed { inbox.snapshot() }
        }
    }

    /// Sends a data segment in a frame with the standard CRC.
    func send(_ segment: String) async throws {
        try await send(frame: HJ212Frame.encode(segment: Array(segment.utf8)))
    }

    func send(frame bytes: [UInt8]) async throws {
        try await channel.outbound.write(ByteBuffer(bytes: bytes))
    }

    /// The next frame from the centre (a CRC failure included: an encrypted request), or nil after `timeout`.
    func next(timeout: Duration = .seconds(10)) async throws -> HJ212FrameDecoder.Event? {
        let inbox = self.inbox
        _ = await inbox.waiters.wait(until: { $0.count > 0 || $0.ended }, current: { inbox.snapshot() }, timeout: timeout)
        return inbox.events.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }

    /// The next frame's packet, parsed; nil when nothing came or it does not parse.
    func nextPacket(timeout: Duration = .seconds(10)) async throws -> HJ212Packet? {
        guard case .frame(let frame)? = try await next(timeout: timeout) else { return nil }
        return try? HJ212Packet.parse(frame.segment)
    }

    /// Whether the connection is open now.
    var isActive: Bool { channel.channel.isActive }

    /// Whether the connection is still open, after waiting up to `timeout` for the centre to close it.
    func isOpen(after timeout: Duration) async throws -> Bool {
        let inbox = self.inbox
        _ = await inbox.waiters.wait(until: { $0.ended }, current: { inbox.snapshot() }, timeout: timeout)
        return channel.channel.isActive
    }

    func close() async {
        try? await channel.channel.close()
        reader.cancel()
    }
}
