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
    }

    private let statuses = Mutex<[String: Status]>([:])

    func connected(_ mn: String, peer: String) {
        update(mn) { $0.online = true; $0.peer = peer }
    }

    func disconnected(_ mns: Set<String>) {
        for mn in mns { update(mn) { $0.online = false } }
    }

    func accepted(_ mn: String, edition: HJ212Edition) {
        update(mn) { status in
            status.framesAccepted += 1
            status.edition = edition.rawValue
            status.lastSeen = RFC3339.format(Timestamp(millisecondsSinceEpoch: Int64(Date.now.timeIntervalSince1970 * 1000)))
        }
    }

    func rejected(_ mn: String, reason: String) {
        update(mn) { $0.framesRejected[reason, default: 0] += 1 }
    }

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
