import Foundation
import HJ212
import NIOCore
import QingshanCore
import Synchronization

/// Requests from the centre to connected loggers, and what became of them.
///
/// The gateway attaches each logger's connection when its first good frame arrives; the API sends through
/// it. A request's fate follows its QN: 9011 (`QnRtn`, 1 = will do) then 9012 (`ExeRtn`, 1 = done).
final class HJ212CommandCenter: Sendable {
    struct Record: Sendable, Codable {
        var qn: String
        var mn: String
        var cn: String
        var cp: String
        var sentAt: String
        /// sent → accepted | refused (9011) → done | failed (9012).
        var state: HJ212CommandState
        var qnRtn: String?
        var exeRtn: String?

        var isFinal: Bool { state.isFinal }
    }

    enum SendError: Error {
        case notConnected(String)
    }

    private struct Link {
        var channel: any Channel
        var systemCode: String
        var edition: HJ212Edition
        var password: String
    }

    private struct State {
        var links: [String: Link] = [:]
        var records: [String: Record] = [:]
        var order: [String] = []
        /// New keys handed out by 1014, installed once the logger reports the request done.
        var pendingKeys: [String: String] = [:]
        var lastQN: Int64 = 0
    }

    private let state = Mutex(State())
    private let waiters = StateWaiters<[String: Record]>()
    /// Records kept for the API; older ones are forgotten.
    private static let keptRecords = 1_000

    func attach(
        _ mn: String, channel: any Channel, systemCode: String, edition: HJ212Edition, password: String
    ) {
        state.withLock {
            $0.links[mn] = Link(channel: channel, systemCode: systemCode, edition: edition, password: password)
        }
    }

    /// Forgets the links of a closed connection (a newer connection of the same MN stays).
    /// Returns the devices whose link this was (a device that reconnected meanwhile keeps its newer link).
    @discardableResult
    func detach(_ mns: Set<String>, channel: any Channel) -> Set<String> {
        state.withLock { state in
            var detached: Set<String> = []
            for mn in mns where state.links[mn].map({ $0.channel === channel }) == true {
                state.links[mn] = nil
                detached.insert(mn)
            }
            return detached
        }
    }

    func isConnected(_ mn: String) -> Bool { state.withLock { $0.links[mn] != nil } }

    /// Sends a request and returns its record in state `sent`. A 1014's new key is installed when it is done.
    /// With `cipher` (the device's current key) the data area goes out SM4-encrypted, the CRC over the plaintext.
    func send(_ command: HJ212Command, to mn: String, cipher: SM4? = nil, now: Timestamp) async throws -> Record {
        let prepared = state.withLock { state -> (Link, Record)? in
            guard let link = state.links[mn] else { return nil }
            // QNs are unique per centre: a later request in the same millisecond takes the next one.
            let candidate = Int64(HJ212Request.qn(at: now)) ?? 0
            state.lastQN = max(candidate, state.lastQN + 1)
            let record = Record(
                qn: String(state.lastQN), mn: mn, cn: command.cn, cp: command.cp, sentAt: RFC3339.format(now), state: .sent)
            state.records[record.qn] = record
            state.order.append(record.qn)
            if let newKey = command.newKey { state.pendingKeys[record.qn] = newKey }
            if state.order.count > Self.keptRecords {
                let forgotten = state.order.removeFirst()
                state.records[forgotten] = nil
                state.pendingKeys[forgotten] = nil
            }
            return (link, record)
        }
        guard let (link, record) = prepared else { throw SendError.notConnected(mn) }
        let segment = command.segment(qn: record.qn, systemCode: link.systemCode, mn: mn, password: link.password, edition: link.edition)
        let wire = cipher.flatMap { HJ212Encryption.encrypt(segment: segment, with: $0) } ?? segment
        let frame = HJ212Frame(offset: 0, segment: wire, crc: HJ212CRC.checksum(segment))
        try await link.channel.writeAndFlush(ByteBuffer(bytes: frame.bytes))
        return record
    }

    /// Reads a 9011 or 9012 from a logger. Returns a new SM4 key to install when a 1014 was carried out.
    func answered(_ packet: HJ212Packet) -> String? {
        guard let cn = packet.headerValue("CN"), cn == "9011" || cn == "9012",
            let qn = packet.headerValue("QN") ?? packet.cpValue("QN")
        else { return nil }
        let newKey = state.withLock { state -> String? in
            guard var record = state.records[qn] else { return nil }
            let code = cn == "9011" ? packet.cpValue("QnRtn") : packet.cpValue("ExeRtn")
            if cn == "9011" { record.qnRtn = code } else { record.exeRtn = code }
            record.state = record.state.after(cn: cn, code: code) ?? record.state
            state.records[qn] = record
            guard record.state == .done else { return nil }
            return state.pendingKeys.removeValue(forKey: qn)
        }
        waiters.changed { state.withLock { $0.records } }
        return newKey
    }

    /// The record of request `qn` once it is final (refused, done, failed), or as it stands after `timeout`.
    func finalRecord(_ qn: String, timeout: Duration) async -> Record? {
        _ = await waiters.wait(
            until: { $0[qn]?.isFinal ?? true }, current: { self.state.withLock { $0.records } }, timeout: timeout)
        return record(qn)
    }

    func record(_ qn: String) -> Record? { state.withLock { $0.records[qn] } }

    func records(for mn: String) -> [Record] {
        state.withLock { state in state.order.compactMap { state.records[$0] }.filter { $0.mn == mn } }
    }

    /// CN 1014 from the centre: a fresh key, sent under the current one; it takes effect when the logger
    /// reports the request done (9012 ExeRtn=1).
    func sendNewKey(to device: Device, now: Timestamp) async throws -> Record {
        let newKey = Self.newKey()
        let cipher = device.sm4KeyHex.flatMap(HJ212Encryption.key).flatMap { try? SM4(key: $0) }
        return try await send(.newKey(newKey, createdAt: now), to: device.mn, cipher: cipher, now: now)
    }

    /// A fresh SM4 key as CN 1014 carries it: 16 characters from letters and digits.
    static func newKey() -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}
