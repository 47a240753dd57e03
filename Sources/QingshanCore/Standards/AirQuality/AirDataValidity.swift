/// The minimum data a statistic needs to be valid: GB 3095-2012 表4, and HJ 663's ozone rule.
///
/// The 20-hour, 6-of-8, 324/27/25 rules were read in one source quoting the standard's table; the ozone
/// 14-of-17 rule is UNCONFIRMED (from practice; see `docs/STANDARDS.md`).
public enum AirDataValidity {
    /// A 24-hour mean needs at least this many hourly values.
    public static let hoursPerDay = 20
    /// An 8-hour moving mean needs at least this many of its eight hours.
    public static let hoursPerEightHourMean = 6
    /// The daily maximum 8-hour mean needs this many valid 8-hour means among the day's 17 (ending 08–24 h),
    /// unless it already exceeds the limit with fewer. UNCONFIRMED.
    public static let eightHourMeansPerDay = 14
    /// An annual statistic needs this many valid days.
    public static let daysPerYear = 324
    /// A monthly statistic needs this many valid days (February: `daysPerFebruary`).
    public static let daysPerMonth = 27
    public static let daysPerFebruary = 25

    /// Valid days a period of `days` days starting on `first` needs: 324 for a calendar year, 27 (February 25)
    /// for a calendar month; for any other period the annual share, 324/365 of its days rounded up (our rule:
    /// the standard sets none).
    public static func daysNeeded(first: CivilDateTime, days: Int) -> Int {
        let isJanuaryFirst = first.month == 1 && first.day == 1
        if isJanuaryFirst, days == (CivilDateTime.isLeapYear(first.year) ? 366 : 365) { return daysPerYear }
        if first.day == 1, days == CivilDateTime.daysInMonth(year: first.year, month: first.month) {
            return first.month == 2 ? daysPerFebruary : daysPerMonth
        }
        return (days * daysPerYear + 364) / 365
    }
}
