import HJ212
import Logging
import Metrics
import NIOCore
import NIOPosix
import NIOSSL
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
        /// TLS before everything else on the connection, for loggers that speak it.
        var tls: NIOSSLContext?
    }

    private let address: HostAndPort
    private let limits: Limits
    let devices: DeviceDirectory
    let batcher: IngestBatcher
    let sessionConfiguration: HJ212Session.Configuration
    /// Work that must await (registry look-ups, follow-ups), run as child tasks of the gateway's task group.
    private let slowLane = AsyncStream.makeStream(of: (@Sendable () async -> Void).self)
    /// Slow-lane jobs not started yet, with how to fail each: a cancelled gateway drops what its stream buffered,
    /// and no connection may wait for ever on a promise nobody completes.
    private let unstarted = Mutex<(next: Int, fail: [Int: @Sendable () -> Void], closed: Bool)>((0, [:], false))
    let status: DeviceStatusBoard
    let commands: HJ212CommandCenter
    private let reassembler = Mutex(HJ212Reassembler())
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
        address: HostAndPort, limits: Limits = Limits(), store: any PlatformStore, devices: DeviceDirectory,
        catalogue: ParameterCatalogue, status: DeviceStatusBoard, commands: HJ212CommandCenter, logger: Logger,
        onListening: (@Sendable (Int) async -> Void)? = nil
    ) {
        self.address = address
        self.limits = limits
        self.devices = devices
        self.batcher = IngestBatcher(store: store)
        self.status = status
        self.commands = commands
        sessionConfiguration = HJ212Session.Configuration(
            catalogue: catalogue, futureTime: limits.futureTime, maximumPasswordFailures: limits.passwordFailures)
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
                    if let tls = limits.tls { try pipeline.addHandler(NIOSSLServerHandler(context: tls)) }
                    try pipeline.addHandler(
                        ReadDeadlineHandler(terminator: Array("\r\n".utf8), timeout: limits.frameTimeout) { peer in
                            self.logger.notice("frame not complete in time; connection closed", metadata: ["peer": "\(peer)"])
                        })
                    try pipeline.addHandler(IdleStateHandler(readTimeout: limits.idleTimeout))
                    try pipeline.addHandler(IdleCloseHandler())
                    try pipeline.addHandler(
                        ByteToMessageHandler(
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
            group.addTask {
                try? await gracefulShutdown()
                try? await server.close()
                self.batcher.stop()
                self.slowLane.continuation.finish()
            }
            for await job in slowLane.stream {
                group.addTask { await job() }
            }
        }
        let left = unstarted.withLock { state in
            state.closed = true
            defer { state.fail = [:] }
            return Array(state.fail.values)
        }
        for fail in left { fail() }
        logger.info("HJ 212 gateway stopped")
    }

    /// Looks up a device the cache does not hold (the registry is read at most every few seconds for strangers).
    func lookUp(_ mn: String, on loop: any EventLoop) -> EventLoopFuture<(Device?, String?)> {
        slowly(on: loop) { (try await self.devices.device(mn), self.devices.previousKey(mn)) }
    }

    /// What a stored frame means beyond its values, carried out in the slow lane; a failure is logged (the frame
    /// itself is stored and answered).
    func followUp(_ packet: HJ212Packet, device: Device, on loop: any EventLoop) -> EventLoopFuture<Void> {
        slowly(on: loop) {
            do {
                try await self.followUp(packet, device: device)
            } catch {
                self.logger.error("follow-up of a frame failed", metadata: ["mn": "\(device.mn)", "error": "\(error)"])
            }
        }
    }

    /// Runs `work` as a child task of the gateway's own task group (no unstructured tasks) and completes on `loop`.
    private func slowly<T: Sendable>(on loop: any EventLoop, _ work: @escaping @Sendable () async throws -> T) -> EventLoopFuture<T> {
        let promise = loop.makePromise(of: T.self)
        let id = unstarted.withLock { state -> Int? in
            guard !state.closed else { return nil }
            defer { state.next += 1 }
            state.fail[state.next] = { promise.fail(IngestBatcher.Closed()) }
            return state.next
        }
        guard let id else {
            promise.fail(IngestBatcher.Closed())
            return promise.futureResult
        }
        let job: @Sendable () async -> Void = {
            guard self.unstarted.withLock({ $0.fail.removeValue(forKey: id) }) != nil else { return }
            do { promise.succeed(try await work()) } catch { promise.fail(error) }
        }
        if case .terminated = slowLane.continuation.yield(job), let fail = unstarted.withLock({ $0.fail.removeValue(forKey: id) }) {
            fail()
        }
        return promise.futureResult
    }

    /// A frame's values are committed: the status board, the metrics and the request centre learn of it.
    func accepted(_ acceptance: HJ212Session.Acceptance, channel: any Channel) {
        commands.attach(
            acceptance.mn, channel: channel, systemCode: acceptance.systemCode ?? "32", edition: acceptance.edition,
            password: acceptance.password ?? "")
        status.accepted(acceptance.mn, edition: acceptance.edition, systemCode: acceptance.systemCode, crcVariant: acceptance.crcVariant)
        acceptedFrames.increment()
        storedValues.increment(by: acceptance.values)
    }

    /// A connection sent too many wrong passwords: its address waits before it may connect again.
    func passwordFailuresExceeded(address: String?, peer: String) {
        let wait = passwordBackoff.withLock { $0.failed(address ?? peer, now: .now) }
        logger.warning("connection closed after repeated wrong passwords", metadata: ["peer": "\(peer)", "backoff_ms": "\(wait)"])
    }

    /// A connection closed: its devices are offline and can no longer be sent requests.
    /// A device that reconnected on another connection before this one closed stays online.
    func disconnected(_ mns: Set<String>, channel: any Channel) {
        status.disconnected(commands.detach(mns, channel: channel))
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
            logger.notice(
                "split upload incomplete",
                metadata: [
                    "mn": "\(upload.key.mn)", "cn": "\(upload.key.cn)", "data_time": "\(upload.key.dataTime)",
                    "missing": "\(upload.missing.map(String.init).joined(separator: ","))",
                ])
        }
    }

    func reject(_ rejection: HJ212Session.Rejection, peer: String) {
        Counter(label: "qingshan_hj212_frames_total", dimensions: [("outcome", "rejected"), ("reason", rejection.reason)]).increment()
        // Only registered loggers get a status line: strangers' MNs would otherwise add series without bound.
        if let mn = rejection.mn, devices.cached(mn) != nil { status.rejected(mn, reason: rejection.reason) }
        logger.notice(
            "frame rejected",
            metadata: ["peer": "\(peer)", "mn": "\(rejection.mn ?? "")", "reason": "\(rejection.reason)", "detail": "\(rejection.detail)"])
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
