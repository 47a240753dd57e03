import Foundation

/// GB 3096-2008 声环境质量标准: the functional-zone classes with their day and night Leq limits, the day
/// (06:00–22:00) and night (22:00–06:00) periods, and the energy mean that makes a period's Leq from hours.
/// Limits from two sources; the period hours from one (local governments may move them). See docs/STANDARDS.md.
public enum GB3096 {
    public enum ZoneClass: String, Sendable, Hashable, CaseIterable, Codable {
        case zero = "0", one = "1", two = "2", three = "3", fourA = "4a", fourB = "4b"

        public var nameZh: String { "\(rawValue)类" }

        /// Limits in dB(A).
        public var dayLimit: Int {
            switch self {
            case .zero: 50
            case .one: 55
            case .two: 60
            case .three: 65
            case .fourA, .fourB: 70
            }
        }

        public var nightLimit: Int {
            switch self {
            case .zero: 40
            case .one: 45
            case .two: 50
            case .three, .fourA: 55
            case .fourB: 60
            }
        }
    }

    public enum Period: String, Sendable, Hashable, CaseIterable, Codable {
        case day, night

        public var nameZh: String { self == .day ? "昼间" : "夜间" }

        /// Day is 06:00–22:00 Beijing time; an hour belongs to the period its start falls in.
        public init(hourStartingAt hour: Int) {
            self = (6..<22).contains(hour) ? .day : .night
        }
    }

    public static func limit(_ zone: ZoneClass, _ period: Period) -> Int {
        period == .day ? zone.dayLimit : zone.nightLimit
    }

    /// The equivalent level of equal-length intervals: 10·lg(mean of 10^(L/10)), in dB(A); nil for none.
    public static func energyMean(_ levels: [Double]) -> Double? {
        guard !levels.isEmpty else { return nil }
        let mean = levels.reduce(0) { $0 + pow(10, $1 / 10) } / Double(levels.count)
        return 10 * log10(mean)
    }

    public struct Judgement: Sendable, Hashable {
        /// The period's Leq rounded to 0.1 dB(A) (GB/T 8170), as reported.
        public var leq: ExactDecimal
        public var limit: Int
        /// dB(A) above the limit, nil when within it.
        public var exceedance: ExactDecimal?
    }

    /// A period's Leq against the zone's limit, compared after rounding to 0.1 dB(A).
    public static func judge(leq: Double, zone: ZoneClass, period: Period) -> Judgement? {
        guard leq.isFinite, let exact = ExactDecimal(leq) else { return nil }
        let tenths = exact.rounded(toDecimals: 1)
        let limit = limit(zone, period)
        let over = tenths - limit * 10
        return Judgement(
            leq: ExactDecimal(units: tenths, scale: 1), limit: limit, exceedance: over > 0 ? ExactDecimal(units: over, scale: 1) : nil)
    }
}
