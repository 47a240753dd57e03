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
/// Connections are plain NIO pipelines (`HJ212ConnectionHandler` last): frames are handled on the event loop
/// and their values handed to the group commit without a hop through Swift tasks per frame. A connection has
/// one frame in flight and stops reading while a few wait, so a slow store slows the readers down instead
/// of filling memory: that is the backpressure.
final class HJ212Gateway: Service, Sendable {
    struct Limits: Sendable {
        var maximumConnections = 20_000
        var idleTimeout: TimeAmount = .seconds(900)
        var maximumSegmentLength = 1024
        /// From a frame's first byte to its CR LF.
        var frameTimeout: TimeAmount = .seconds(60)
        /// Wrong access passwords on one connection before it is closed and its address backed off (whole
        /// seconds, doubling with each further closure).
        var passwordFailures = 3
        var passwordBackoff: Duration = .seconds(10)
        /// How far past now a period may start; later data are refused (no 9014), never stored.
        var futureTime = FutureTimeLimit(seconds: 600)
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
    /// Addresses refused for a while after connections closed for wrong passwords.
    private let passwordBackoff: Mutex<FailureBackoff>
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
        passwordBackoff = Mutex(FailureBackoff(initialMilliseconds: limits.passwordBackoff.components.seconds * 1000))
    }

    func run() async throws {
        let limits = self.limits
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: 1)
            .childChannelInitializer { channel in
                if let address = channel.remoteAddress?.ipAddress,
                    let wait = self.passwordBackoff.withLock({ $0.remaining(address, now: .now) })
                {
                    self.refusedConnections.increment()
                    self.logger.debug("connection refused during password back-off", metadata: ["peer": "\(address)", "wait_ms": "\(wait)"])
                    return channel.close()
                }
                guard self.activeConnections.add(1, ordering: .relaxed).newValue <= limits.maximumConnections else {
                    self.activeConnections.subtract(1, ordering: .relaxed)
                    self.refusedConnections.increment()
                    return channel.close()
                }
                self.connectionsGauge.record(self.activeConnections.load(ordering: .relaxed))
                channel.closeFuture.whenComplete { _ in
                    self.connectionsGauge.record(self.activeConnections.subtract(1, ordering: .relaxed).newValue)
                }
                return channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(ReadDeadlineHandler(terminator: Array("\r\n".utf8), timeout: limits.frameTimeout) { peer in
                        self.logger.notice("frame not complete in time; connection closed", metadata: ["peer": "\(peer)"])
                    })
                    try pipeline.addHandler(IdleStateHandler(readTimeout: limits.idleTimeout))
                    try pipeline.addHandler(IdleCloseHandler())
                    try pipeline.addHandler(ByteToMessageHandler(
                        HJ212FrameHandler(decoder: HJ212FrameDecoder(maximumSegmentLength: limits.maximumSegmentLength))))
                    try pipeline.addHandler(HJ212ConnectionHandler(gateway: self))
                }
            }
            .bind(host: address.host, port: address.port).get()
        let port = server.localAddress?.port ?? address.port
        logger.info("HJ 212 gateway listening", metadata: ["address": "\(address.host):\(port)"])
        await onListening?(port)
        await withDiscardingTaskGroup { group in
            group.addTask { await self.batcher.run() }
            // Split uploads whose pieces stopped coming are reported even when no other piece arrives; until
            // graceful shutdown or cancellation.
            group.addTask {
                try? await cancelWhenGracefulShutdown {
                    while true {
                        try await Task.sleep(for: .seconds(60))
                        self.reportIncomplete(self.reassembler.withLock { $0.expire(at: .now) })
                    }
                }
            }
            // Until graceful shutdown or cancellation; then no new connections, and the writer finishes.
            try? await gracefulShutdown()
            try? await server.close()
            self.batcher.stop()
        }
        logger.info("HJ 212 gateway stopped")
    }

    /// What the gateway needs of the connection a frame came on.
    struct Link: Sendable {
        var peer: String
        var channel: any Channel
    }

    /// What became of one frame: its answer (if any) and the device it was accepted for.
    struct Outcome: Sendable {
        var answer: [UInt8]?
        var acceptedMN: String?
        /// The frame carried a wrong access password.
        var wrongPassword = false

        static let nothing = Outcome()
    }

    /// Handles one frame or refusal on the connection's event loop. The common case (a good frame of a
    /// device in the cache that needs no follow-up) never leaves the loop until its values are committed;
    /// the rest (unknown to the cache, CRC failures to decrypt, answers to requests, split uploads) go
    /// through a task.
    func process(_ event: HJ212FrameDecoder.Event, link: Link) -> EventLoopFuture<Outcome> {
        let loop = link.channel.eventLoop
        guard case .frame(let frame) = event else {
            return loop.makeFutureWithTask { try await self.processSlowly(event, link: link) }
        }
        let packet: HJ212Packet
        do {
            packet = try HJ212Packet.parse(frame.segment)
        } catch {
            reject(reason: "syntax", mn: nil, peer: link.peer, detail: error.detail)
            return loop.makeSucceededFuture(.nothing)
        }
        guard let device = devices.cached(packet.headerValue("MN") ?? ""), !Self.needsFollowUp(packet) else {
            return loop.makeFutureWithTask { try await self.accept(frame, packet: packet, crcVariant: .standard, link: link).get() }
        }
        return accept(frame, packet: packet, device: device, crcVariant: .standard, link: link)
    }

    static func needsFollowUp(_ packet: HJ212Packet) -> Bool {
        ["9011", "9012", "1014"].contains(packet.headerValue("CN") ?? "") || HJ212Reassembler.pieceNumbers(packet) != nil
    }

    private func processSlowly(_ event: HJ212FrameDecoder.Event, link: Link) async throws -> Outcome {
        switch event {
        case .frame(let frame):
            return try await accept(frame, packet: nil, crcVariant: .standard, link: link).get()
        case .rejected(let error):
            if let (frame, variant) = try await recovered(error) {
                return try await accept(frame, packet: nil, crcVariant: variant, link: link).get()
            }
            let mn = error.frame.flatMap { HJ212Encryption.headerField("MN", in: $0.segment) }
            reject(reason: error.reason.rawValue, mn: mn, peer: link.peer, detail: error.description)
            return .nothing
        }
    }

    /// The slow way to `accept`: parses if needed and looks the device up in the registry.
    private func accept(
        _ frame: HJ212Frame, packet parsed: HJ212Packet?, crcVariant: HJ212CRCVariant, link: Link
    ) async throws -> EventLoopFuture<Outcome> {
        let loop = link.channel.eventLoop
        let packet: HJ212Packet
        if let parsed {
            packet = parsed
        } else {
            do {
                packet = try HJ212Packet.parse(frame.segment)
            } catch {
                reject(reason: "syntax", mn: nil, peer: link.peer, detail: error.detail)
                return loop.makeSucceededFuture(.nothing)
            }
        }
        let mn = packet.headerValue("MN") ?? ""
        guard let device = try await devices.device(mn) else {
            reject(reason: "unknown_device", mn: mn, peer: link.peer, detail: "MN \(mn) is not registered")
            return loop.makeSucceededFuture(.nothing)
        }
        let accepted = accept(frame, packet: packet, device: device, crcVariant: crcVariant, link: link)
        guard Self.needsFollowUp(packet) else { return accepted }
        let outcome = try await accepted.get()
        if outcome.acceptedMN != nil { try await followUp(packet, device: device) }
        return loop.makeSucceededFuture(outcome)
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

    /// Checks a frame against its device, stores its values and completes with the answer to send.
    private func accept(
        _ frame: HJ212Frame, packet: HJ212Packet, device: Device, crcVariant: HJ212CRCVariant, link: Link
    ) -> EventLoopFuture<Outcome> {
        let loop = link.channel.eventLoop
        let mn = device.mn
        guard device.password == nil || device.password == packet.headerValue("PW") else {
            reject(reason: "bad_password", mn: mn, peer: link.peer, detail: "wrong PW for MN \(mn)")
            return loop.makeSucceededFuture(Outcome(wrongPassword: true))
        }
        if device.mode == .quarantine {
            status.quarantined(mn, frame: HJ212FrameReport.line(for: .frame(frame)))
            return loop.makeSucceededFuture(.nothing)
        }
        let edition = device.edition ?? packet.edition
        let observations: [Observation]
        do {
            observations = try packet.observations(siteCode: device.siteCode, catalogue: catalogue)
        } catch {
            reject(reason: "syntax", mn: mn, peer: link.peer, detail: error.detail)
            return loop.makeSucceededFuture(.nothing)
        }
        // A logger whose clock runs ahead would otherwise put tomorrow's values into "latest" for ever (the first
        // write of a period wins). Not acknowledged: the logger keeps the data and resends once its clock is set.
        let now = Timestamp.now
        if let refusal = observations.lazy.compactMap({ self.limits.futureTime.refusal($0.periodStart, now: now) }).first {
            reject(reason: "time_in_future", mn: mn, peer: link.peer, detail: "DataTime \(refusal); set the logger's time (CN 1012)")
            return loop.makeSucceededFuture(.nothing)
        }
        commands.attach(
            mn, channel: link.channel, systemCode: packet.headerValue("ST") ?? "32", edition: edition,
            password: packet.headerValue("PW") ?? device.password ?? "")
        let committed = observations.isEmpty ? loop.makeSucceededVoidFuture() : batcher.submit(observations, on: loop)
        return committed.map { [self] in
            status.accepted(mn, edition: edition, systemCode: packet.headerValue("ST"), crcVariant: crcVariant)
            acceptedFrames.increment()
            storedValues.increment(by: observations.count)
            let answer = HJ212Answer.command(for: packet).map { cn in
                HJ212Frame.encode(segment: HJ212Answer.segment(answering: packet, with: cn, edition: edition))
            }
            return Outcome(answer: answer, acceptedMN: mn)
        }
    }

    /// A connection sent too many wrong passwords: its address waits before it may connect again.
    func passwordFailuresExceeded(address: String?, peer: String) {
        let wait = passwordBackoff.withLock { $0.failed(address ?? peer, now: .now) }
        logger.warning("connection closed after repeated wrong passwords", metadata: ["peer": "\(peer)", "backoff_ms": "\(wait)"])
    }

    var maximumPasswordFailures: Int { limits.passwordFailures }

    /// A connection closed: its devices are offline and can no longer be sent requests.
    func disconnected(_ mns: Set<String>, channel: any Channel) {
        commands.detach(mns, channel: channel)
        status.disconnected(mns)
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
        reportIncomplete(expired)
    }

    private func reportIncomplete(_ uploads: [HJ212Reassembler.Upload]) {
        for upload in uploads {
            status.splitUpload(upload.key.mn, complete: false)
            logger.notice("split upload incomplete", metadata: [
                "mn": "\(upload.key.mn)", "cn": "\(upload.key.cn)", "data_time": "\(upload.key.dataTime)",
                "missing": "\(upload.missing.map(String.init).joined(separator: ","))",
            ])
        }
    }

    private func reject(reason: String, mn: String?, peer: String, detail: String) {
        Counter(label: "qingshan_hj212_frames_total", dimensions: [("outcome", "rejected"), ("reason", reason)]).increment()
        // Only registered loggers get a status line: strangers' MNs would otherwise add series without bound.
        if let mn, devices.cached(mn) != nil { status.rejected(mn, reason: reason) }
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
