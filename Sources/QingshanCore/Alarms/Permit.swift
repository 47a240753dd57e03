/// A discharge permit (排污许可证) as it bears on one outlet: the pollutants with their concentration limits,
/// where each limit comes from, the permitted annual quantities and the validity dates. Kept per outlet (a
/// site of kind `source_gas` or `source_water`); every change is kept with who made it and when.
public struct Permit: Codable, Sendable, Hashable {
    /// The outlet's site code.
    public var siteCode: String
    /// 排污许可证编号, when known.
    public var number: String?
    /// First and last day of validity, `YYYY-MM-DD` (Beijing); nil = open.
    public var validFrom: String?
    public var validTo: String?
    public var limits: [PermitLimit]
    /// Permitted quantity per pollutant, tonnes a year (judged on a rolling 12 months).
    public var annualTonnes: [String: Double]
    /// What is known of the permit's source (for example that the real limits are unknown and the industry's
    /// standard is used in their place).
    public var note: String?

    public init(
        siteCode: String, number: String? = nil, validFrom: String? = nil, validTo: String? = nil, limits: [PermitLimit] = [],
        annualTonnes: [String: Double] = [:], note: String? = nil
    ) {
        self.siteCode = siteCode
        self.number = number
        self.validFrom = validFrom
        self.validTo = validTo
        self.limits = limits
        self.annualTonnes = annualTonnes
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case siteCode, number, validFrom, validTo, limits, annualTonnes, note
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        siteCode = try container.decodeIfPresent(String.self, forKey: .siteCode) ?? ""
        number = try container.decodeIfPresent(String.self, forKey: .number)
        validFrom = try container.decodeIfPresent(String.self, forKey: .validFrom)
        validTo = try container.decodeIfPresent(String.self, forKey: .validTo)
        limits = try container.decodeIfPresent([PermitLimit].self, forKey: .limits) ?? []
        annualTonnes = try container.decodeIfPresent([String: Double].self, forKey: .annualTonnes) ?? [:]
        note = try container.decodeIfPresent(String.self, forKey: .note)
    }

    /// Whether the permit is in force on the Beijing day of `time`.
    public func isValid(at time: Timestamp) -> Bool {
        let day = CivilDateTime(time).dateText
        if let validFrom, day < validFrom { return false }
        if let validTo, day > validTo { return false }
        return true
    }

    /// What is wrong with the permit, one readable line each (empty when it can be stored).
    public func problems() -> [String] {
        var problems: [String] = []
        if siteCode.isEmpty { problems.append("siteCode is empty") }
        for (name, date) in [("validFrom", validFrom), ("validTo", validTo)] {
            if let date, CivilDateTime(dateText: date) == nil { problems.append("\(name) '\(date)' is not a date YYYY-MM-DD") }
        }
        if let validFrom, let validTo, validFrom > validTo { problems.append("validFrom \(validFrom) is after validTo \(validTo)") }
        var seen: Set<String> = []
        for (index, limit) in limits.enumerated() {
            let place = "limits[\(index)] (\(limit.parameter))"
            if limit.parameter.isEmpty { problems.append("limits[\(index)]: parameter is empty") }
            if !seen.insert("\(limit.parameter)|\(limit.averaging.rawValue)").inserted {
                problems.append("\(place): a second \(limit.averaging.rawValue) limit for the same parameter")
            }
            if !(limit.limit.isFinite && limit.limit > 0) { problems.append("\(place): limit must be a number above 0") }
            if let minimum = limit.minimum, !(minimum.isFinite && minimum < limit.limit) {
                problems.append("\(place): minimum must be below the limit")
            }
            if let oxygen = limit.referenceOxygen, !(oxygen >= 0 && oxygen < 21) {
                problems.append("\(place): referenceOxygen must be at least 0 and below 21 %")
            }
            if limit.standard.isEmpty { problems.append("\(place): standard is empty (name the standard and edition, e.g. GB 13223-2011)") }
        }
        for (parameter, tonnes) in annualTonnes.sorted(by: { $0.key < $1.key }) where !(tonnes.isFinite && tonnes > 0) {
            problems.append("annualTonnes[\(parameter)] must be a number above 0")
        }
        return problems
    }
}

/// One pollutant's concentration limit on a permit.
public struct PermitLimit: Codable, Sendable, Hashable {
    /// Which average decides an exceedance.
    public enum Averaging: String, Codable, Sendable, Hashable, CaseIterable {
        /// Any hourly mean (GB 16297, GB 13271 and GB 13223 through HJ 75/76).
        case hour
        /// The daily mean (GB 8978, GB 18918).
        case day
    }

    /// Catalogue code (`a21026`, `w01018`).
    public var parameter: String
    /// The maximum; for pH the upper end of the range.
    public var limit: Double
    /// The lower end of a range (pH 6–9); nil for a plain maximum.
    public var minimum: Double?
    public var unit: String
    /// Reference O2 in % for converted (折算) flue-gas values; nil = judged on the measured value.
    public var referenceOxygen: Double?
    public var averaging: Averaging
    /// The standard and edition the limit comes from (`GB 13223-2011`), or `permit` for a permit's own value.
    public var standard: String
    /// The table or class within it (`表2 燃煤锅炉`, `超低排放`, `一级A`).
    public var table: String?
    /// A special emission limit (特别排放限值).
    public var special: Bool

    public init(
        parameter: String, limit: Double, minimum: Double? = nil, unit: String, referenceOxygen: Double? = nil, averaging: Averaging,
        standard: String, table: String? = nil, special: Bool = false
    ) {
        self.parameter = parameter
        self.limit = limit
        self.minimum = minimum
        self.unit = unit
        self.referenceOxygen = referenceOxygen
        self.averaging = averaging
        self.standard = standard
        self.table = table
        self.special = special
    }

    enum CodingKeys: String, CodingKey {
        case parameter, limit, minimum, unit, referenceOxygen, averaging, standard, table, special
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        parameter = try container.decode(String.self, forKey: .parameter)
        limit = try container.decode(Double.self, forKey: .limit)
        minimum = try container.decodeIfPresent(Double.self, forKey: .minimum)
        unit = try container.decode(String.self, forKey: .unit)
        referenceOxygen = try container.decodeIfPresent(Double.self, forKey: .referenceOxygen)
        averaging = try container.decode(Averaging.self, forKey: .averaging)
        standard = try container.decode(String.self, forKey: .standard)
        table = try container.decodeIfPresent(String.self, forKey: .table)
        special = try container.decodeIfPresent(Bool.self, forKey: .special) ?? false
    }
}
