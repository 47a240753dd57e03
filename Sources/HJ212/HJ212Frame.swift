/// One frame that passed framing: `##`, a four-digit length, the data segment, the CRC and CRLF.
///
/// ```
/// "##" | LLLL | data segment (LLLL bytes) | CCCC | "\r\n"
///  2      4      0…1024 bytes                4      2
/// ```
public struct HJ212Frame: Sendable, Hashable {
    /// Byte offset of the frame's `##` in the stream.
    public var offset: Int
    /// The data segment: from the first byte after the length up to and including the closing `&&`.
    public var segment: [UInt8]
    /// The CRC the frame carried.
    public var crc: UInt16
    /// Which checksum it matched (`standard` unless lenient mode accepted a Modbus variant).
    public var crcVariant: HJ212CRCVariant

    public init(offset: Int, segment: [UInt8], crc: UInt16, crcVariant: HJ212CRCVariant = .standard) {
        self.offset = offset
        self.segment = segment
        self.crc = crc
        self.crcVariant = crcVariant
    }

    /// The bytes of a frame around `segment`, with the standard CRC: what the centre sends.
    public static func encode(segment: [UInt8]) -> [UInt8] {
        HJ212Frame(offset: 0, segment: segment, crc: HJ212CRC.checksum(segment)).bytes
    }

    /// The frame on the wire, with the CRC it carried.
    public var bytes: [UInt8] {
        let length = String(segment.count)
        let padded = String(repeating: "0", count: max(0, 4 - length.count)) + length
        return Array("##\(padded)".utf8) + segment + Array(HJ212CRC.hex(crc).utf8) + [13, 10]
    }
}

/// Why bytes were refused before any field was read.
public struct HJ212FrameError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: String, Sendable, Hashable {
        /// The checksum does not match the data segment.
        case crc
        /// The declared length does not match where the frame really ends.
        case length
        /// No CRLF after the CRC.
        case trailer
        /// Declared length above the limit.
        case size
        /// The stream ended inside a frame.
        case truncated
        /// Not a frame at all (junk, a header without digits, a data segment without `CP=&&…&&`).
        case syntax
    }

    /// Byte offset in the stream where the refused bytes start.
    public var offset: Int
    public var reason: Reason
    public var detail: String
    /// For a CRC failure, the frame as it arrived: an HJ 212-2025 device that encrypts its data area sends a
    /// CRC of the plaintext, so the gateway decrypts with the device's key and checks again.
    public var frame: HJ212Frame?

    public init(offset: Int, reason: Reason, detail: String, frame: HJ212Frame? = nil) {
        self.offset = offset
        self.reason = reason
        self.detail = detail
        self.frame = frame
    }

    public var description: String { "offset \(offset): \(reason.rawValue): \(detail)" }
}
