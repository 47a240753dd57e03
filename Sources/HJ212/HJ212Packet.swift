public import QingshanCore

/// A data segment read into its header fields and its CP items, in the order they were written.
///
/// The parser is tolerant the way real loggers need: fields in any order, `;` and `,` mixed in CP, spaces
/// around keys and values, a trailing `;` before `&&`, unknown keys kept with their raw names.
///
/// Parsing records where each key and value lies in the segment (one pass, one small array); strings are made
/// only when asked for, so a gateway that reads five fields of a forty-field frame pays for five.
public struct HJ212Packet: Sendable, Hashable {
    /// The data segment the fields point into.
    public let segment: [UInt8]
    /// Key and value bounds in `segment`, header fields first, then CP items.
    private let fields: [HJ212FieldSpan]
    private let headerCount: Int

    /// Header fields as written (`QN`, `ST`, `CN`, `PW`, `MN`, `Flag`, `PNUM`, `PNO`, and any other).
    public var header: [(key: String, value: String)] { fields[..<headerCount].map(pair) }
    /// CP items as written: `DataTime`, `w01018-Rtd`, `w01018-Flag`, …
    public var cp: [(key: String, value: String)] { fields[headerCount...].map(pair) }

    public static func == (lhs: HJ212Packet, rhs: HJ212Packet) -> Bool {
        lhs.header.elementsEqual(rhs.header, by: ==) && lhs.cp.elementsEqual(rhs.cp, by: ==)
    }

    public func hash(into hasher: inout Hasher) {
        for (key, value) in header + cp {
            hasher.combine(key)
            hasher.combine(value)
        }
    }

    public func headerValue(_ key: String) -> String? { value(of: key, in: fields[..<headerCount]) }
    public func cpValue(_ key: String) -> String? { value(of: key, in: fields[headerCount...]) }

    public var flag: Int? { headerValue("Flag").flatMap { Int($0) } }
    /// The edition from Flag's version bits; without a Flag, 2025 when a 2025-only marker is present (an `RF`
    /// header, a CN or ST that only 2025 defines, the `i23005`–`i23008` serial keys), otherwise 2005.
    public var edition: HJ212Edition {
        if flag != nil { return HJ212Edition(flag: flag) }
        let only2025CN: Set<String> = ["9015", "1001", "1002", "1014", "2013", "2052", "2062", "2111", "3022", "3024"]
        let marked =
            headerValue("RF") != nil || only2025CN.contains(headerValue("CN") ?? "")
            || ["44", "45"].contains(headerValue("ST") ?? "")
            || ["i23005-Info", "i23006-Info", "i23007-Info", "i23008-Info"].contains { cpValue($0) != nil }
        return marked ? .hj212_2025 : .hj212_2005
    }

    private func pair(_ span: HJ212FieldSpan) -> (key: String, value: String) {
        (text(span.keyStart, span.keyEnd), text(span.valueStart, span.valueEnd))
    }

    private func text(_ start: UInt16, _ end: UInt16) -> String {
        String(decoding: segment[Int(start)..<Int(end)], as: UTF8.self)
    }

    /// The first value under `key`, compared byte for byte without making strings of the other keys.
    private func value(of key: String, in spans: ArraySlice<HJ212FieldSpan>) -> String? {
        var key = key
        return key.withUTF8 { wanted in
            for span in spans where Int(span.keyEnd - span.keyStart) == wanted.count {
                if segment[Int(span.keyStart)..<Int(span.keyEnd)].elementsEqual(wanted) {
                    return text(span.valueStart, span.valueEnd)
                }
            }
            return nil
        }
    }

    /// Parses a data segment (the bytes between the length and the CRC).
    public static func parse(_ segment: [UInt8]) throws(HJ212FrameError) -> HJ212Packet {
        guard segment.count <= Int(UInt16.max) else {
            throw HJ212FrameError(offset: 0, reason: .size, detail: "the data segment is \(segment.count) bytes")
        }
        let result: Result<(fields: [HJ212FieldSpan], headerCount: Int), HJ212FrameError> = segment.withUnsafeBufferPointer { bytes in
            Result { () throws(HJ212FrameError) in try spans(bytes) }
        }
        let (fields, headerCount) = try result.get()
        return HJ212Packet(segment: segment, fields: fields, headerCount: headerCount)
    }

    /// One header field read from the bytes before `CP=&&` with the same reader as `parse`, without looking at the
    /// data area: the header stays in clear when the data area is encrypted, so the MN is known before the key is.
    public static func headerValue(_ key: String, in segment: [UInt8]) -> String? {
        guard segment.count <= Int(UInt16.max) else { return nil }
        let end = cpOpening(segment) ?? segment.count
        var fields: [HJ212FieldSpan] = []
        let read = segment.withUnsafeBufferPointer { bytes in
            (try? items(bytes, from: 0, to: end, commaSeparates: false, area: "header", into: &fields)) != nil
        }
        guard read else { return nil }
        return HJ212Packet(segment: segment, fields: fields, headerCount: fields.count).headerValue(key)
    }

    private static func spans(_ bytes: UnsafeBufferPointer<UInt8>) throws(HJ212FrameError) -> ([HJ212FieldSpan], Int) {
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        if !ascii, String(validating: bytes, as: UTF8.self) == nil {
            throw HJ212FrameError(offset: 0, reason: .syntax, detail: "the data segment is not valid UTF-8")
        }
        guard let open = cpOpening(bytes) else {
            throw HJ212FrameError(offset: 0, reason: .syntax, detail: "the data segment has no CP=&&")
        }
        // The CP area ends at the last `&&`, so a stray `&&` inside it cannot cut it short.
        var close = bytes.count - 2
        while close >= open + 5, !(bytes[close] == 38 && bytes[close + 1] == 38) { close -= 1 }
        guard close >= open + 5 else {
            throw HJ212FrameError(offset: 0, reason: .syntax, detail: "CP=&& is not closed with &&")
        }
        var fields: [HJ212FieldSpan] = []
        fields.reserveCapacity(bytes.count / 12)
        try items(bytes, from: 0, to: open, commaSeparates: false, area: "header", into: &fields)
        let headerCount = fields.count
        try items(bytes, from: open + 5, to: close, commaSeparates: true, area: "CP", into: &fields)
        return (fields, headerCount)
    }

    /// Where `CP=&&` starts in a data segment.
    static func cpOpening(_ segment: [UInt8]) -> Int? {
        segment.withUnsafeBufferPointer(cpOpening)
    }

    private static func cpOpening(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count >= 5 else { return nil }
        var index = 0
        while index <= bytes.count - 5 {
            if bytes[index] == 67, bytes[index + 1] == 80, bytes[index + 2] == 61, bytes[index + 3] == 38, bytes[index + 4] == 38 {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Splits `start..<end` at `;` (and `,` in CP) into `key=value` items, spaces trimmed, empty items skipped.
    private static func items(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, commaSeparates: Bool, area: String,
        into fields: inout [HJ212FieldSpan]
    ) throws(HJ212FrameError) {
        var itemStart = start
        var equals = -1
        var index = start
        while index <= end {
            let byte = index < end ? bytes[index] : 59
            if byte == 59 || (commaSeparates && byte == 44) {
                var lower = itemStart
                var upper = index
                while lower < upper, bytes[lower] == 32 { lower += 1 }
                while upper > lower, bytes[upper - 1] == 32 { upper -= 1 }
                if lower < upper {
                    guard equals >= 0 else {
                        let item = String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
                        throw HJ212FrameError(offset: 0, reason: .syntax, detail: "\(area) item '\(item)' has no '='")
                    }
                    var keyEnd = equals
                    while keyEnd > lower, bytes[keyEnd - 1] == 32 { keyEnd -= 1 }
                    var valueStart = equals + 1
                    while valueStart < upper, bytes[valueStart] == 32 { valueStart += 1 }
                    fields.append(
                        HJ212FieldSpan(
                            keyStart: UInt16(lower), keyEnd: UInt16(keyEnd), valueStart: UInt16(valueStart), valueEnd: UInt16(upper)))
                }
                itemStart = index + 1
                equals = -1
            } else if byte == 61, equals < 0 {
                equals = index
            }
            index += 1
        }
    }
}

/// Where one `key=value` item lies in its data segment (segments are at most 9,999 bytes, so 16 bits suffice).
struct HJ212FieldSpan: Sendable, Hashable {
    var keyStart: UInt16
    var keyEnd: UInt16
    var valueStart: UInt16
    var valueEnd: UInt16
}
