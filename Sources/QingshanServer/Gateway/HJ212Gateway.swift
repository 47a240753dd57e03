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
    let commands: HJ212CommandCenter
    private let reassembler = Mutex(HJ212Reassembler())
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
        address: HostAndPort, limits: Limits = Limits(), store: SQLStore, devices: DeviceDirectory,
        catalogue: ParameterCatalogue, status: DeviceStatusBoard, commands: HJ212CommandCenter, logger: Logger,
        onListening: (@Sendable (Int) async -> Void)? = nil
    ) {
        self.address = address
        self.limits = limits
        self.devices = devices
        self.batcher = IngestBatcher(store: store)
        self.status = status
        self.commands = commands
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
        let id = ObjectIdentifier(connection.channel)
        var seen = Set<String>()
        connectionsGauge.record(activeConnections.load(ordering: .relaxed))
        do {
            try await connection.executeThenClose { inbound, outbound in
                let link = Link(peer: peer, id: id, writer: outbound)
                for try await event in inbound {
                    switch event {
                    case .rejected(let error):
                        if let (frame, variant) = try await recovered(error) {
                            if let answer = try await accept(frame, crcVariant: variant, link: link, seen: &seen) {
                                try await outbound.write(ByteBuffer(bytes: answer))
                            }
                            continue
                        }
                        let mn = error.frame.flatMap { HJ212Encryption.headerField("MN", in: $0.segment) }
                        reject(reason: error.reason.rawValue, mn: mn, peer: peer, detail: error.description)
                    case .frame(let frame):
                        if let answer = try await accept(frame, crcVariant: .standard, link: link, seen: &seen) {
                            try await outbound.write(ByteBuffer(bytes: answer))
                        }
                    }
                }
            }
        } catch {
            logger.debug("connection ended", metadata: ["peer": "\(peer)", "error": "\(error)"])
        }
        commands.detach(seen, connection: id)
        status.disconnected(seen)
    }

    /// What `accept` needs of the connection a frame came on.
    private struct Link {
        var peer: String
        var id: ObjectIdentifier
        var writer: NIOAsyncChannelOutboundWriter<ByteBuffer>
    }

    /// A frame whose CRC failed can still be good for its device: an HJ 212-2025 upload with an encrypted data
    /// area (decrypt with the device's key, or the key a 1014 just replaced, and check the CRC, which covers
    /// the plaintext), or a device set to lenient CRC that sends a Modbus variant.
    private func recovered(_ error: HJ212FrameError) async throws -> (HJ212Frame, HJ212CRCVariant)? {
        guard error.reason == .crc, let frame = error.frame,
            let mn = HJ212Encryption.headerField("MN", in: frame.segment), let device = try await devices.device(mn)
        else { return nil }
        if device.lenientCRC, let variant = HJ212CRCVariant.match(sent: frame.crc, segment: frame.segment, lenient: true) {
            return (frame, variant)
        }
        for keyText in [device.sm4KeyHex, devices.previousKey(mn)].compactMap({ $0 }) {
            guard let key = HJ212Encryption.key(keyText), let cipher = try? SM4(key: key),
                let plain = HJ212Encryption.decrypt(segment: frame.segment, with: cipher),
                HJ212CRC.checksum(plain) == frame.crc
            else { continue }
            return (HJ212Frame(offset: frame.offset, segment: plain, crc: frame.crc), .standard)
        }
        return nil
    }

    /// Checks, stores and (when asked) answers one frame; returns the answer's bytes.
    private func accept(
        _ frame: HJ212Frame, crcVariant: HJ212CRCVariant, link: Link, seen: inout Set<String>
    ) async throws -> [UInt8]? {
        let packet: HJ212Packet
        do {
            packet = try HJ212Packet.parse(frame.segment)
        } catch {
            reject(reason: "syntax", mn: nil, peer: link.peer, detail: error.detail)
            return nil
        }
        let mn = packet.headerValue("MN") ?? ""
        guard let device = try await devices.device(mn) else {
            reject(reason: "unknown_device", mn: mn, peer: link.peer, detail: "MN \(mn) is not registered")
            return nil
        }
        guard device.password == nil || device.password == packet.headerValue("PW") else {
            reject(reason: "bad_password", mn: mn, peer: link.peer, detail: "wrong PW for MN \(mn)")
            return nil
        }
        if device.mode == .quarantine {
            status.quarantined(mn, frame: HJ212DecodeReport.line(for: .frame(frame)))
            return nil
        }
        let edition = device.edition.flatMap { HJ212Edition(rawValue: $0.rawValue) } ?? packet.edition
        if seen.insert(mn).inserted { status.connected(mn, peer: link.peer) }
        commands.attach(
            mn, writer: link.writer, connection: link.id, systemCode: packet.headerValue("ST") ?? "32", edition: edition,
            password: packet.headerValue("PW") ?? device.password ?? "")
        let observations: [Observation]
        do {
            observations = try packet.observations(siteCode: device.siteCode, catalogue: catalogue)
        } catch {
            reject(reason: "syntax", mn: mn, peer: link.peer, detail: error.detail)
            return nil
        }
        if !observations.isEmpty { try await batcher.submit(observations) }
        status.accepted(mn, edition: edition, systemCode: packet.headerValue("ST"), crcVariant: crcVariant)
        acceptedFrames.increment()
        storedValues.increment(by: observations.count)
        try await followUp(packet, device: device)
        return HJ212Answer.command(for: packet).map { cn in
            HJ212Frame.encode(segment: HJ212Answer.segment(answering: packet, with: cn, edition: edition))
        }
    }

    /// What a stored frame means beyond its values: answers to the centre's requests (a finished 1014 installs
    /// the new key), a logger asking for a new key, and the pieces of split uploads.
    private func followUp(_ packet: HJ212Packet, device: Device) async throws {
        let now = Timestamp.now
        if let newKey = commands.answered(packet) {
            var changed = device
            changed.sm4KeyHex = newKey
            try await devices.save(changed)
            logger.notice("SM4 key replaced by CN 1014", metadata: ["mn": "\(device.mn)"])
        }
        if packet.headerValue("CN") == "1014", device.sm4KeyHex != nil {
            _ = try await commands.sendNewKey(to: device, now: now)
        }
        guard HJ212Reassembler.pieceNumbers(packet) != nil else { return }
        let (complete, expired) = reassembler.withLock { reassembler in
            (reassembler.add(packet, at: now), reassembler.expire(at: now))
        }
        if let complete { status.splitUpload(complete.key.mn, complete: true) }
        for upload in expired {
            status.splitUpload(upload.key.mn, complete: false)
            logger.notice("split upload incomplete", metadata: [
                "mn": "\(upload.key.mn)", "cn": "\(upload.key.cn)", "data_time": "\(upload.key.dataTime)",
                "missing": "\(upload.missing.map(String.init).joined(separator: ","))",
            ])
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
