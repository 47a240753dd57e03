import QingshanCore

/// JSON written in the order it was built (SensorThings clients read `@iot.id` first), with the escapes RFC 8259
/// requires. Written as UTF-8 bytes: a page of 100 Observations is about 60 KB, and appending to a byte array
/// costs a fraction of appending to a `String`.
public enum JSONValue: Sendable, Hashable {
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
        // A page written straight into bytes is most of its document: room for it at once, not by doubling.
        var written = 0
        if case .object(let members) = self {
            for case (_, .bytes(let json)) in members { written += json.count }
        }
        out.reserveCapacity(4096 + written)
        write(to: &out)
        return out
    }

    public func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let value): JSONBytes.number(value, into: &out)
        case .string(let text): JSONBytes.quote(text, into: &out)
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
                JSONBytes.quote(key, into: &out)
                out.append(UInt8(ascii: ":"))
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
