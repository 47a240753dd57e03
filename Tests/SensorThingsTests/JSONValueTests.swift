import Foundation
import SensorThings
import Testing

/// JSON written byte by byte must read back as what was written, whatever the text holds.
@Suite struct JSONValueTests {
    @Test(arguments: ["plain", "", "附二中 PM2.5 µg/m³", #"say "hi""#, #"C:\path"#, "line\nbreak\r\ttab", "\u{01}\u{1f}\u{7f}", "🌫️ haze", "'quoted'"])
    func stringsRoundTrip(text: String) throws {
        let value = JSONValue.object([("text", .string(text)), (text, .array([.number(1.5), .number(-3), .null, .bool(true)]))])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(value.bytes())) as? [String: Any])
        #expect(parsed["text"] as? String == text)
        let array = try #require(parsed[text] as? [Any])
        #expect(array.count == 4)
        #expect(array[0] as? Double == 1.5)
        #expect(array[1] as? Int == -3)
    }

    /// Every character that needs an escape, at every offset of a long text, beside multi-byte UTF-8.
    @Test func escapesAtEveryOffset() throws {
        for special in ["\"", "\\", "\n", "\u{00}", "\u{1f}"] {
            for offset in 0..<20 {
                let text = String(repeating: "a", count: offset) + special + "东四µ" + String(repeating: "b", count: 19 - offset)
                let parsed = try #require(try JSONSerialization.jsonObject(with: Data(JSONValue.array([.string(text)]).bytes())) as? [String])
                #expect(parsed == [text], "\(offset)")
            }
        }
        let clean = String(repeating: "0123456789abcdef东", count: 10)
        #expect(JSONValue.string(clean).serialized() == "\"" + clean + "\"")
    }

    @Test func escapesAreTheShortOnes() {
        #expect(JSONValue.string("a\"b\\c\nd\u{01}").serialized() == #""a\"b\\c\nd\u0001""#)
        #expect(JSONValue.number(2).serialized() == "2")
        #expect(JSONValue.number(0.1).serialized() == "0.1")
        #expect(JSONValue.bytes(Array(#"{"a":1}"#.utf8)).serialized() == #"{"a":1}"#)
    }
}
