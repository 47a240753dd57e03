import HJ212
import NIOCore
import QingshanCore
public import QingshanStore

/// `qingshan hj212 enroll`: registers every MN of a capture, with the password it sent, as an imported
/// device whose site code is the MN, so a real capture can be replayed into a store that refuses strangers.
public enum HJ212Enrollment {
    public struct Outcome: Sendable {
        public var devices: Int
        public var sitesCreated: Int
    }

    /// HJ 212 system codes (ST) → site kind; 91 (interaction) says nothing about the site.
    static func kind(systemCode: String) -> SiteKind? {
        switch systemCode {
        case "21": .surfaceWater
        case "22": .air
        case "23": .noise
        case "24": .groundwater
        case "31": .sourceGas
        case "32": .sourceWater
        default: nil
        }
    }

    public static func enroll(capture bytes: [UInt8], into store: any PlatformStore) async throws -> Outcome {
        var order: [String] = []
        var found: [String: (password: String?, kind: SiteKind?, edition: HJ212Edition)] = [:]
        var decoder = HJ212FrameDecoder()
        var buffer = ByteBuffer(bytes: bytes)
        while let event = decoder.next(&buffer, atEOF: true) {
            guard case .frame(let frame) = event, let packet = try? HJ212Packet.parse(frame.segment),
                let mn = packet.headerValue("MN"), !mn.isEmpty
            else { continue }
            let kind = packet.headerValue("ST").flatMap(Self.kind(systemCode:))
            if let known = found[mn] {
                found[mn] = (known.password ?? packet.headerValue("PW"), known.kind ?? kind, known.edition)
            } else {
                order.append(mn)
                found[mn] = (packet.headerValue("PW"), kind, packet.edition)
            }
        }
        let sites = order.map { mn in
            Site(
                code: mn, nameZh: mn, kind: found[mn]?.kind ?? .sourceGas,
                attributes: ["enrolled_from": "HJ 212 capture"], origin: .imported)
        }
        let created = try await store.addMissingSites(sites)
        let devices = order.map { mn in
            Device(mn: mn, siteCode: mn, edition: nil, password: found[mn]?.password, origin: .imported)
        }
        try await store.addDevices(devices)
        return Outcome(devices: devices.count, sitesCreated: created.count)
    }
}
