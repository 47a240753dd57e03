import Foundation

/// 综合营养状态指数 TLI(Σ) of a lake or reservoir (中国环境监测总站《湖泊（水库）富营养化评价方法及分级技术
/// 规定》, used by the 2011 surface-water evaluation method).
///
/// TLI(j) per parameter from its concentration, weighted by the squared correlation of each parameter with
/// chlorophyll a (r_ij of Chinese lakes); a missing parameter is left out and the weights renormalised.
/// Coefficients: chla, TP, TN, SD in two or more sources; CODMn's 2.661 in one (another prints 2.66).
public enum TrophicStateIndex {
    public enum Parameter: String, Sendable, Hashable, CaseIterable, Codable {
        /// Chlorophyll a, mg/m³ (= µg/L).
        case chla
        /// Total phosphorus, mg/L.
        case tp
        /// Total nitrogen, mg/L.
        case tn
        /// Secchi depth (透明度), m.
        case sd
        /// Permanganate index, mg/L.
        case codMn = "codmn"

        /// r_ij with chlorophyll a.
        var correlation: Double {
            switch self {
            case .chla: 1
            case .tp: 0.84
            case .tn: 0.82
            case .sd: -0.83
            case .codMn: 0.83
            }
        }
    }

    public enum State: String, Sendable, Hashable, CaseIterable, Codable {
        case oligotrophic, mesotrophic, lightEutrophic, middleEutrophic, hyperEutrophic

        public var nameZh: String {
            switch self {
            case .oligotrophic: "贫营养"
            case .mesotrophic: "中营养"
            case .lightEutrophic: "轻度富营养"
            case .middleEutrophic: "中度富营养"
            case .hyperEutrophic: "重度富营养"
            }
        }

        /// < 30 贫营养; 30–50 中营养 (both ends included); (50, 60] 轻度; (60, 70] 中度; above 70 重度.
        public init(tli: Double) {
            switch tli {
            case ..<30: self = .oligotrophic
            case ...50: self = .mesotrophic
            case ...60: self = .lightEutrophic
            case ...70: self = .middleEutrophic
            default: self = .hyperEutrophic
            }
        }
    }

    public struct Result: Sendable, Hashable {
        /// TLI(Σ) rounded to two decimals, as reported; the state is read from this value.
        public var tli: Double
        public var state: State
        /// TLI(j) of each parameter used.
        public var singleIndexes: [Parameter: Double]
    }

    public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
        public var parameter: Parameter
        public var value: Double

        public init(parameter: Parameter, value: Double) {
            self.parameter = parameter
            self.value = value
        }

        public var description: String { "\(parameter.rawValue) \(value) must be a positive number (the index takes its logarithm)" }
    }

    /// TLI(j) of one parameter.
    public static func single(_ parameter: Parameter, _ value: Double) -> Double {
        let ln = Foundation.log(value)
        switch parameter {
        case .chla: return 10 * (2.5 + 1.086 * ln)
        case .tp: return 10 * (9.436 + 1.624 * ln)
        case .tn: return 10 * (5.453 + 1.694 * ln)
        case .sd: return 10 * (5.118 - 1.94 * ln)
        case .codMn: return 10 * (0.109 + 2.661 * ln)
        }
    }

    /// TLI(Σ) from whichever parameters are given; nil when none is.
    public static func compute(_ values: [Parameter: Double]) throws(InputError) -> Result? {
        var singles: [Parameter: Double] = [:]
        for (parameter, value) in values {
            guard value.isFinite, value > 0 else { throw InputError(parameter: parameter, value: value) }
            singles[parameter] = single(parameter, value)
        }
        guard let combined = combine(singles) else { return nil }
        let reported = (combined * 100).rounded(.toNearestOrEven) / 100
        return Result(tli: reported, state: State(tli: reported), singleIndexes: singles)
    }

    /// Σ W_j · TLI(j) with W_j = r_ij² / Σ r_ij² over the parameters present.
    public static func combine(_ singles: [Parameter: Double]) -> Double? {
        guard !singles.isEmpty else { return nil }
        let total = singles.keys.map { $0.correlation * $0.correlation }.reduce(0, +)
        return singles.map { $0.key.correlation * $0.key.correlation / total * $0.value }.reduce(0, +)
    }
}
