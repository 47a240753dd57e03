/// One of the plan's further quantified targets, thresholds, frequencies and deadlines (outside Table 1).
public struct PlanTarget: Sendable, Hashable, Codable {
    /// A number, a range the plan gives as such (7–10 天), or its words (达到自治区考核要求).
    public enum Value: Sendable, Hashable, Codable {
        case number(Double)
        case range(Double, Double)
        case text(String)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else if let pair = try? container.decode([Double].self), pair.count == 2 {
                self = .range(pair[0], pair[1])
            } else {
                self = .text(try container.decode(String.self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let number): try container.encode(number)
            case .range(let low, let high): try container.encode([low, high])
            case .text(let text): try container.encode(text)
            }
        }
    }

    /// T001 …
    public var id: String
    public var chapter: String
    public var nameZh: String
    public var nameEn: String
    /// rate, deadline, milestone, count, frequency, threshold, rule.
    public var kind: String
    public var value: Value?
    public var comparator: String
    public var unit: String?
    /// `YYYY-MM-DD`, the end of the period the plan names, or nil.
    public var deadline: String?
    public var deadlineText: String
    public var scope: String
    /// monitoring, ledger, manual_input, milestone, rule_check.
    public var trackBy: String
    public var table1Link: Int?
    public var quote: String
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case id, chapter, kind, value, comparator, unit, deadline, scope, quote, note
        case nameZh = "name_zh"
        case nameEn = "name_en"
        case deadlineText = "deadline_text"
        case trackBy = "track_by"
        case table1Link = "table1_link"
    }
}
