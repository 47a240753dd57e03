/// Where an indicator stands in a year against its target, by one stated rule: a numeric target is reached
/// linearly from the 2020 baseline to 2025, so a year's value is on track when it is at least as far along as
/// (year − 2020)/5 of the way; met when it already satisfies the 2025 target (or, for 达到自治区考核要求, the
/// year's regional target); "no decrease" and "improving" compare with the baseline.
public enum PlanProgress: String, Sendable, Hashable, Codable {
    case met
    case onTrack = "on_track"
    case behind
    /// No value for the year, or no target to judge it by (a regional target not entered yet).
    case unknown

    public var nameZh: String {
        switch self {
        case .met: "已达标"
        case .onTrack: "进度正常"
        case .behind: "滞后"
        case .unknown: "待评估"
        }
    }

    public static let baselineYear = 2020
    public static let targetYear = 2025

    /// The value a numeric target asks for by `year` on the linear path (nil without a baseline or a number).
    public static func expected(_ indicator: PlanIndicator, year: Int, regionalTarget: Double? = nil) -> Double? {
        guard let baseline = indicator.baseline2020, let target = regionalTarget ?? indicator.target2025.number else { return nil }
        let fraction = Double(min(max(year - baselineYear, 0), targetYear - baselineYear)) / Double(targetYear - baselineYear)
        return baseline + (target - baseline) * fraction
    }

    public static func judge(_ indicator: PlanIndicator, value: Double?, year: Int, regionalTarget: Double? = nil) -> PlanProgress {
        guard let value else { return .unknown }
        func better(_ a: Double, thanOrEqual b: Double) -> Bool { indicator.better == .higher ? a >= b - 1e-9 : a <= b + 1e-9 }
        switch indicator.targetKind {
        case .numericAtLeast, .numericAtMost, .regionalAssessment:
            let target = indicator.targetKind == .regionalAssessment ? regionalTarget : indicator.target2025.number
            guard let target else { return .unknown }
            if better(value, thanOrEqual: target) { return .met }
            guard let expected = expected(indicator, year: year, regionalTarget: target) else { return .behind }
            return better(value, thanOrEqual: expected) ? .onTrack : .behind
        case .equal:
            guard let target = indicator.target2025.number else { return .unknown }
            return abs(value - target) < 1e-9 ? .met : .behind
        case .noDecrease, .improving:
            guard let baseline = indicator.baseline2020 else { return .unknown }
            return better(value, thanOrEqual: baseline) ? (indicator.targetKind == .noDecrease ? .met : .onTrack) : .behind
        }
    }
}
