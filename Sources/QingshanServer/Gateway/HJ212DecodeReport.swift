import HJ212
import NIOCore

/// `qingshan hj212 decode`: one JSON object per frame or refusal, in stream order.
public enum HJ212DecodeReport {
    /// Decodes a whole capture and calls `emit` with one JSON line per event.
    public static func decode(_ bytes: [UInt8], lenientCRC: Bool = false, emit: (String) -> Void) {
        var decoder = HJ212FrameDecoder(lenientCRC: lenientCRC)
        var buffer = ByteBuffer(bytes: bytes)
        while let event = decoder.next(&buffer, atEOF: true) {
            emit(line(for: event))
        }
    }

    /// Frames that decode and parse, and refusals, without writing any JSON: the decoder's own speed. The
    /// time covers decoding only, not reading the file, like the C CRC pass it is compared with.
    public static func count(_ bytes: [UInt8], lenientCRC: Bool = false) -> (frames: Int, rejected: Int, seconds: Double) {
        var decoder = HJ212FrameDecoder(lenientCRC: lenientCRC)
        var buffer = ByteBuffer(bytes: bytes)
        let started = ContinuousClock.now
        var frames = 0
        var rejected = 0
        while let event = decoder.next(&buffer, atEOF: true) {
            if case .frame(let frame) = event, (try? HJ212Packet.parse(frame.segment)) != nil { frames += 1 } else { rejected += 1 }
        }
        return (frames, rejected, (ContinuousClock.now - started) / .seconds(1))
    }

    static func line(for event: HJ212FrameDecoder.Event) -> String {
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
        #"{"ok":false,"offset":\#(error.offset),"reason":"\#(error.reason.rawValue)","detail":"# + JSONText.string(error.detail) + "}"
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
        return "{" + unique.map { JSONText.string($0.0) + ":" + JSONText.string($0.1) }.joined(separator: ",") + "}"
    }
}
