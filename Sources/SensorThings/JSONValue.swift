/// JSON written in the order it was built (SensorThings clients read `@iot.id` first), with the escapes RFC 8259
/// requires. Written as UTF-8 bytes: a page of 100 Observations is about 60 KB, and appending to a byte array
/// costs a fraction of appending to a `String`.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// Text that is already JSON (a GeoJSON geometry).
    case raw(String)
    /// UTF-8 that is already JSON (an entity rendered straight into bytes).
    case bytes([UInt8])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.bytes() == rhs.bytes() }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes()) }

    public func serialized() -> String { String(decoding: bytes(), as: UTF8.self) }

    public func bytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(to: &out)
        return out
    }

    public func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let value): Self.number(value, into: &out)
        case .string(let text): Self.quote(text, into: &out)
        case .raw(let text): out.append(contentsOf: text.utf8)
        case .bytes(let json): out.append(contentsOf: json)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.quote(key, into: &out)
                out.append(UInt8(ascii: ":"))
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// The shortest text that reads back as the same Double; whole numbers without a fraction.
    public static func number(_ value: Double, into out: inout [UInt8]) {
        if value == value.rounded(), abs(value) < 1e15 { out.append(contentsOf: String(Int64(value)).utf8) } else { out.append(contentsOf: value.description.utf8) }
    }

    /// Appends `text` as a JSON string literal, in one pass over its UTF-8.
    public static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        escape(text, into: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `text` with the escapes a JSON string needs, without the quotes (to build one string from parts),
    /// copying the runs between escapes whole.
    public static func escape(_ text: String, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]))
                start = index
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
                case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
                case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: #"\u00"#.utf8)
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0xF)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }
}
