/// How many valid inputs a rolled-up period needs, by the kind of site: GB 3095-2012 表4 for air, HJ 75-2017
/// for sources (one source each, see docs/STANDARDS.md). Water, groundwater and noise stations report every
/// few hours or by campaign; no standard sets a count for them, so any valid input makes the period (our rule).
public enum RollupRules {
    /// Minutes of valid data an hour needs (HJ 75 for sources; the same, UNCONFIRMED, for air gases).
    public static let minutesPerHour = 45

    /// Valid inputs needed for `period` starting at `start`, which has `expected` inputs in all.
    public static func needed(_ period: RollupPeriod, kind: SiteKind, start: CivilDateTime, expected: Int) -> Int {
        switch (kind, period) {
        case (_, .hour): return minutesPerHour
        case (.air, .day), (.sourceGas, .day), (.sourceWater, .day): return AirDataValidity.hoursPerDay
        case (.air, .dayMaximumEightHours): return AirDataValidity.eightHourMeansPerDay
        case (.air, .month): return start.month == 2 ? AirDataValidity.daysPerFebruary : AirDataValidity.daysPerMonth
        case (.sourceGas, .month), (.sourceWater, .month): return start.month == 2 ? 23 : 25
        case (.air, .year), (.sourceGas, .year), (.sourceWater, .year): return AirDataValidity.daysPerYear
        default: return min(1, expected)
        }
    }

    /// Whether a stored value counts: HJ 212 flag N (normal) or S (set manually); F, M, D, C, T, B and the
    /// 2005 fault flags do not.
    public static func isValid(flag: String) -> Bool {
        flag == "N" || flag == "S"
    }
}
