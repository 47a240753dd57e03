/// A wall-clock date and time with a fixed UTC offset, converted to and from `Timestamp` with integer
/// arithmetic only (Howard Hinnant's days-from-civil algorithm), so millions of rows convert fast and exactly.
public struct CivilDateTime: Sendable, Hashable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var millisecond: Int
    /// Offset from UTC in minutes; Beijing time is +480.
    public var offsetMinutes: Int

    public static let beijingOffsetMinutes = 480

    public init(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0,
        offsetMinutes: Int = CivilDateTime.beijingOffsetMinutes
    ) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.millisecond = millisecond
        self.offsetMinutes = offsetMinutes
    }

    /// Whether every field names a real calendar moment (no 2014-02-30, no hour 24).
    public var isValid: Bool {
        guard (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute),
            (0...60).contains(second), (0...999).contains(millisecond), (-1080...1080).contains(offsetMinutes)
        else { return false }
        return (1...Self.daysInMonth(year: year, month: month)).contains(day)
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The instant this wall-clock time names.
    public var timestamp: Timestamp {
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        return Timestamp(millisecondsSinceEpoch: seconds * 1000 + Int64(millisecond))
    }

    /// The wall-clock time of `timestamp` at the given offset.
    public init(_ timestamp: Timestamp, offsetMinutes: Int = CivilDateTime.beijingOffsetMinutes) {
        let local = timestamp.millisecondsSinceEpoch + Int64(offsetMinutes) * 60_000
        let days = Self.floorDivide(local, Timestamp.millisecondsPerDay)
        let msOfDay = Int(local - days * Timestamp.millisecondsPerDay)
        let (year, month, day) = Self.civilFromDays(days)
        self.init(
            year: year, month: month, day: day, hour: msOfDay / 3_600_000, minute: msOfDay / 60_000 % 60,
            second: msOfDay / 1000 % 60, millisecond: msOfDay % 1000, offsetMinutes: offsetMinutes)
    }

    /// 00:00 of the day holding `time`, at the given offset (Beijing time by default).
    public static func dayStart(of time: Timestamp, offsetMinutes: Int = CivilDateTime.beijingOffsetMinutes) -> Timestamp {
        let offset = Int64(offsetMinutes) * Timestamp.millisecondsPerMinute
        let days = floorDivide(time.millisecondsSinceEpoch + offset, Timestamp.millisecondsPerDay)
        return Timestamp(millisecondsSinceEpoch: days * Timestamp.millisecondsPerDay - offset)
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
