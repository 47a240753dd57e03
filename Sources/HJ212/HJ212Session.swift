import NIOCore
public import QingshanCore

/// One logger connection as a pure state machine: it takes decoded frames and refusals, device look-ups and
/// commit results, and answers with the actions to carry out (look a device up, store values, answer, reject,
/// close). It never touches a socket, a clock or a store, so every path is testable without them; the gateway
/// runs the socket and carries the actions out.
///
/// Frames are handled one at a time, in order. While `queueLimit` frames wait, `shouldRead()` says no, so a
/// logger that sends faster than the store commits is slowed instead of buffered without bound.
public struct HJ212Session: Sendable {
    public struct Configuration: Sendable {
        public var catalogue: ParameterCatalogue
        /// How far past now a period may start; later data are refused (no 9014), never stored.
        public var futureTime: FutureTimeLimit
        /// Wrong access passwords on one connection before it is closed.
        public var maximumPasswordFailures: Int
        /// Frames decoded but not yet handled before reading stops.
        public var queueLimit: Int

        public init(
            catalogue: ParameterCatalogue, futureTime: FutureTimeLimit = FutureTimeLimit(seconds: 600), maximumPasswordFailures: Int = 3,
            queueLimit: Int = 8
        ) {
            self.catalogue = catalogue
            self.futureTime = futureTime
            self.maximumPasswordFailures = maximumPasswordFailures
            self.queueLimit = queueLimit
        }
    }

    /// A refused frame: why (a `HJ212FrameError.Reason`, or `syntax`, `unknown_device`, `bad_password`,
    /// `time_in_future`), the MN when it could be read, and the details for the log.
    public struct Rejection: Sendable, Hashable {
        public var reason: String
        public var mn: String?
        public var detail: String
    }

    /// A frame whose values are committed: what the status board, the metrics and the request centre learn.
    public struct Acceptance: Sendable {
        public var mn: String
        public var edition: HJ212Edition
        public var systemCode: String?
        /// The password the logger sent, which requests to it must carry.
        public var password: String?
        public var crcVariant: HJ212CRCVariant
        public var values: Int
    }

    public enum CloseReason: Sendable, Hashable {
        /// Too many wrong access passwords: the address should be backed off.
        case passwordFailures
        /// The store failed or is stopping: nothing more is acknowledged; the logger resends.
        case commitFailed
    }

    public enum Action: Sendable {
        /// Find the device of `mn` and call `deviceFound`.
        case lookUp(mn: String)
        /// Commit these values (one transaction with other connections' is fine) and call `committed` or
        /// `commitFailed`; nothing of the frame is answered before.
        case store([Observation])
        case accepted(Acceptance)
        /// The first accepted frame of this device on this connection.
        case connected(mn: String)
        /// Write these bytes to the logger.
        case answer([UInt8])
        /// What a stored frame means beyond its values (answers to requests, a logger asking for a key, pieces
        /// of a split upload); call `followedUp` when done. The next frame waits for it.
        case followUp(HJ212Packet, Device)
        case reject(Rejection)
        /// A quarantined device's frame, decoded, for an operator; neither stored nor answered.
        case quarantine(mn: String, report: String)
        /// Ask the socket for more bytes again.
        case resumeReading
        case close(CloseReason)
        /// The connection is over and every frame it sent handled: its devices are offline.
        case finished(devices: Set<String>)
    }

    /// The frame in hand.
    enum Step: Sendable {
        case idle
        /// An upload waits for its device; `crcVariant` says how its CRC matched.
        case lookingUpUpload(HJ212Frame, HJ212Packet, HJ212CRCVariant)
        /// A frame whose CRC failed waits for its device: it may be encrypted, or a lenient device's Modbus CRC.
        case lookingUpRecovery(HJ212FrameError, HJ212Frame, mn: String)
        case committing(HJ212Packet, Device, Acceptance, answer: [UInt8]?)
        case followingUp
    }

    enum Connection: Sendable, Equatable {
        case open
        /// The logger hung up; frames it sent before are still handled.
        case peerClosed
        /// This side closed it; nothing more is handled.
        case closed
        case finished
    }

    public let configuration: Configuration
    var step = Step.idle
    var connection = Connection.open
    /// Frames waiting their turn. A ring buffer: a logger that keeps frames coming never lets it empty, and an
    /// array consumed from the front would keep every frame it ever held.
    var queue = CircularBuffer<HJ212FrameDecoder.Event>()
    var readHeld = false
    var wrongPasswords = 0
    var devices = Set<String>()

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    var waiting: Int { queue.count }

    /// A frame or refusal from the framer.
    public mutating func received(_ event: HJ212FrameDecoder.Event, now: Timestamp) -> [Action] {
        guard connection == .open else { return [] }
        queue.append(event)
        return next(now: now)
    }

    /// Whether the socket may be read now; when not, `resumeReading` comes once the queue drains.
    public mutating func shouldRead() -> Bool {
        if waiting >= configuration.queueLimit {
            readHeld = true
            return false
        }
        return true
    }

    /// The answer to `lookUp`: the device (nil when not registered) and the key a 1014 replaced, still tried
    /// for frames encrypted before the logger switched.
    public mutating func deviceFound(_ device: Device?, previousKey: String? = nil, now: Timestamp) -> [Action] {
        switch step {
        case .lookingUpUpload(let frame, let packet, let variant):
            step = .idle
            guard let device else {
                let mn = packet.headerValue("MN") ?? ""
                return [.reject(Rejection(reason: "unknown_device", mn: mn, detail: "MN \(mn) is not registered"))] + next(now: now)
            }
            return accept(frame, packet: packet, device: device, crcVariant: variant, now: now)
        case .lookingUpRecovery(let error, let frame, let mn):
            step = .idle
            guard let device, let (plain, variant) = Self.recover(frame, device: device, previousKey: previousKey) else {
                return [.reject(Rejection(reason: error.reason.rawValue, mn: mn, detail: error.description))] + next(now: now)
            }
            let packet: HJ212Packet
            do {
                packet = try HJ212Packet.parse(plain.segment)
            } catch {
                return [.reject(Rejection(reason: "syntax", mn: mn, detail: error.detail))] + next(now: now)
            }
            return accept(plain, packet: packet, device: device, crcVariant: variant, now: now)
        default:
            return []
        }
    }

    /// The look-up failed (the registry could not be read, or the gateway is stopping): nothing more is handled
    /// on this connection; the logger resends.
    public mutating func lookUpFailed() -> [Action] {
        switch step {
        case .lookingUpUpload, .lookingUpRecovery:
            step = .idle
            return close(.commitFailed)
        default:
            return []
        }
    }

    /// The values of the frame in hand are committed: answer it.
    public mutating func committed(now: Timestamp) -> [Action] {
        guard case .committing(let packet, let device, let acceptance, let answer) = step else { return [] }
        var actions: [Action] = [.accepted(acceptance)]
        if devices.insert(acceptance.mn).inserted { actions.append(.connected(mn: acceptance.mn)) }
        if let answer { actions.append(.answer(answer)) }
        if Self.needsFollowUp(packet) {
            step = .followingUp
            actions.append(.followUp(packet, device))
            return actions
        }
        step = .idle
        return actions + next(now: now)
    }

    /// The commit failed (or the gateway is stopping): nothing more is acknowledged on this connection.
    public mutating func commitFailed() -> [Action] {
        guard case .committing = step else { return [] }
        step = .idle
        return close(.commitFailed)
    }

    /// A follow-up is carried out: on to the next frame.
    public mutating func followedUp(now: Timestamp) -> [Action] {
        guard case .followingUp = step else { return [] }
        step = .idle
        return next(now: now)
    }

    /// The logger hung up: what it sent before is still handled, then the connection finishes.
    public mutating func peerClosed(now: Timestamp) -> [Action] {
        if connection == .open { connection = .peerClosed }
        return next(now: now)
    }

    /// Frames whose meaning goes beyond their values: answers to requests, a key request, split-upload pieces.
    public static func needsFollowUp(_ packet: HJ212Packet) -> Bool {
        ["9011", "9012", "1014"].contains(packet.headerValue("CN") ?? "") || HJ212Reassembler.pieceNumbers(packet) != nil
    }

    // MARK: - Steps

    /// Takes the next waiting frame if none is in hand, reads again once the queue has drained, and finishes a
    /// connection that is over.
    private mutating func next(now: Timestamp) -> [Action] {
        var actions: [Action] = []
        while case .idle = step, connection == .open || connection == .peerClosed, let event = popFirst() {
            actions += begin(event, now: now)
        }
        if readHeld, waiting < configuration.queueLimit, connection == .open {
            readHeld = false
            actions.append(.resumeReading)
        }
        return actions + finishIfOver()
    }

    private mutating func finishIfOver() -> [Action] {
        guard case .idle = step, waiting == 0, connection == .peerClosed || connection == .closed else { return [] }
        connection = .finished
        return [.finished(devices: devices)]
    }

    private mutating func popFirst() -> HJ212FrameDecoder.Event? {
        queue.popFirst()
    }

    /// Starts on one frame: parsed and sent to look its device up, or refused.
    private mutating func begin(_ event: HJ212FrameDecoder.Event, now: Timestamp) -> [Action] {
        switch event {
        case .frame(let frame):
            let packet: HJ212Packet
            do {
                packet = try HJ212Packet.parse(frame.segment)
            } catch {
                return [.reject(Rejection(reason: "syntax", mn: nil, detail: error.detail))]
            }
            step = .lookingUpUpload(frame, packet, frame.crcVariant)
            return [.lookUp(mn: packet.headerValue("MN") ?? "")]
        case .rejected(let error):
            guard error.reason == .crc, let frame = error.frame, let mn = HJ212Packet.headerValue("MN", in: frame.segment) else {
                let mn = error.frame.flatMap { HJ212Packet.headerValue("MN", in: $0.segment) }
                return [.reject(Rejection(reason: error.reason.rawValue, mn: mn, detail: error.description))]
            }
            step = .lookingUpRecovery(error, frame, mn: mn)
            return [.lookUp(mn: mn)]
        }
    }

    /// Checks a frame against its device and hands its values to the store.
    private mutating func accept(
        _ frame: HJ212Frame, packet: HJ212Packet, device: Device, crcVariant: HJ212CRCVariant, now: Timestamp
    ) -> [Action] {
        let mn = device.mn
        guard device.password == nil || device.password == packet.headerValue("PW") else {
            wrongPasswords += 1
            let rejection = Action.reject(Rejection(reason: "bad_password", mn: mn, detail: "wrong PW for MN \(mn)"))
            if wrongPasswords >= configuration.maximumPasswordFailures { return [rejection] + close(.passwordFailures) }
            return [rejection] + next(now: now)
        }
        if device.mode == .quarantine {
            return [.quarantine(mn: mn, report: HJ212FrameReport.line(for: .frame(frame)))] + next(now: now)
        }
        let observations: [Observation]
        do {
            observations = try packet.observations(siteCode: device.siteCode, catalogue: configuration.catalogue)
        } catch {
            return [.reject(Rejection(reason: "syntax", mn: mn, detail: error.detail))] + next(now: now)
        }
        // A logger whose clock runs ahead would otherwise put tomorrow's values into "latest" for ever (the first
        // write of a period wins). Not acknowledged: the logger keeps the data and resends once its clock is set.
        let futureTime = configuration.futureTime
        if let refusal = observations.lazy.compactMap({ futureTime.refusal($0.periodStart, now: now) }).first {
            let detail = "DataTime \(refusal); set the logger's time (CN 1012)"
            return [.reject(Rejection(reason: "time_in_future", mn: mn, detail: detail))] + next(now: now)
        }
        let edition = device.edition ?? packet.edition
        let answer = HJ212Answer.command(for: packet).map { cn in
            HJ212Frame.encode(segment: HJ212Answer.segment(answering: packet, with: cn, edition: edition))
        }
        let acceptance = Acceptance(
            mn: mn, edition: edition, systemCode: packet.headerValue("ST"), password: packet.headerValue("PW") ?? device.password,
            crcVariant: crcVariant, values: observations.count)
        step = .committing(packet, device, acceptance, answer: answer)
        if observations.isEmpty { return committed(now: now) }
        return [.store(observations)]
    }

    private mutating func close(_ reason: CloseReason) -> [Action] {
        queue.removeAll()
        connection = .closed
        return [.close(reason)] + finishIfOver()
    }

    /// A frame whose CRC failed, made good for its device: a lenient device's Modbus variant, or an HJ 212-2025
    /// data area encrypted with the device's key (or the key a 1014 just replaced); the CRC covers the plaintext.
    static func recover(_ frame: HJ212Frame, device: Device, previousKey: String?) -> (HJ212Frame, HJ212CRCVariant)? {
        if device.lenientCRC, let variant = HJ212CRCVariant.match(sent: frame.crc, segment: frame.segment, lenient: true) {
            return (frame, variant)
        }
        for keyText in [device.sm4KeyHex, previousKey].compactMap({ $0 }) {
            guard let key = HJ212Encryption.key(keyText), let cipher = try? SM4(key: key),
                let plain = HJ212Encryption.decrypt(segment: frame.segment, with: cipher),
                HJ212CRC.checksum(plain) == frame.crc
            else { continue }
            return (HJ212Frame(offset: frame.offset, segment: plain, crc: frame.crc), .standard)
        }
        return nil
    }
}
