import Foundation
import HJ212
import QingshanCore
import Synchronization

/// What the gateway knows about each data logger right now: online, last seen, frames by outcome, edition.
final class DeviceStatusBoard: Sendable {
    struct Status: Sendable, Codable {
        var mn: String
        var online: Bool
        var lastSeen: String?
        var edition: String?
        var peer: String?
        var framesAccepted: Int
        var framesRejected: [String: Int]
        /// Frames accepted with a Modbus CRC variant (lenient devices), by variant.
        var crcVariants: [String: Int] = [:]
        var splitUploadsComplete = 0
        var splitUploadsIncomplete = 0
        /// The logger's system code (ST), used to address requests to it.
        var systemCode: String?
    }

    private let statuses = Mutex<[String: Status]>([:])
    /// The latest frames of quarantined devices, as `hj212 decode` prints them.
    private let quarantine = Mutex<[String: [String]]>([:])
    static let quarantineFramesKept = 100

    func connected(_ mn: String, peer: String) {
        update(mn) { $0.online = true; $0.peer = peer }
    }

    func disconnected(_ mns: Set<String>) {
        for mn in mns { update(mn) { $0.online = false } }
    }

    func accepted(_ mn: String, edition: HJ212Edition, systemCode: String?, crcVariant: HJ212CRCVariant = .standard) {
        update(mn) { status in
            status.framesAccepted += 1
            status.edition = edition.rawValue
            if let systemCode { status.systemCode = systemCode }
            if crcVariant != .standard { status.crcVariants[crcVariant.rawValue, default: 0] += 1 }
            status.lastSeen = RFC3339.format(.now)
        }
    }

    func rejected(_ mn: String, reason: String) {
        update(mn) { $0.framesRejected[reason, default: 0] += 1 }
    }

    func splitUpload(_ mn: String, complete: Bool) {
        update(mn) { complete ? ($0.splitUploadsComplete += 1) : ($0.splitUploadsIncomplete += 1) }
    }

    func quarantined(_ mn: String, frame line: String) {
        quarantine.withLock { frames in
            frames[mn, default: []].append(line)
            if frames[mn]!.count > Self.quarantineFramesKept { frames[mn]!.removeFirst() }
        }
    }

    func quarantinedFrames(_ mn: String) -> [String] { quarantine.withLock { $0[mn] ?? [] } }

    func status(_ mn: String) -> Status? { statuses.withLock { $0[mn] } }

    func all() -> [Status] {
        statuses.withLock { Array($0.values) }.sorted { $0.mn < $1.mn }
    }

    private func update(_ mn: String, _ change: (inout Status) -> Void) {
        statuses.withLock { statuses in
            var status = statuses[mn] ?? Status(mn: mn, online: false, framesAccepted: 0, framesRejected: [:])
            change(&status)
            statuses[mn] = status
        }
    }
}
