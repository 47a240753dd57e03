import HJ212
import Logging
import Metrics
import NIOCore
import NIOPosix
import QingshanCore
import QingshanStore
import ServiceLifecycle
import Synchronization

/// The HJ 212 TCP listener: every data logger's connection, frames checked against the registry, values
/// committed before any 9014 goes back.
///
/// Each connection reads the next frame only after the previous one is committed (and answered), so a slow
/// store slows the readers down instead of filling memory: that is the backpressure.
final class HJ212Gateway: Service, Sendable {
    struct Limits: Sendable {
        var maximumConnections = 20_000
        var idleTimeout: TimeAmount = .seconds(900)
        var maximumSegmentLength = 1024
    }

    private let address: HostAndPort
    private let limits: Limits
    private let devices: DeviceDirectory
    private let batcher: IngestBatcher
    let status: DeviceStatusBoard
    private let catalogue: ParameterCatalogue
    private let logger: Logger
    private let onListening: (@Sendable (Int) async -> Void)?
    private let activeConnections = Atomic<Int>(0)
    // Made once: looking a metric up by label takes the factory's lock, too costly for every frame.
    private let acceptedFrames = Counter(label: "qingshan_hj212_frames_total", dimensions: [("outcome", "accepted")])
    private let storedValues = Counter(label: "qingshan_hj212_values_total")
    private let refusedConnections = Counter(label: "qingshan_hj212_connections_refused_total")
    private let connectionsGauge = Gauge(label: "qingshan_hj212_connections")

    init(
        address: HostAndPort, limits: Limits = Limits(), store: SQLStore, catalogue: ParameterCatalogue,
        status: DeviceStatusBoard, logger: Logger, onListening: (@Sendable (Int) async -> Void)? = nil
    ) {
        self.address = address
        self.limits = limits
        self.devices = DeviceDirectory(store: store)
        self.batcher = IngestBatcher(store: store)
        self.status = status
        self.catalogue = catalogue
        self.logger = logger
        self.onListening = onListening
    }

    func run() async throws {
        let limits = self.limits
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: 1)
            .bind(host: address.host, port: address.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: limits.idleTimeout))
                    try channel.pipeline.syncOperations.addHandler(IdleCloseHandler())
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(HJ212FrameHandler(decoder: HJ212FrameDecoder(maximumSegmentLength: limits.maximumSegmentLength))))
                    return try NIOAsyncChannel<HJ212FrameDecoder.Event, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress?.port ?? address.port
        logger.info("HJ 212 gateway listening", metadata: ["address": "\(address.host):\(port)"])
        await onListening?(port)
        do {
            try await runConnections(server, limits: limits)
        } catch where Task.isCancelled || error is CancellationError {
            // Graceful shutdown cancels the accept loop; that is a normal end, not a failure.
        }
        logger.info("HJ 212 gateway stopped")
    }

    private func runConnections(
        _ server: NIOAsyncChannel<NIOAsyncChannel<HJ212FrameDecoder.Event, ByteBuffer>, Never>, limits: Limits
    ) async throws {
        try await cancelWhenGracefulShutdown {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { await self.batcher.run() }
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        guard self.activeConnections.add(1, ordering: .relaxed).newValue <= limits.maximumConnections else {
                            self.activeConnections.subtract(1, ordering: .relaxed)
                            self.refusedConnections.increment()
                            try? await connection.channel.close()
                            continue
                        }
                        group.addTask {
                            await self.handle(connection)
                            let active = self.activeConnections.subtract(1, ordering: .relaxed).newValue
                            self.connectionsGauge.record(active)
                        }
                    }
                }
                self.batcher.stop()
            }
        }
    }

    /// One logger's connection; its errors end only this connection.
    private func handle(_ connection: NIOAsyncChannel<HJ212FrameDecoder.Event, ByteBuffer>) async {
        let peer = connection.channel.remoteAddress?.description ?? "unknown"
        var seen = Set<String>()
        connectionsGauge.record(activeConnections.load(ordering: .relaxed))
        do {
            try await connection.executeThenClose { inbound, outbound in
                for try await event in inbound {
                    switch event {
                    case .rejected(let error):
                        if let plain = try await decryptedFrame(error) {
                            if let answer = try await accept(plain, peer: peer, seen: &seen) {
                                try await outbound.write(ByteBuffer(bytes: answer))
                            }
                            continue
                        }
                        let mn = error.frame.flatMap { HJ212Encryption.headerField("MN", in: $0.segment) }
                        reject(reason: error.reason.rawValue, mn: mn, peer: peer, detail: error.description)
                    case .frame(let frame):
                        if let answer = try await accept(frame, peer: peer, seen: &seen) {
                            try await outbound.write(ByteBuffer(bytes: answer))
                        }
                    }
                }
            }
        } catch {
            logger.debug("connection ended", metadata: ["peer": "\(peer)", "error": "\(error)"])
        }
        status.disconnected(seen)
    }

    /// A frame whose CRC failed may be an HJ 212-2025 upload with an encrypted data area: with the device's
    /// SM4 key, decrypt and check the CRC (which covers the plaintext) again.
    private func decryptedFrame(_ error: HJ212FrameError) async throws -> HJ212Frame? {
        guard error.reason == .crc, let frame = error.frame,
            let mn = HJ212Encryption.headerField("MN", in: frame.segment),
            let device = try await devices.device(mn), let keyText = device.sm4KeyHex,
            let key = HJ212Encryption.key(keyText), let cipher = try? SM4(key: key),
            let plain = HJ212Encryption.decrypt(segment: frame.segment, with: cipher),
            HJ212CRC.checksum(plain) == frame.crc
        else { return nil }
        return HJ212Frame(offset: frame.offset, segment: plain, crc: frame.crc)
    }

    /// Checks, stores and (when asked) answers one frame; returns the answer's bytes.
    private func accept(_ frame: HJ212Frame, peer: String, seen: inout Set<String>) async throws -> [UInt8]? {
        let packet: HJ212Packet
        do {
            packet = try HJ212Packet.parse(frame.segment)
        } catch {
            reject(reason: "syntax", mn: nil, peer: peer, detail: error.detail)
            return nil
        }
        let mn = packet.headerValue("MN") ?? ""
        guard let device = try await devices.device(mn) else {
            reject(reason: "unknown_device", mn: mn, peer: peer, detail: "MN \(mn) is not registered")
            return nil
        }
        guard device.password == nil || device.password == packet.headerValue("PW") else {
            reject(reason: "bad_password", mn: mn, peer: peer, detail: "wrong PW for MN \(mn)")
            return nil
        }
        if seen.insert(mn).inserted { status.connected(mn, peer: peer) }
        let observations: [Observation]
        do {
            observations = try packet.observations(siteCode: device.siteCode, catalogue: catalogue)
        } catch {
            reject(reason: "syntax", mn: mn, peer: peer, detail: error.detail)
            return nil
        }
        if !observations.isEmpty { try await batcher.submit(observations) }
        status.accepted(mn, edition: packet.edition)
        acceptedFrames.increment()
        storedValues.increment(by: observations.count)
        return HJ212Answer.command(for: packet).map { cn in
            HJ212Frame.encode(segment: HJ212Answer.segment(answering: packet, with: cn))
        }
    }

    private func reject(reason: String, mn: String?, peer: String, detail: String) {
        Counter(label: "qingshan_hj212_frames_total", dimensions: [("outcome", "rejected"), ("reason", reason)]).increment()
        if let mn { status.rejected(mn, reason: reason) }
        logger.notice("frame rejected", metadata: ["peer": "\(peer)", "mn": "\(mn ?? "")", "reason": "\(reason)", "detail": "\(detail)"])
    }
}

/// Closes a connection that has sent nothing for the idle timeout.
final class IdleCloseHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
