/// The edition of HJ 633 (环境空气质量指数技术规定) an AQI is computed under.
public enum AQIEdition: String, Sendable, Hashable, CaseIterable, Codable {
    /// HJ 633-2012 (试行), in force with GB 3095-2012 from 2016-01-01.
    case hj633_2012 = "2012"
    /// HJ 633—2026, in force from 2026-03-01. Its numbers come from secondary sources only (several
    /// independent implementations citing the Ministry's page of 2026-02-25); see `HJ633Breakpoints`.
    case hj633_2026 = "2026"

    /// First day the edition applies (Beijing time).
    public var effectiveFrom: CivilDateTime {
        switch self {
        case .hj633_2012: CivilDateTime(year: 2016, month: 1, day: 1)
        case .hj633_2026: CivilDateTime(year: 2026, month: 3, day: 1)
        }
    }

    public var title: String {
        switch self {
        case .hj633_2012: "HJ 633-2012 环境空气质量指数（AQI）技术规定（试行）"
        case .hj633_2026: "HJ 633—2026 环境空气质量指数（AQI）技术规定"
        }
    }

    /// How the tables were confirmed (see `docs/STANDARDS.md`).
    public var confidence: String {
        switch self {
        case .hj633_2012: "every breakpoint read in two or more independent sources"
        case .hj633_2026: "secondary sources only: implementations and tests citing the 2026 text; the standard itself not read"
        }
    }

    /// The edition in force at an instant: data before 2026-03-01 (Beijing time) are judged under 2012.
    public static func inForce(at time: Timestamp) -> AQIEdition {
        time >= AQIEdition.hj633_2026.effectiveFrom.timestamp ? .hj633_2026 : .hj633_2012
    }
}
