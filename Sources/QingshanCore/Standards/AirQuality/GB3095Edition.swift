/// The edition of GB 3095 (环境空气质量标准) whose limits a period is judged against.
public enum GB3095Edition: String, Sendable, Hashable, CaseIterable, Codable {
    /// GB 3095-2012 with its 2018 amendment (gases at the 298.15 K reference state from 2018-09-01; the limits
    /// themselves unchanged), in force from 2016-01-01.
    case gb3095_2012 = "2012"
    /// GB 3095-2026, transition phase (过渡阶段) until 2030-12-31.
    case gb3095_2026 = "2026"
    /// GB 3095-2026, final phase from 2031-01-01.
    case gb3095_2026Final = "2026-final"

    public var effectiveFrom: CivilDateTime {
        switch self {
        case .gb3095_2012: CivilDateTime(year: 2016, month: 1, day: 1)
        case .gb3095_2026: CivilDateTime(year: 2026, month: 3, day: 1)
        case .gb3095_2026Final: CivilDateTime(year: 2031, month: 1, day: 1)
        }
    }

    public var title: String {
        switch self {
        case .gb3095_2012: "GB 3095-2012 环境空气质量标准（含 2018 年修改单）"
        case .gb3095_2026: "GB 3095-2026 环境空气质量标准（过渡阶段）"
        case .gb3095_2026Final: "GB 3095-2026 环境空气质量标准（2031 年起）"
        }
    }

    /// How the limits were confirmed (see `docs/STANDARDS.md`).
    public var confidence: String {
        switch self {
        case .gb3095_2012: "class-2 limits read in two or more sources"
        case .gb3095_2026, .gb3095_2026Final:
            "secondary sources only (two implementations quoting the 2026 table); the standard itself not read"
        }
    }

    /// The edition in force at an instant (Beijing time).
    public static func inForce(at time: Timestamp) -> GB3095Edition {
        if time >= GB3095Edition.gb3095_2026Final.effectiveFrom.timestamp { return .gb3095_2026Final }
        return time >= GB3095Edition.gb3095_2026.effectiveFrom.timestamp ? .gb3095_2026 : .gb3095_2012
    }

    /// The class-2 (二级, 二类区) limits of the six basic items, in the AQI's units (CO mg/m³, others µg/m³).
    /// O3's daily limit is the daily maximum 8-hour mean; CO and O3 have no annual limit.
    public func classTwoLimits(_ pollutant: AQIPollutant) -> GB3095Limits {
        switch (self, pollutant) {
        case (_, .co): GB3095Limits(annual: nil, daily: 4, oneHour: 10)
        case (_, .o3): GB3095Limits(annual: nil, daily: 160, oneHour: 200)
        case (.gb3095_2012, .so2), (.gb3095_2026, .so2): GB3095Limits(annual: 60, daily: 150, oneHour: 500)
        case (.gb3095_2026Final, .so2): GB3095Limits(annual: 20, daily: 50, oneHour: 150)
        case (.gb3095_2012, .no2), (.gb3095_2026, .no2): GB3095Limits(annual: 40, daily: 80, oneHour: 200)
        case (.gb3095_2026Final, .no2): GB3095Limits(annual: 30, daily: 50, oneHour: 200)
        case (.gb3095_2012, .pm10): GB3095Limits(annual: 70, daily: 150, oneHour: nil)
        case (.gb3095_2026, .pm10): GB3095Limits(annual: 60, daily: 120, oneHour: nil)
        case (.gb3095_2026Final, .pm10): GB3095Limits(annual: 50, daily: 100, oneHour: nil)
        case (.gb3095_2012, .pm25): GB3095Limits(annual: 35, daily: 75, oneHour: nil)
        case (.gb3095_2026, .pm25): GB3095Limits(annual: 30, daily: 60, oneHour: nil)
        case (.gb3095_2026Final, .pm25): GB3095Limits(annual: 25, daily: 50, oneHour: nil)
        }
    }
}

/// One pollutant's limits for its averaging times; nil where the standard sets none.
public struct GB3095Limits: Sendable, Hashable {
    public var annual: Int?
    /// 24-hour mean (O3: daily maximum 8-hour mean).
    public var daily: Int
    public var oneHour: Int?

    public init(annual: Int?, daily: Int, oneHour: Int?) {
        (self.annual, self.daily, self.oneHour) = (annual, daily, oneHour)
    }
}
