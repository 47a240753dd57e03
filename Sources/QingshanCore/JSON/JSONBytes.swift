/// The one JSON byte writer: the escapes RFC 8259 requires and the shortest numbers, appended to UTF-8 bytes.
/// SensorThings' `JSONValue`, the REST answers written by hand and the HJ 212 frame reports all write through it,
/// so a string or a number reads the same wherever the platform prints it.
public enum JSONBytes {
    /// The shortest text that reads back as the same Double; whole numbers without a fraction.
    public static func number(_ value: Double, into out: inout [UInt8]) {
        if value == value.rounded(), abs(value) < 1e15 {
            integer(Int64(value), into: &out)
        } else {
            out.append(contentsOf: value.description.utf8)
        }
    }

    /// Decimal digits without a `String` in between (ids and whole values on every row of a page).
    public static func integer(_ value: Int64, into out: inout [UInt8]) {
        // The magnitude as UInt64: -Int64.min does not fit in Int64.
        var rest = value.magnitude
        if value < 0 { out.append(UInt8(ascii: "-")) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
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

    /// A JSON string literal.
    public static func string(_ text: String) -> String {
        var out: [UInt8] = []
        quote(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON string literal, or `null`.
    public static func string(_ text: String?) -> String {
        text.map { string($0) } ?? "null"
    }

    /// The shortest text that reads back as the same Double.
    public static func number(_ value: Double) -> String {
        var out: [UInt8] = []
        number(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
