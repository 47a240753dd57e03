public import NIOCore

/// Splits a byte stream into HJ 212 frames, resynchronising after junk, glued frames, split frames, wrong
/// lengths and oversize headers. Pure: bytes in, frames or refusals out, no I/O.
///
/// After a refusal it skips to whichever comes first: the end of the broken frame (its CRLF) or the next
/// `##` followed by four digits, so one damaged frame costs one refusal and never the frame after it.
public struct HJ212FrameDecoder: Sendable {
    public enum Event: Sendable, Hashable {
        case frame(HJ212Frame)
        case rejected(HJ212FrameError)
    }

    /// Largest data segment accepted: 1024 bytes in the standard.
    public var maximumSegmentLength: Int
    /// Accept the Modbus CRC variants some devices send (reported in `crcVariant`).
    public var lenientCRC: Bool
    /// Stream offset of the buffer's reader index.
    public private(set) var streamOffset = 0

    public init(maximumSegmentLength: Int = 1024, lenientCRC: Bool = false) {
        self.maximumSegmentLength = maximumSegmentLength
        self.lenientCRC = lenientCRC
    }

    /// The next event from `buffer`, consuming its bytes; nil when more bytes are needed. With `atEOF`, whatever
    /// is left becomes a refusal (truncated or junk) instead of waiting.
    public mutating func next(_ buffer: inout ByteBuffer, atEOF: Bool = false) -> Event? {
        if let frame = wholeFrame(&buffer) { return .frame(frame) }
        let bytes = buffer.readableBytesView
        guard !bytes.isEmpty else { return nil }
        let base = bytes.startIndex
        guard let start = Self.findHeader(bytes, from: base) else {
            // No frame start. Junk is refused as one piece once it ends: at a CRLF, at the end of input, or
            // when it grows past a frame's size; a last '#' may still begin a frame.
            if let end = Self.findCRLF(bytes, from: base, before: bytes.endIndex) {
                return reject(&buffer, count: end + 2 - base, .syntax, "\(end + 2 - base) bytes of junk outside any frame")
            }
            guard atEOF || bytes.count > 6 + maximumSegmentLength + 6 else { return nil }
            let keep = (!atEOF && bytes.last == 35) ? 1 : 0
            let junk = bytes.count - keep
            guard junk > 0 else { return nil }
            return reject(&buffer, count: junk, .syntax, "\(junk) bytes of junk outside any frame")
        }
        if start > base {
            return reject(&buffer, count: start - base, .syntax, "\(start - base) bytes of junk outside any frame")
        }
        guard bytes.count >= 6 else {
            return atEOF ? reject(&buffer, count: bytes.count, .truncated, "the stream ended inside a frame header") : nil
        }
        guard let declared = Self.digits(bytes, at: base + 2) else {
            guard let skip = skipLength(bytes, from: base, atEOF: atEOF) else { return nil }
            return reject(&buffer, count: skip, .syntax, "'##' is not followed by a four-digit length")
        }
        if declared > maximumSegmentLength {
            let total = 6 + declared + 6
            let whole = bytes.count >= total && bytes[base + total - 2] == 13 && bytes[base + total - 1] == 10
            guard let skip = whole ? total : skipLength(bytes, from: base, atEOF: atEOF) else { return nil }
            return reject(&buffer, count: skip, .size, "declared data segment of \(declared) bytes exceeds \(maximumSegmentLength)")
        }
        var total = 6 + declared + 6
        let crlfAt = base + 6 + declared + 4
        // Captures often lose the final CRLF: at the end of input, a frame that is whole but for it still counts.
        let endsWithoutCRLF = atEOF && bytes.count == total - 2 && Self.findCRLF(bytes, from: base + 6, before: bytes.endIndex) == nil
        if endsWithoutCRLF { total -= 2 }
        if !endsWithoutCRLF, bytes.count < total || bytes[crlfAt] != 13 || bytes[crlfAt + 1] != 10 {
            // The frame does not end where its length says: find its real CRLF before the next frame header.
            let limit = Self.nextFrameHeader(bytes, after: base + 2) ?? bytes.endIndex
            if let end = Self.findCRLF(bytes, from: base + 6, before: limit),
                end > crlfAt || bytes.count >= total || limit < bytes.endIndex || atEOF
            {
                let actual = end - (base + 6) - 4
                return reject(
                    &buffer, count: end + 2 - base, .length,
                    "declared \(declared) bytes but the data segment is \(max(actual, 0)) bytes")
            }
            if bytes.count < total && limit == bytes.endIndex {
                return atEOF ? reject(&buffer, count: bytes.count, .truncated, "the stream ended inside a frame of \(declared) bytes") : nil
            }
            return reject(&buffer, count: limit - base, .trailer, "no CRLF after the CRC")
        }
        let segment = Array(bytes[(base + 6)..<(base + 6 + declared)])
        guard let sent = HJ212CRC.parseHex(bytes[(base + 6 + declared)..<crlfAt]) else {
            return reject(&buffer, count: total, .syntax, "the CRC is not four hex digits")
        }
        guard let variant = HJ212CRCVariant.match(sent: sent, segment: segment, lenient: lenientCRC) else {
            let expected = HJ212CRC.hex(HJ212CRC.checksum(segment))
            let arrived = HJ212Frame(offset: streamOffset, segment: segment, crc: sent)
            return reject(&buffer, count: total, .crc, "CRC \(HJ212CRC.hex(sent)) does not match \(expected)", frame: arrived)
        }
        let frame = HJ212Frame(offset: streamOffset, segment: segment, crc: sent, crcVariant: variant)
        buffer.moveReaderIndex(forwardBy: total)
        streamOffset += total
        return .frame(frame)
    }

    /// The common case, checked in one pass over contiguous memory: a whole frame at the reader index with the
    /// standard CRC. Anything else (junk, a bad length or CRC, a partial frame) goes the careful way in `next`.
    private mutating func wholeFrame(_ buffer: inout ByteBuffer) -> HJ212Frame? {
        let limit = maximumSegmentLength
        let found: (segment: [UInt8], crc: UInt16)? = buffer.withUnsafeReadableBytes { raw in
            guard raw.count >= 12, raw[0] == 35, raw[1] == 35 else { return nil }
            var declared = 0
            for index in 2..<6 {
                let digit = raw[index] &- 48
                guard digit < 10 else { return nil }
                declared = declared * 10 + Int(digit)
            }
            let crlf = 6 + declared + 4
            guard declared <= limit, raw.count >= crlf + 2, raw[crlf] == 13, raw[crlf + 1] == 10,
                let sent = HJ212CRC.parseHex(raw[(6 + declared)..<crlf])
            else { return nil }
            let segment = UnsafeRawBufferPointer(rebasing: raw[6..<(6 + declared)])
            guard HJ212CRC.checksum(segment) == sent else { return nil }
            return ([UInt8](segment), sent)
        }
        guard let found else { return nil }
        let frame = HJ212Frame(offset: streamOffset, segment: found.segment, crc: found.crc)
        let total = found.segment.count + 12
        buffer.moveReaderIndex(forwardBy: total)
        streamOffset += total
        return frame
    }

    private mutating func reject(
        _ buffer: inout ByteBuffer, count: Int, _ reason: HJ212FrameError.Reason, _ detail: String,
        frame: HJ212Frame? = nil
    ) -> Event {
        let error = HJ212FrameError(offset: streamOffset, reason: reason, detail: detail, frame: frame)
        buffer.moveReaderIndex(forwardBy: count)
        streamOffset += count
        return .rejected(error)
    }

    /// How far to skip after a bad header at `start`: to just past the next CRLF or to the next real frame
    /// header, whichever comes first. Nil while neither has arrived yet and a whole frame could still fit,
    /// so that a slow sender's broken frame is refused once, not piece by piece.
    private func skipLength(_ bytes: ByteBufferView, from start: Int, atEOF: Bool) -> Int? {
        var index = start + 2
        while index < bytes.endIndex {
            if bytes[index] == 13, index + 1 < bytes.endIndex, bytes[index + 1] == 10 { return index + 2 - start }
            if Self.nextFrameFollows(bytes, at: index) { return index - start }
            index += 1
        }
        return atEOF || bytes.count > 6 + maximumSegmentLength + 6 ? bytes.count : nil
    }

    static func findHeader(_ bytes: ByteBufferView, from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.endIndex {
            if bytes[index] == 35, bytes[index + 1] == 35 { return index }
            index += 1
        }
        return nil
    }

    /// The next `##` with four digits after `index`.
    static func nextFrameHeader(_ bytes: ByteBufferView, after index: Int) -> Int? {
        var position = index
        while position + 6 <= bytes.endIndex {
            if nextFrameFollows(bytes, at: position) { return position }
            position += 1
        }
        return nil
    }

    static func findCRLF(_ bytes: ByteBufferView, from start: Int, before end: Int) -> Int? {
        var index = start
        while index + 1 < min(end, bytes.endIndex) {
            if bytes[index] == 13, bytes[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }

    /// Whether `##` and four digits start at `index`.
    static func nextFrameFollows(_ bytes: ByteBufferView, at index: Int) -> Bool {
        index + 6 <= bytes.endIndex && bytes[index] == 35 && bytes[index + 1] == 35 && digits(bytes, at: index + 2) != nil
    }

    static func digits(_ bytes: ByteBufferView, at index: Int) -> Int? {
        guard index + 4 <= bytes.endIndex else { return nil }
        var value = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }
}
