/// One of the plan's main indicators (Table 1): baseline, target and how it is tracked, as the plan's profile
/// file gives them.
public struct PlanIndicator: Sendable, Hashable, Codable {
    public struct Group: Sendable, Hashable, Codable {
        public var zh: String
        public var en: String
    }

    /// What the 2025 target says.
    public enum TargetKind: String, Sendable, Hashable, Codable {
        case numericAtMost = "numeric_at_most"
        case numericAtLeast = "numeric_at_least"
        case equal
        case noDecrease = "no_decrease"
        case improving
        /// 达到自治区考核要求: the number is the autonomous region's, set each year and entered here.
        case regionalAssessment = "regional_assessment"
    }

    public enum Binding: String, Sendable, Hashable, Codable {
        case binding, expected
    }

    public enum Direction: String, Sendable, Hashable, Codable {
        case higher, lower
    }

    public struct Computation: Sendable, Hashable, Codable {
        public enum Mode: String, Sendable, Hashable, Codable {
            case computed
            case computedFromLedger = "computed_from_ledger"
            case manualInput = "manual_input"
        }

        public var mode: Mode
        public var formula: String?
        public var method: String?
        public var standards: [String]?
    }

    /// A number, or the plan's words (达到自治区考核要求, 不降低, 稳中向好).
    public enum Target: Sendable, Hashable, Codable {
        case number(Double)
        case text(String)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) { self = .number(number) } else { self = .text(try container.decode(String.self)) }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let number): try container.encode(number)
            case .text(let text): try container.encode(text)
            }
        }

        public var number: Double? {
            if case .number(let number) = self { return number }
            return nil
        }
    }

    public var id: Int
    public var group: Group
    public var nameZh: String
    public var nameEn: String
    public var unit: String
    public var baseline2020: Double?
    public var target2025: Target
    public var targetKind: TargetKind
    public var attributeZh: String
    public var binding: Binding
    public var better: Direction
    public var computation: Computation
    public var quote: String

    enum CodingKeys: String, CodingKey {
        case id, group, unit, binding, better, computation, quote
        case nameZh = "name_zh"
        case nameEn = "name_en"
        case baseline2020 = "baseline_2020"
        case target2025 = "target_2025"
        case targetKind = "target_kind"
        case attributeZh = "attribute_zh"
    }
}
