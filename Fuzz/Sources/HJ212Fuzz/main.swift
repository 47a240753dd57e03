// libFuzzer entry point: arbitrary bytes through the HJ 212 framer (split where the first byte says), the
// data-segment parser, the observation mapping, the answer encoder and SM4 decryption. Besides crashes,
// hangs and memory growth (libFuzzer's own checks), it traps when an invariant breaks:
// - every event consumes bytes, and together they consume the whole input;
// - a frame the decoder returns, written out again, decodes to the same frame.
import HJ212
import NIOCore
import QingshanCore

let catalogue = ParameterCatalogue.standard
let cipher = try! SM4(key: Array("0123456789abcdef".utf8))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: start, count: count)
    guard let first = input.first else { return 0 }
    let chunk = Int(first) + 1
    let bytes = Array(input.dropFirst())

    var decoder = HJ212FrameDecoder(lenientCRC: first & 1 == 1)
    var buffer = ByteBuffer()
    var consumed = 0
    var position = 0
    while position < bytes.count || buffer.readableBytes > 0 {
        let atEOF = position >= bytes.count
        if !atEOF {
            let end = min(bytes.count, position + chunk)
            buffer.writeBytes(bytes[position..<end])
            position = end
        }
        while true {
            let before = buffer.readableBytes
            guard let event = decoder.next(&buffer, atEOF: atEOF) else { break }
            let used = before - buffer.readableBytes
            precondition(used > 0, "an event that consumes no bytes would loop forever")
            consumed += used
            examine(event)
        }
        if atEOF { break }
    }
    precondition(consumed == bytes.count, "consumed \(consumed) of \(bytes.count) bytes")
    precondition(decoder.streamOffset == consumed, "stream offset \(decoder.streamOffset) != \(consumed)")
    return 0
}

func examine(_ event: HJ212FrameDecoder.Event) {
    switch event {
    case .rejected(let error):
        if let frame = error.frame, let plain = HJ212Encryption.decrypt(segment: frame.segment, with: cipher) {
            _ = try? HJ212Packet.parse(plain)
        }
    case .frame(let frame):
        var again = HJ212FrameDecoder(maximumSegmentLength: 9999, lenientCRC: frame.crcVariant != .standard)
        var wire = ByteBuffer(bytes: frame.bytes)
        guard case .frame(let copy)? = again.next(&wire, atEOF: true) else {
            preconditionFailure("a decoded frame does not decode again")
        }
        precondition(copy.segment == frame.segment && copy.crc == frame.crc, "re-encoded frame differs")
        guard let packet = try? HJ212Packet.parse(frame.segment) else { return }
        _ = packet.header
        _ = packet.cp
        _ = packet.edition
        _ = try? packet.observations(siteCode: "fuzz", catalogue: catalogue)
        if let cn = HJ212Answer.command(for: packet) {
            let answer = HJ212Frame.encode(segment: HJ212Answer.segment(answering: packet, with: cn))
            precondition(answer.starts(with: Array("##".utf8)), "answer without a header")
        }
    }
}
