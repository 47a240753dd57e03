import HJ212
import NIOCore
import NIOPosix
import Synchronization

/// `qingshan hj212 replay`: sends a capture to a centre, one connection per MN, and waits for the answers
/// the frames ask for.
public enum HJ212Replay {

    public struct Outcome: Sendable {
        /// Frames sent to the centre.
        public var sent = 0
        /// Answers (9014/9013) received for frames that asked for one.
        public var answered = 0
        /// Frames that asked for an answer and got none in time.
        public var unanswered = 0
        /// Broken bytes of the file (bad length, junk, truncation) that were not sent; frames whose CRC does
        /// not match are sent, since only the centre can tell an encrypted data area from a damaged one.
        public var rejected = 0
        public var connections = 0
        /// Connections that ended before all their frames were sent (reset or closed by the centre); what they
        /// had sent and got answered before is counted above.
        public var brokenConnections = 0
        /// Frames not sent because their connection broke.
        public var unsent = 0

        public var report: String {
            var text =
                "frames sent: \(sent)\nanswered (acknowledged): \(answered)\nasked for an answer but got none: \(unanswered)\n"
                + "rejected in the file (not sent): \(rejected)\nconnections: \(connections)"
            if brokenConnections > 0 {
                text += "\nconnections the centre closed or reset early: \(brokenConnections) (\(unsent) frames not sent)"
            }
            return text
        }
    }

    /// - Parameters:
    ///   - rate: frames per second over all connections; nil sends as fast as the centre takes them.
    ///   - connections: how many MNs are replayed at the same time.
    ///   - answerTimeout: how long a frame that expects an answer waits for it.
    public static func run(
        capture bytes: [UInt8], host: String, port: Int, rate: Double?, connections: Int,
        answerTimeout: Duration = .seconds(10)
    ) async throws -> Outcome {
        var outcome = Outcome()
        var order: [String] = []
        var frames: [String: [(bytes: [UInt8], wantsAnswer: Bool)]] = [:]
        var decoder = HJ212FrameDecoder()
        var buffer = ByteBuffer(bytes: bytes)
        func add(_ mn: String, _ bytes: [UInt8], _ expectsAnswer: Bool) {
            if frames[mn] == nil { order.append(mn) }
            frames[mn, default: []].append((bytes, expectsAnswer))
        }
        while let event = decoder.next(&buffer, atEOF: true) {
            switch event {
            case .rejected(let error):
                // A CRC mismatch may be an HJ 212-2025 frame with an encrypted data area: only the centre,
                // which holds the key, can tell, so it is sent as it is. Other broken bytes are not sent.
                guard let frame = error.frame, let mn = HJ212Packet.headerValue("MN", in: frame.segment) else {
                    outcome.rejected += 1
                    continue
                }
                let flag = HJ212Packet.headerValue("Flag", in: frame.segment).flatMap { Int($0) } ?? 0
                let cn = HJ212Packet.headerValue("CN", in: frame.segment) ?? ""
                add(mn, frame.bytes, flag & 1 == 1 && !["9011", "9012", "9013", "9014"].contains(cn))
            case .frame(let frame):
                let packet = try? HJ212Packet.parse(frame.segment)
                // Wait only where the protocol has an answer (a device's own 9011/9012 asks for none from us).
                let expectsAnswer = packet.flatMap(HJ212Answer.command(for:)) != nil
                add(packet?.headerValue("MN") ?? "", frame.bytes, expectsAnswer)
            }
        }
        let pause: Duration? = rate.map { .seconds(Double(max(connections, 1)) / max($0, 0.001)) }
        var next = 0
        try await withThrowingTaskGroup(of: Outcome.self) { group in
            func start(_ index: Int) {
                let queue = frames[order[index]] ?? []
                group.addTask { try await replay(queue, host: host, port: port, pause: pause, answerTimeout: answerTimeout) }
            }
            while next < min(connections, order.count) {
                start(next)
                next += 1
            }
            while let finished = try await group.next() {
                outcome.sent += finished.sent
                outcome.answered += finished.answered
                outcome.unanswered += finished.unanswered
                outcome.brokenConnections += finished.brokenConnections
                outcome.unsent += finished.unsent
                outcome.connections += 1
                if next < order.count {
                    start(next)
                    next += 1
                }
            }
        }
        return outcome
    }

    final class AnswerCount: Sendable {
        let value = Atomic<Int>(0)
        /// Frames written so far, and how many of them asked for an answer: kept outside the sender so that a
        /// connection that breaks still reports what it did.
        let sent = Atomic<Int>(0)
        let expected = Atomic<Int>(0)

        /// One connection's outcome from the counts; `broken` when it ended before `frames` were all sent.
        func outcome(frames: Int, broken: Bool) -> Outcome {
            var outcome = Outcome()
            outcome.sent = sent.load(ordering: .relaxed)
            let asked = expected.load(ordering: .relaxed)
            outcome.answered = min(value.load(ordering: .relaxed), asked)
            outcome.unanswered = max(0, asked - outcome.answered)
            if broken {
                outcome.brokenConnections = 1
                outcome.unsent = frames - outcome.sent
            }
            return outcome
        }
    }

    private static func replay(
        _ queue: [(bytes: [UInt8], wantsAnswer: Bool)], host: String, port: Int, pause: Duration?, answerTimeout: Duration
    ) async throws -> Outcome {
        let answers = AnswerCount()
        do {
            try await replay(queue, host: host, port: port, pause: pause, answerTimeout: answerTimeout, counts: answers)
        } catch {
            // Reset or closed by the centre: report what was acknowledged before, and go on with the other MNs.
            return answers.outcome(frames: queue.count, broken: true)
        }
        return answers.outcome(frames: queue.count, broken: false)
    }

    private static func replay(
        _ queue: [(bytes: [UInt8], wantsAnswer: Bool)], host: String, port: Int, pause: Duration?, answerTimeout: Duration,
        counts answers: AnswerCount
    ) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HJ212FrameHandler()))
                    return try NIOAsyncChannel<HJ212FrameDecoder.Event, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            try await withThrowingTaskGroup(of: Void.self) { group in
                // The sender waits for each answer it asked for, up to a timeout; this task counts them.
                group.addTask {
                    var expected = 0
                    for frame in queue {
                        try await outbound.write(ByteBuffer(bytes: frame.bytes))
                        answers.sent.add(1, ordering: .relaxed)
                        if frame.wantsAnswer {
                            expected += 1
                            answers.expected.add(1, ordering: .relaxed)
                            let deadline = ContinuousClock.now + answerTimeout
                            while answers.value.load(ordering: .relaxed) < expected, ContinuousClock.now < deadline {
                                try await Task.sleep(for: .milliseconds(1))
                            }
                        }
                        if let pause { try await Task.sleep(for: pause) }
                    }
                    // Done: close, so the centre's side ends too and the reader below stops.
                    try? await channel.channel.close()
                }
                for try await event in inbound {
                    if case .frame = event { answers.value.add(1, ordering: .relaxed) }
                }
                try await group.next()
            }
        }
    }
}
