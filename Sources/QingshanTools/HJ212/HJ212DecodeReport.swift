import HJ212
import NIOCore

/// `qingshan hj212 decode`: one JSON object per frame or refusal, in stream order.
public enum HJ212DecodeReport {
    /// Decodes a whole capture and calls `emit` with one JSON line per event.
    public static func decode(_ bytes: [UInt8], lenientCRC: Bool = false, emit: (String) -> Void) {
        var decoder = HJ212FrameDecoder(lenientCRC: lenientCRC)
        var buffer = ByteBuffer(bytes: bytes)
        while let event = decoder.next(&buffer, atEOF: true) {
            emit(HJ212FrameReport.line(for: event))
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
}
