/// A measured quantity in the catalogue, keyed by its HJ 212-2017 code.
public struct Parameter: Codable, Sendable, Hashable {
    public enum Medium: String, Codable, Sendable, Hashable {
        case air
        case water
        case flueGas = "flue_gas"
        case meteorology
        case noise
        /// A statistic published by a monitoring centre (24-hour moving means, the official AQI), not a reading.
        case published
    }

    /// HJ 212-2017 factor code (`a34004`), or a Qingshan code for published statistics (`a34004_24h`).
    public var code: String
    public var nameZh: String
    public var nameEn: String
    /// The unit values are stored in. Importers and the gateway convert into it.
    public var unit: String
    public var medium: Medium
    /// Other names accepted on input: HJ/T 212-2005 codes (`011`, `B01`) and short names (`pm25`).
    public var aliases: [String]
    /// Values outside this range are physically impossible and rejected at the door.
    public var validMin: Double?
    public var validMax: Double?

    public init(
        code: String, nameZh: String, nameEn: String, unit: String, medium: Medium, aliases: [String] = [],
        validMin: Double? = 0, validMax: Double? = nil
    ) {
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.unit = unit
        self.medium = medium
        self.aliases = aliases
        self.validMin = validMin
        self.validMax = validMax
    }

    /// Whether `value` can be a real measurement of this parameter.
    public func accepts(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        if let validMin, value < validMin { return false }
        if let validMax, value > validMax { return false }
        return true
    }
}
