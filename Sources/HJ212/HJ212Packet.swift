/// A data segment read into its header fields and its CP items, in the order they were written.
///
/// The parser is tolerant the way real loggers need: fields in any order, `;` and `,` mixed in CP, spaces
/// around keys and values, a trailing `;` before `&&`, unknown keys kept with their raw names.
public struct HJ212Packet: Sendable, Hashable {
    /// Header fields as written (`QN`, `ST`, `CN`, `PW`, `MN`, `Flag`, `PNUM`, `PNO`, and any other).
    public var header: [(key: String, value: String)]
    /// CP items as written: `DataTime`, `w01018-Rtd`, `w01018-Flag`, …
    public var cp: [(key: String, value: String)]

    public static func == (lhs: HJ212Packet, rhs: HJ212Packet) -> Bool {
        lhs.header.elementsEqual(rhs.header, by: ==) && lhs.cp.elementsEqual(rhs.cp, by: ==)
    }

    public func hash(into hasher: inout Hasher) {
        for (key, value) in header + cp {
            hasher.combine(key)
            hasher.combine(value)
        }
    }

    public func headerValue(_ key: String) -> String? { header.first { $0.key == key }?.value }
    public func cpValue(_ key: String) -> String? { cp.first { $0.key == key }?.value }

    public var flag: Int? { headerValue("Flag").flatMap { Int($0) } }
    public var edition: HJ212Edition { HJ212Edition(flag: flag) }

    /// Parses a data segment (the bytes between the length and the CRC).
    public static func parse(_ segment: [UInt8]) throws(HJ212FrameError) -> HJ212Packet {
        guard String(validating: segment, as: UTF8.self) != nil else {
            throw HJ212FrameError(offset: 0, reason: .syntax, detail: "the data segment is not valid UTF-8")
        }
        guard let open = Self.find(Array("CP=&&".utf8), in: segment, from: 0) else {
            throw HJ212FrameError(offset: 0, reason: .syntax, detail: "the data segment has no CP=&&")
        }
        var close: Int?
        var search = open + 5
        while let found = Self.find([38, 38], in: segment, from: search) {
            close = found
            search = found + 1
        }
        guard let close, close >= open + 5 else {
            throw HJ212FrameError(offset: 0, reason: .syntax, detail: "CP=&& is not closed with &&")
        }
        let headerText = String(decoding: segment[..<open], as: UTF8.self)
        let cpText = String(decoding: segment[(open + 5)..<close], as: UTF8.self)
        var header: [(String, String)] = []
        for item in headerText.split(separator: ";") {
            let trimmed = item.trimmingSpaces
            guard !trimmed.isEmpty else { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw HJ212FrameError(offset: 0, reason: .syntax, detail: "header item '\(trimmed)' has no '='")
            }
            header.append((String(trimmed[..<equals]).trimmingSpaces, String(trimmed[trimmed.index(after: equals)...]).trimmingSpaces))
        }
        var cp: [(String, String)] = []
        for item in cpText.split(whereSeparator: { $0 == ";" || $0 == "," }) {
            let trimmed = item.trimmingSpaces
            guard !trimmed.isEmpty else { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw HJ212FrameError(offset: 0, reason: .syntax, detail: "CP item '\(trimmed)' has no '='")
            }
            cp.append((String(trimmed[..<equals]).trimmingSpaces, String(trimmed[trimmed.index(after: equals)...]).trimmingSpaces))
        }
        return HJ212Packet(header: header, cp: cp)
    }

    static func find(_ pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= pattern.count, start <= bytes.count - pattern.count else { return nil }
        for index in start...(bytes.count - pattern.count) where bytes[index] == pattern[0] {
            if bytes[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
        }
        return nil
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }
}
