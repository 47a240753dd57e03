import HJ212
import NIOCore
import NIOEmbedded
import NIOTestUtils
import QingshanCore
import Testing

/// The per-connection state machine driven without sockets: every path a frame can take, the order of the
/// actions, back-pressure, and how a connection ends.
@Suite struct HJ212SessionTests {
    static let now = CivilDateTime(year: 2024, month: 3, day: 1, hour: 12).timestamp
    static let device = Device(mn: "MN1", siteCode: "S1", password: "pw")

    static func upload(minute: Int = 0, pw: String = "pw", mn: String = "MN1", cn: String = "2051", flag: Int = 5, extra: String = "") -> [UInt8] {
        let time = CivilDateTime(year: 2024, month: 3, day: 1, hour: 10, minute: minute).timestamp
        return Array(
            "QN=\(HJ212Request.qn(at: time));ST=22;CN=\(cn);PW=\(pw);MN=\(mn);Flag=\(flag);\(extra)CP=&&DataTime=\(HJ212Request.dataTime(time));a34004-Avg=\(minute),a34004-Flag=N&&"
                .utf8)
    }

    static func frame(_ segment: [UInt8]) -> HJ212FrameDecoder.Event {
        .frame(HJ212Frame(offset: 0, segment: segment, crc: HJ212CRC.checksum(segment)))
    }

    /// A short, comparable name for each action.
    static func names(_ actions: [HJ212Session.Action]) -> [String] {
        actions.map { action in
            switch action {
            case .lookUp(let mn): "lookUp \(mn)"
            case .store(let values): "store \(values.count)"
            case .accepted(let acceptance): "accepted \(acceptance.mn) \(acceptance.edition.rawValue)"
            case .connected(let mn): "connected \(mn)"
            case .answer(let bytes):
                "answer " + (HJ212Packet.headerValue("CN", in: Array(bytes.dropFirst(6).dropLast(6))) ?? "?")
            case .followUp(let packet, _): "followUp \(packet.headerValue("CN") ?? "")"
            case .reject(let rejection): "reject \(rejection.reason)"
            case .quarantine(let mn, _): "quarantine \(mn)"
            case .resumeReading: "resumeReading"
            case .close(let reason): "close \(reason)"
            case .finished(let devices): "finished \(devices.sorted().joined(separator: ","))"
            }
        }
    }

    static func session(queueLimit: Int = 8) -> HJ212Session {
        HJ212Session(configuration: .init(catalogue: .standard, maximumPasswordFailures: 3, queueLimit: queueLimit))
    }

    @Test func aGoodUploadIsStoredThenAnswered() {
        var session = Self.session()
        #expect(Self.names(session.received(Self.frame(Self.upload()), now: Self.now)) == ["lookUp MN1"])
        let store = session.deviceFound(Self.device, now: Self.now)
        #expect(Self.names(store) == ["store 1"])
        if case .store(let values) = store[0] {
            #expect(values.map(\.siteCode) == ["S1"])
            #expect(values.map(\.interval) == [.minute])
        }
        #expect(Self.names(session.committed(now: Self.now)) == ["accepted MN1 2017", "connected MN1", "answer 9014"])
        // The same device again: not "connected" twice. Then the logger hangs up.
        _ = session.received(Self.frame(Self.upload(minute: 1)), now: Self.now)
        _ = session.deviceFound(Self.device, now: Self.now)
        #expect(Self.names(session.committed(now: Self.now)) == ["accepted MN1 2017", "answer 9014"])
        #expect(Self.names(session.peerClosed(now: Self.now)) == ["finished MN1"])
    }

    @Test(arguments: [
        (upload(mn: "MN9"), nil as Device?, "reject unknown_device"),
        (upload(pw: "wrong"), device, "reject bad_password"),
        (upload(), Device(mn: "MN1", siteCode: "S1", password: "pw", mode: .quarantine), "quarantine MN1"),
        (Array("QN=1;ST=22;CN=2051;PW=pw;MN=MN1;Flag=5;CP=&&DataTime=20990101000000;a34004-Avg=1&&".utf8), device, "reject time_in_future"),
    ])
    func refusalsStoreNothing(segment: [UInt8], device: Device?, outcome: String) {
        var session = Self.session()
        _ = session.received(Self.frame(segment), now: Self.now)
        #expect(Self.names(session.deviceFound(device, now: Self.now)) == [outcome])
        #expect(Self.names(session.peerClosed(now: Self.now)) == ["finished "])
    }

    @Test func unparsableAndBrokenFramesAreRefusedWithoutALookUp() {
        var session = Self.session()
        #expect(Self.names(session.received(Self.frame(Array("no fields here".utf8)), now: Self.now)) == ["reject syntax"])
        let truncated = HJ212FrameError(offset: 0, reason: .truncated, detail: "the stream ended inside a frame")
        #expect(Self.names(session.received(.rejected(truncated), now: Self.now)) == ["reject truncated"])
    }

    @Test func thirdWrongPasswordClosesAndDropsWhatWaits() {
        var session = Self.session()
        for minute in 0..<5 { _ = session.received(Self.frame(Self.upload(minute: minute, pw: "wrong")), now: Self.now) }
        #expect(Self.names(session.deviceFound(Self.device, now: Self.now)) == ["reject bad_password", "lookUp MN1"])
        #expect(Self.names(session.deviceFound(Self.device, now: Self.now)) == ["reject bad_password", "lookUp MN1"])
        #expect(Self.names(session.deviceFound(Self.device, now: Self.now)) == ["reject bad_password", "close passwordFailures", "finished "])
        #expect(session.received(Self.frame(Self.upload()), now: Self.now).isEmpty)
        #expect(session.peerClosed(now: Self.now).isEmpty)
    }

    @Test func anEncryptedUploadIsDecryptedWithTheDevicesKeyOrTheReplacedOne() throws {
        let plain = Self.upload(flag: 9)
        let cipher = try SM4(key: Array("0123456789abcdef".utf8))
        let wire = try #require(HJ212Encryption.encrypt(segment: plain, with: cipher))
        // The CRC covers the plaintext, so the framer refuses the frame for its CRC.
        let refused = HJ212FrameError(
            offset: 0, reason: .crc, detail: "crc", frame: HJ212Frame(offset: 0, segment: wire, crc: HJ212CRC.checksum(plain)))
        var keyed = Self.device
        keyed.sm4KeyHex = "0123456789abcdef"
        var session = Self.session()
        #expect(Self.names(session.received(.rejected(refused), now: Self.now)) == ["lookUp MN1"])
        #expect(Self.names(session.deviceFound(keyed, now: Self.now)) == ["store 1"])
        #expect(Self.names(session.committed(now: Self.now)) == ["accepted MN1 2025", "connected MN1", "answer 9014"])
        // After a 1014 the old key is still tried; without either key the CRC refusal stands.
        var rotated = keyed
        rotated.sm4KeyHex = "fedcba9876543210"
        _ = session.received(.rejected(refused), now: Self.now)
        #expect(Self.names(session.deviceFound(rotated, previousKey: "0123456789abcdef", now: Self.now)) == ["store 1"])
        _ = session.committed(now: Self.now)
        _ = session.received(.rejected(refused), now: Self.now)
        #expect(Self.names(session.deviceFound(rotated, now: Self.now)) == ["reject crc"])
    }

    @Test func framesWaitTheirTurnAndReadingStopsWhileTheQueueIsFull() {
        var session = Self.session(queueLimit: 3)
        #expect(Self.names(session.received(Self.frame(Self.upload(minute: 0)), now: Self.now)) == ["lookUp MN1"])
        for minute in 1...3 { #expect(session.received(Self.frame(Self.upload(minute: minute)), now: Self.now).isEmpty) }
        let readWhileFull = session.shouldRead()
        #expect(readWhileFull == false)
        #expect(Self.names(session.deviceFound(Self.device, now: Self.now)) == ["store 1"])
        // The next frame is taken only once the first is answered; the queue now has room: read again.
        #expect(Self.names(session.committed(now: Self.now)) == ["accepted MN1 2017", "connected MN1", "answer 9014", "lookUp MN1", "resumeReading"])
        let readAfter = session.shouldRead()
        #expect(readAfter)
    }

    @Test func aHangUpWaitsForTheFramesAlreadySent() {
        var session = Self.session()
        _ = session.received(Self.frame(Self.upload(minute: 0)), now: Self.now)
        _ = session.received(Self.frame(Self.upload(minute: 1)), now: Self.now)
        _ = session.deviceFound(Self.device, now: Self.now)
        #expect(session.peerClosed(now: Self.now).isEmpty)
        #expect(Self.names(session.committed(now: Self.now)) == ["accepted MN1 2017", "connected MN1", "answer 9014", "lookUp MN1"])
        _ = session.deviceFound(Self.device, now: Self.now)
        #expect(Self.names(session.committed(now: Self.now)) == ["accepted MN1 2017", "answer 9014", "finished MN1"])
    }

    @Test func aFailedCommitClosesWithoutAnAnswer() {
        var session = Self.session()
        _ = session.received(Self.frame(Self.upload(minute: 0)), now: Self.now)
        _ = session.received(Self.frame(Self.upload(minute: 1)), now: Self.now)
        _ = session.deviceFound(Self.device, now: Self.now)
        #expect(Self.names(session.commitFailed()) == ["close commitFailed", "finished "])
        #expect(session.committed(now: Self.now).isEmpty)
    }

    /// A look-up that fails (the registry unreadable, the gateway stopping) closes the connection and finishes
    /// it, so its devices go offline instead of the connection hanging in the look-up.
    @Test func aFailedLookUpClosesAndFinishes() {
        var session = Self.session()
        _ = session.received(Self.frame(Self.upload(minute: 0)), now: Self.now)
        _ = session.deviceFound(Self.device, now: Self.now)
        _ = session.committed(now: Self.now)
        #expect(Self.names(session.received(Self.frame(Self.upload(minute: 1)), now: Self.now)) == ["lookUp MN1"])
        _ = session.received(Self.frame(Self.upload(minute: 2)), now: Self.now)
        #expect(Self.names(session.lookUpFailed()) == ["close commitFailed", "finished MN1"])
        #expect(session.lookUpFailed().isEmpty)
        #expect(session.peerClosed(now: Self.now).isEmpty)
    }

    @Test func answersToRequestsAreFollowedUpBeforeTheNextFrame() {
        var session = Self.session()
        let done = Array("QN=20240301100000000;ST=22;CN=9012;PW=pw;MN=MN1;Flag=4;CP=&&QN=20240301100000000;ExeRtn=1&&".utf8)
        _ = session.received(Self.frame(done), now: Self.now)
        _ = session.received(Self.frame(Self.upload()), now: Self.now)
        // No values and no answer wanted (Flag bit A clear): nothing to commit, straight to the follow-up.
        #expect(Self.names(session.deviceFound(Self.device, now: Self.now)) == ["accepted MN1 2017", "connected MN1", "followUp 9012"])
        #expect(Self.names(session.followedUp(now: Self.now)) == ["lookUp MN1"])
    }

    /// The framer through NIO's own decoder verifier (every split of the input, and `decodeLast`). Events carry
    /// their offset in the stream, which the verifier's concatenations change, so they are compared by content.
    @Test func theFramerPassesNIOsDecoderVerifier() throws {
        struct ContentDecoder: ByteToMessageDecoder {
            typealias InboundOut = String
            var decoder = HJ212FrameDecoder()

            static func content(_ event: HJ212FrameDecoder.Event) -> String {
                switch event {
                case .frame(let frame): "frame " + String(decoding: frame.segment, as: UTF8.self)
                case .rejected(let error): "rejected \(error.reason.rawValue)"
                }
            }

            mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
                guard let event = decoder.next(&buffer) else { return .needMoreData }
                context.fireChannelRead(wrapInboundOut(Self.content(event)))
                return .continue
            }

            mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
                guard let event = decoder.next(&buffer, atEOF: true) else { return .needMoreData }
                context.fireChannelRead(wrapInboundOut(Self.content(event)))
                return .continue
            }
        }
        let segments = (0..<3).map { Self.upload(minute: $0) }
        var pairs = segments.map { segment in
            (ByteBuffer(bytes: HJ212Frame.encode(segment: segment)), ["frame " + String(decoding: segment, as: UTF8.self)])
        }
        // A frame with a broken CRC between good ones is refused on its own.
        var broken = HJ212Frame.encode(segment: Self.upload(minute: 9))
        broken[broken.count - 3] = broken[broken.count - 3] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        pairs.insert((ByteBuffer(bytes: broken), ["rejected crc"]), at: 1)
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) { ContentDecoder() }
    }

    /// A stream of whole frames leaves nothing behind: the channel finishes clean.
    @Test func aWholeStreamFinishesClean() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(HJ212FrameHandler()))
        let bytes = (0..<3).flatMap { HJ212Frame.encode(segment: Self.upload(minute: $0)) }
        try channel.writeInbound(ByteBuffer(bytes: bytes))
        var frames = 0
        while try channel.readInbound(as: HJ212FrameDecoder.Event.self) != nil { frames += 1 }
        #expect(frames == 3)
        let finish = try channel.finish()
        #expect(finish.isClean)
    }
}
