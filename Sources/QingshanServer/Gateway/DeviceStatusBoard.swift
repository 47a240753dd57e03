import Foundation
import HJ212
import QingshanCore
import Synchronization

/// What the gateway knows about each data logger right now: online, last seen, frames by outcome, edition.
final class DeviceStatusBoard: Sendable {
    struct Status: Sendable {
        var mn: String
        var online: Bool
        var lastSeenMilliseconds: Int64?
        /// RFC 3339, formatted when asked for: the gateway notes every accepted frame, the API reads rarely.
        var lastSeen: String? { lastSeenMilliseconds.map { RFC3339.format(Timestamp(millisecondsSinceEpoch: $0)) } }
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
    private let waiters = StateWaiters<[String: Status]>()
    /// The latest frames of quarantined devices, as `hj212 decode` prints them.
    private let quarantine = Mutex<[String: [String]]>([:])
    static let quarantineFramesKept = 100

    func connected(_ mn: String, peer: String) {
        update(mn) {
            $0.online = true
            $0.peer = peer
        }
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
            status.lastSeenMilliseconds = Timestamp.now.millisecondsSinceEpoch
        }
    }

    func rejected(_ mn: String, reason: String) {
        update(mn) { $0.framesRejected[reason, default: 0] += 1 }
    }

    func splitUpload(_ mn: String, complete: Bool) {
        update(mn) { status in
            if complete { status.splitUploadsComplete += 1 } else { status.splitUploadsIncomplete += 1 }
        }
    }

    /// Keeps a quarantined device's frame for people to look at, its access password masked (frames are shown
    /// through the API, and a device's password is never).
    func quarantined(_ mn: String, frame line: String) {
        let masked = line.replacing(/PW=[^;&]*/, with: "PW=******")
        quarantine.withLock { frames in
            frames[mn, default: []].append(masked)
            if frames[mn]!.count > Self.quarantineFramesKept { frames[mn]!.removeFirst() }
        }
    }

    func quarantinedFrames(_ mn: String) -> [String] { quarantine.withLock { $0[mn] ?? [] } }

    func status(_ mn: String) -> Status? { statuses.withLock { $0[mn] } }

    func all() -> [Status] {
        statuses.withLock { Array($0.values) }.sorted { $0.mn < $1.mn }
    }

    /// Per-device series in the Prometheus text format, appended to `/metrics` at each scrape.
    func prometheusText() -> String {
        func label(_ text: String) -> String {
            text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
        }
        let devices = all()
        var online = "# HELP qingshan_hj212_device_online Whether the logger has an open connection\n# TYPE qingshan_hj212_device_online gauge\n"
        var seen =
            "# HELP qingshan_hj212_device_last_seen_seconds When the logger's last good frame arrived (Unix time)\n# TYPE qingshan_hj212_device_last_seen_seconds gauge\n"
        var frames =
            "# HELP qingshan_hj212_device_frames_total Frames from the logger since start, by outcome\n# TYPE qingshan_hj212_device_frames_total counter\n"
        var info = "# HELP qingshan_hj212_device_info The edition the logger's last frame was read in\n# TYPE qingshan_hj212_device_info gauge\n"
        for device in devices {
            let mn = label(device.mn)
            online += "qingshan_hj212_device_online{mn=\"\(mn)\"} \(device.online ? 1 : 0)\n"
            if let last = device.lastSeenMilliseconds {
                seen += "qingshan_hj212_device_last_seen_seconds{mn=\"\(mn)\"} \(Double(last) / 1000)\n"
            }
            frames += "qingshan_hj212_device_frames_total{mn=\"\(mn)\",outcome=\"accepted\"} \(device.framesAccepted)\n"
            for (reason, count) in device.framesRejected.sorted(by: { $0.key < $1.key }) {
                frames += "qingshan_hj212_device_frames_total{mn=\"\(mn)\",outcome=\"rejected\",reason=\"\(label(reason))\"} \(count)\n"
            }
            if let edition = device.edition { info += "qingshan_hj212_device_info{mn=\"\(mn)\",edition=\"\(edition)\"} 1\n" }
        }
        return devices.isEmpty ? "" : online + seen + frames + info
    }

    private func update(_ mn: String, _ change: (inout Status) -> Void) {
        statuses.withLock { statuses in
            var status = statuses[mn] ?? Status(mn: mn, online: false, framesAccepted: 0, framesRejected: [:])
            change(&status)
            statuses[mn] = status
        }
        waiters.changed { statuses.withLock { $0 } }
    }

    /// Waits until the loggers' statuses meet `condition` (a logger online, a count of frames reached), at most
    /// `timeout`; true when they did.
    func wait(until condition: @escaping @Sendable ([String: Status]) -> Bool, timeout: Duration = .seconds(30)) async -> Bool {
        await waiters.wait(until: condition, current: { self.statuses.withLock { $0 } }, timeout: timeout)
    }
}
