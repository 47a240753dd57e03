import Foundation
import SensorThings
import Testing

/// The SensorThings routes' own percent decoding against Foundation's `removingPercentEncoding`, which it
/// replaced: the same text for every escape a client sends, nil where Foundation gives nil.
@Suite struct PercentDecodingTests {
    @Test(arguments: [
        "", "plain", "a%20b", "%24filter", "phenomenonTime%20ge%202016-01-01T00:00:00%2B08:00", "%E5%B7%B4%E5%BD%A6%E6%B7%96%E5%B0%94",
        "%e5%b7%b4", "Things('2195A')", "%27quoted%27", "100%", "%", "%2", "%zz", "%G0", "%E5", "%C3%28", "%FF%FE", "a+b", "%2B", "%00",
        "x%2", "%%41", "%4%41",
    ])
    func matchesFoundation(text: String) {
        #expect(PercentDecoding.decode(Substring(text)) == text.removingPercentEncoding, "\(text)")
    }

    @Test(arguments: [("a+b", "a b"), ("%2B+%2b", "+ +"), ("name+eq+%27x%27", "name eq 'x'"), ("++", "  ")])
    func plusIsASpaceInForms(text: String, decoded: String) {
        #expect(PercentDecoding.decode(Substring(text), plusIsSpace: true) == decoded)
        #expect(PercentDecoding.decode(Substring(text)) == text.removingPercentEncoding)
    }

    @Test func brokenEscapesInFormsAreNil() {
        for text in ["a+%", "+%G1", "%E6%B0+"] { #expect(PercentDecoding.decode(Substring(text), plusIsSpace: true) == nil, "\(text)") }
    }
}
