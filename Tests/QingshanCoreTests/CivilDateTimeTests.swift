import Testing

@testable import QingshanCore

@Suite struct CivilDateTimeTests {
    /// Epoch milliseconds computed independently (`date -d '…' +%s`).
    @Test(arguments: [
        (CivilDateTime(year: 1970, month: 1, day: 1, offsetMinutes: 0), Int64(0)),
        (CivilDateTime(year: 1970, month: 1, day: 1, hour: 8), Int64(0)),
        (CivilDateTime(year: 2014, month: 1, day: 1), Int64(1_388_505_600_000)),
        (CivilDateTime(year: 2016, month: 2, day: 29, hour: 23), Int64(1_456_758_000_000)),
        (CivilDateTime(year: 2016, month: 12, day: 31, hour: 23), Int64(1_483_196_400_000)),
        (CivilDateTime(year: 2000, month: 3, day: 1, offsetMinutes: 0), Int64(951_868_800_000)),
        (CivilDateTime(year: 1969, month: 12, day: 31, hour: 23, offsetMinutes: 0), Int64(-3_600_000)),
    ])
    func convertsToEpoch(civil: CivilDateTime, expected: Int64) {
        #expect(civil.timestamp.millisecondsSinceEpoch == expected)
        #expect(CivilDateTime(civil.timestamp, offsetMinutes: civil.offsetMinutes) == civil)
    }

    @Test func roundTripsEveryHourOfALeapYear() {
        var civil = CivilDateTime(year: 2016, month: 1, day: 1)
        var timestamp = civil.timestamp
        for _ in 0..<(366 * 24) {
            civil = CivilDateTime(timestamp)
            #expect(civil.isValid)
            #expect(civil.timestamp == timestamp)
            timestamp = timestamp.adding(milliseconds: Timestamp.millisecondsPerHour)
        }
        #expect(CivilDateTime(timestamp) == CivilDateTime(year: 2017, month: 1, day: 1))
    }

    @Test(arguments: [
        CivilDateTime(year: 2014, month: 2, day: 29), CivilDateTime(year: 2016, month: 13, day: 1),
        CivilDateTime(year: 2016, month: 4, day: 31), CivilDateTime(year: 2016, month: 1, day: 1, hour: 24),
        CivilDateTime(year: 1900, month: 2, day: 29), CivilDateTime(year: 2016, month: 1, day: 0),
    ])
    func rejectsImpossibleDates(civil: CivilDateTime) {
        #expect(!civil.isValid)
    }

    @Test func leapYears() {
        #expect(CivilDateTime.isLeapYear(2000))
        #expect(CivilDateTime.isLeapYear(2016))
        #expect(!CivilDateTime.isLeapYear(1900))
        #expect(!CivilDateTime.isLeapYear(2015))
    }
}
