import QingshanCore

/// One JSON object for a decoded frame or a refusal: what `qingshan hj212 decode` prints a line of, and what the
/// gateway keeps of a quarantined device's frames.
public enum HJ212FrameReport {
    public static func line(for event: HJ212FrameDecoder.Event) -> String {
        switch event {
        case .rejected(let error):
            return failure(error)
        case .frame(let frame):
            let packet: HJ212Packet
            do {
                packet = try HJ212Packet.parse(frame.segment)
            } catch {
                return failure(HJ212FrameError(offset: frame.offset, reason: error.reason, detail: error.detail))
            }
            let headerKeys = ["QN", "ST", "CN", "PW", "MN", "Flag", "PNUM", "PNO"]
            let header = packet.header.filter { headerKeys.contains($0.key) }
            var text = #"{"ok":true,"edition":"\#(packet.edition.rawValue)""#
            if frame.crcVariant != .standard { text += #","crc_variant":"\#(frame.crcVariant.rawValue)""# }
            text += #","header":"# + object(header) + #","cp":"# + object(packet.cp) + "}"
            return text
        }
    }

    static func failure(_ error: HJ212FrameError) -> String {
        #"{"ok":false,"offset":\#(error.offset),"reason":"\#(error.reason.rawValue)","detail":"# + JSONBytes.string(error.detail) + "}"
    }

    /// A JSON object in the order the packet wrote its keys; a repeated key keeps its last value.
    static func object(_ pairs: [(key: String, value: String)]) -> String {
        var seen: [String: Int] = [:]
        var unique: [(String, String)] = []
        for (key, value) in pairs {
            if let index = seen[key] {
                unique[index].1 = value
            } else {
                seen[key] = unique.count
                unique.append((key, value))
            }
        }
        return "{" + unique.map { JSONBytes.string($0.0) + ":" + JSONBytes.string($0.1) }.joined(separator: ",") + "}"
    }
}
