import QingshanCore
import Testing

@Suite struct RFC3339Tests {
    @Test(arguments: [
        ("2014-01-01T00:00:00+08:00", Int64(1_388_505_600_000)),
        ("2013-12-31T16:00:00Z", Int64(1_388_505_600_000)),
        ("2013-12-31T16:00:00z", Int64(1_388_505_600_000)),
        ("2013-12-31 11:00:00-05:00", Int64(1_388_505_600_000)),
        ("2014-01-01T00:00:00.5+08:00", Int64(1_388_505_600_500)),
        ("2014-01-01T00:00:00.123456+08:00", Int64(1_388_505_600_123)),
    ])
    func parses(text: String, expected: Int64) throws {
        #expect(try RFC3339.parse(text).millisecondsSinceEpoch == expected)
    }

    @Test(arguments: [
        "", "2014-01-01", "2014-01-01T00:00:00", "2014-13-01T00:00:00Z", "2014-02-30T00:00:00Z",
        "2014-01-01T00:00:00+0800", "2014-01-01T00:00:00.Z", "x014-01-01T00:00:00Z", "2014-01-01T25:00:00Z",
        "2014-01-01T00:00:00+08:00junk",
    ])
    func rejects(text: String) {
        #expect(throws: RFC3339.ParseError.self) { try RFC3339.parse(text) }
    }

    @Test func formatsInBeijingTime() {
        let instant = Timestamp(millisecondsSinceEpoch: 1_388_505_600_000)
        #expect(RFC3339.format(instant) == "2014-01-01T00:00:00+08:00")
        #expect(RFC3339.format(instant, offsetMinutes: 0) == "2013-12-31T16:00:00Z")
        #expect(RFC3339.format(instant.adding(milliseconds: 7), offsetMinutes: -330) == "2013-12-31T10:30:00.007-05:30")
    }
}
