import Foundation
import HJ212
import NIOCore
import NIOPosix
import QingshanCore
import Synchronization

/// One simulated data logger: uploads on its timer, counts the centre's answers, carries out its requests.
struct SimulatedLogger: Sendable {
    let logger: HJ212Simulator.Logger
    let tally: HJ212Simulator.Tally

    /// What the two halves of the logger (timer and reader) share.
    private final class State: Sendable {
        struct Values {
            var interval: Duration
            var key: String?
            var lastQN: Int64 = 0
            /// Uploads waiting for their 9014: QN → (sent, values carried).
            var pending: [String: (sent: ContinuousClock.Instant, values: Int)] = [:]
            /// The start of the next hour whose values (CN 2061) are due.
            var nextHour: Int64 = 0
        }
        let values: Mutex<Values>
        /// One element per answer, for the closed loop (interval zero): the next upload goes when the last
        /// one is answered.
        let answers = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .unbounded)
        init(interval: Duration, key: String?) { values = Mutex(Values(interval: interval, key: key)) }
    }

    /// How long the last uploads may wait for their answers: a centre under load (a busy database) acknowledges
    /// late, and an upload left unanswered when the logger hangs up counts against the run (177 of 179 were
    /// answered within 20 s once, with the whole test suite loading both cores).
    static let drainTime = Duration.seconds(40)

    private var systemCode: String {
        switch logger.kind {
        case .surfaceWater, .groundwater: "21"
        case .sourceGas: "31"
        case .sourceWater: "32"
        default: "22"
        }
    }

    private var answerFlag: Int { logger.edition == .hj212_2025 ? 8 : 4 }

    /// Runs until `deadline` (nil: until cancelled). With a timer (`interval` above zero) the logger also sends
    /// each hour's values (CN 2061) once the hour is over, as field loggers do, and first the `backfillHours`
    /// hours before it started, so that a demo has hourly data, AQI and charts from its first minute.
    func run(host: String, port: Int, interval: Duration, backfillHours: Int = 0, until deadline: ContinuousClock.Instant?) async {
        let state = State(interval: interval, key: logger.device.sm4KeyHex)
        let hour = Timestamp.millisecondsPerHour
        // Nothing but the backfill is sent for the hours before the start.
        state.values.withLock { $0.nextHour = (Timestamp.now.millisecondsSinceEpoch / hour - Int64(backfillHours)) * hour }
        while deadline.map({ ContinuousClock.now < $0 }) ?? true, !Task.isCancelled {
            guard let channel = try? await connect(host: host, port: port) else {
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            tally.update { $0.connected += 1 }
            try? await channel.executeThenClose { inbound, outbound in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    if let deadline {
                        // Hang up at the end even if an answer never comes.
                        group.addTask {
                            try await Task.sleep(until: deadline + interval + Self.drainTime + .seconds(1))
                            try? await channel.channel.close()
                        }
                    }
                    group.addTask {
                        let phase = Double.random(in: 0..<1) * (state.values.withLock { $0.interval } / .seconds(1))
                        try await Task.sleep(for: .seconds(phase))
                        var answers = state.answers.stream.makeAsyncIterator()
                        // The closed loop sends far faster than real time; its data times advance a second an
                        // upload from a day ago, so every upload carries new values.
                        var virtualTime = Timestamp.now.adding(milliseconds: -Timestamp.millisecondsPerDay)
                        while deadline.map({ ContinuousClock.now < $0 }) ?? true {
                            let interval = state.values.withLock { $0.interval }
                            let time = interval == .zero ? virtualTime : .now
                            virtualTime = virtualTime.adding(milliseconds: 1000)
                            if interval > .zero {
                                for start in state.values.withLock({ Self.dueHours(&$0.nextHour, now: time) }) {
                                    try await send(upload(cn: "2061", at: start, suffix: "Avg"), state: state, to: outbound)
                                }
                            }
                            try await send(upload(cn: "2011", at: time, suffix: "Rtd"), state: state, to: outbound)
                            if interval == .zero {
                                guard await answers.next() != nil else { break }
                            } else {
                                try await Task.sleep(for: interval)
                            }
                        }
                        // Give the last uploads time to be answered before hanging up.
                        let drain = ContinuousClock.now + Self.drainTime
                        while state.values.withLock({ !$0.pending.isEmpty }), ContinuousClock.now < drain {
                            try await Task.sleep(for: .milliseconds(10))
                        }
                        try? await channel.channel.close()
                    }
                    for try await event in inbound {
                        try await receive(event, state: state, outbound: outbound)
                    }
                    state.answers.continuation.finish()
                    group.cancelAll()
                }
            }
            if let deadline, ContinuousClock.now >= deadline { return }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// The starts of the whole hours from `next` up to the one `now` is in (not included), and `next` moved past them.
    static func dueHours(_ next: inout Int64, now: Timestamp) -> [Timestamp] {
        let hour = Timestamp.millisecondsPerHour
        var due: [Timestamp] = []
        while next + hour <= now.millisecondsSinceEpoch {
            due.append(Timestamp(millisecondsSinceEpoch: next))
            next += hour
        }
        return due
    }

    private func connect(host: String, port: Int) async throws -> NIOAsyncChannel<HJ212FrameDecoder.Event, ByteBuffer> {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HJ212FrameHandler()))
                    return try NIOAsyncChannel<HJ212FrameDecoder.Event, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// An upload's data segment without QN (added when sent): `suffix` Rtd for real-time, Avg for history.
    private func upload(cn: String, at time: Timestamp, suffix: String) -> (header: String, cp: String, values: Int) {
        var items = SimulatedReading.items(for: logger.kind, at: time, seed: logger.index)
        if suffix != "Rtd" { items = items.map { $0.replacingOccurrences(of: "Rtd=", with: "\(suffix)=") } }
        // One value an item, two where a 折算 value rides along.
        let values = items.reduce(0) { $0 + ($1.utf8.contains(UInt8(ascii: "Z")) ? 2 : 1) }
        let flag = logger.edition == .hj212_2025 ? 9 : 5
        let header = "ST=\(systemCode);CN=\(cn);PW=\(logger.device.password ?? "");MN=\(logger.device.mn);Flag=\(flag)"
        return (header, "DataTime=\(HJ212Request.dataTime(time));" + items.joined(separator: ";"), values)
    }

    /// Sends an upload that wants an answer, under the current key when the logger encrypts.
    private func send(
        _ upload: (header: String, cp: String, values: Int), state: State, to outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async throws {
        let (qn, key) = state.values.withLock { values -> (String, String?) in
            values.lastQN = max(Int64(HJ212Request.qn(at: .now)) ?? 0, values.lastQN + 1)
            let qn = String(values.lastQN)
            values.pending[qn] = (.now, upload.values)
            return (qn, values.key)
        }
        try await write("QN=\(qn);\(upload.header);CP=&&\(upload.cp)&&", key: key, to: outbound)
        tally.update { report in
            report.sent += 1
            if report.firstSent == nil { report.firstSent = .now }
        }
    }

    private func write(_ text: String, key: String?, to outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws {
        let plain = Array(text.utf8)
        var wire = plain
        if let key, let bytes = HJ212Encryption.key(key), let cipher = try? SM4(key: bytes),
            let encrypted = HJ212Encryption.encrypt(segment: plain, with: cipher)
        {
            wire = encrypted
        }
        try await outbound.write(ByteBuffer(bytes: HJ212Frame(offset: 0, segment: wire, crc: HJ212CRC.checksum(plain)).bytes))
    }

    private func receive(
        _ event: HJ212FrameDecoder.Event, state: State, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async throws {
        let packet: HJ212Packet
        switch event {
        case .frame(let frame):
            guard let parsed = try? HJ212Packet.parse(frame.segment) else { return }
            packet = parsed
        case .rejected(let error):
            // An encrypted request (1014) fails the CRC until decrypted with the current key.
            guard let frame = error.frame, let key = state.values.withLock({ $0.key }), let bytes = HJ212Encryption.key(key),
                let cipher = try? SM4(key: bytes), let plain = HJ212Encryption.decrypt(segment: frame.segment, with: cipher),
                HJ212CRC.checksum(plain) == frame.crc, let parsed = try? HJ212Packet.parse(plain)
            else { return }
            packet = parsed
        }
        let cn = packet.headerValue("CN") ?? ""
        let qn = packet.headerValue("QN") ?? ""
        if cn == "9014" || cn == "9013" {
            let now = ContinuousClock.now
            guard let pending = state.values.withLock({ $0.pending.removeValue(forKey: qn) }) else { return }
            tally.update { report in
                report.answered += 1
                report.lastAnswered = now
                report.values += pending.values
                report.latenciesMilliseconds.append((now - pending.sent) / .milliseconds(1))
            }
            state.answers.continuation.yield()
            return
        }
        guard ["1012", "1062", "2051", "2061", "2031", "1014"].contains(cn) else { return }
        func answer(_ cn: String, _ cp: String) -> String {
            "QN=\(qn);ST=91;CN=\(cn);PW=\(logger.device.password ?? "");MN=\(logger.device.mn);Flag=\(answerFlag);CP=&&\(cp)&&"
        }
        try await write(answer("9011", "QnRtn=1"), key: nil, to: outbound)
        switch cn {
        case "1062":
            if let seconds = packet.cpValue("RtdInterval").flatMap(Int.init), seconds > 0 {
                state.values.withLock { $0.interval = .seconds(seconds) }
            }
        case "2051", "2061", "2031":
            let step: Int64 =
                cn == "2051" ? Timestamp.millisecondsPerMinute : cn == "2061" ? Timestamp.millisecondsPerHour : Timestamp.millisecondsPerDay
            let begin = packet.cpValue("BeginTime").flatMap(HJ212Request.time)
            let end = packet.cpValue("EndTime").flatMap(HJ212Request.time)
            if let begin, let end {
                var period = Timestamp(millisecondsSinceEpoch: (begin.millisecondsSinceEpoch + 28_800_000 + step - 1) / step * step - 28_800_000)
                var sent = 0
                while period <= end, sent < 500 {
                    try await send(upload(cn: cn, at: period, suffix: "Avg"), state: state, to: outbound)
                    period = period.adding(milliseconds: step)
                    sent += 1
                }
            }
        case "1014":
            if let newKey = packet.cpValue("NewSK"), HJ212Encryption.key(newKey) != nil {
                // Answer first under no key (answers are never encrypted), then switch.
                try await write(answer("9012", "ExeRtn=1"), key: nil, to: outbound)
                state.values.withLock { $0.key = newKey }
                tally.update { $0.requestsCarriedOut += 1 }
                return
            }
        default:
            break
        }
        try await write(answer("9012", "ExeRtn=1"), key: nil, to: outbound)
        tally.update { $0.requestsCarriedOut += 1 }
    }
}
