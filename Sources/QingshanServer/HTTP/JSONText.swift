/// Hand-written JSON for the large, regular answers (a year of hourly values is 8,760 items), where
/// Foundation's JSONEncoder spends most of the request's time. Small answers keep using Codable.
enum JSONText {
    /// A JSON string literal with the escapes RFC 8259 requires.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func string(_ text: String?) -> String {
        text.map { string($0) } ?? "null"
    }

    /// The shortest text that reads back as the same Double; whole numbers without a fraction.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }
}
