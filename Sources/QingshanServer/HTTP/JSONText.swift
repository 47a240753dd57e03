import SensorThings
/// Hand-written JSON for the large, regular answers (a year of hourly values is 8,760 items), where
/// Foundation's JSONEncoder spends most of the request's time. Small answers keep using Codable.
enum JSONText {
    /// A JSON string literal with the escapes RFC 8259 requires.
    static func string(_ text: String) -> String {
        var out: [UInt8] = []
        JSONValue.quote(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func string(_ text: String?) -> String {
        text.map { string($0) } ?? "null"
    }

    /// The shortest text that reads back as the same Double; whole numbers without a fraction.
    static func number(_ value: Double) -> String {
        var out: [UInt8] = []
        JSONValue.number(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
