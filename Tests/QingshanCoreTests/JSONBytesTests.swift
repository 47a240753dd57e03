import Foundation
import QingshanCore
import Testing

/// The one JSON writer (REST, SensorThings, frame reports).
@Suite struct JSONBytesTests {
    /// The hand-written JSON must parse back to exactly what went in.
    @Test(arguments: ["N", "", "a\"b", "back\\slash", "line\nbreak\ttab\r", "\u{01}ctl", "中文 µg/m³"])
    func stringsRoundTrip(text: String) throws {
        let data = Data("[\(JSONBytes.string(text))]".utf8)
        #expect(try JSONSerialization.jsonObject(with: data) as? [String] == [text])
    }

    @Test(arguments: [0, 12, -3, 0.3, 101.41, 1e-7, 123456.789, 2.5e20, -0.0, Double.leastNonzeroMagnitude])
    func numbersRoundTrip(value: Double) throws {
        let text = JSONBytes.number(value)
        #expect(Double(text) == value)
        let data = Data("[\(text)]".utf8)
        #expect((try JSONSerialization.jsonObject(with: data) as? [NSNumber])?.first?.doubleValue == value)
    }

    @Test(arguments: [0, 7, -7, 10, 99, 1_451_577_600_000, -1_451_577_600_000, Int64.max, Int64.min, 999_999_999_999_999])
    func integersAreTheirDecimalDigits(value: Int64) {
        var out: [UInt8] = [UInt8(ascii: "x")]
        JSONBytes.integer(value, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "x" + String(value))
        #expect(JSONBytes.number(Double(value)) == (abs(Double(value)) < 1e15 ? String(value) : Double(value).description))
    }
}
