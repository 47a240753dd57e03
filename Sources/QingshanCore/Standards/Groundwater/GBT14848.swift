/// GB/T 14848-2017 地下水质量标准: 表1 regular indicators (a selection of 29), single-indicator classes and the
/// overall class of a sample.
///
/// Limits from one source (the JSON table of sm1lewc/Silence.Water, covering 表1), matching the standard as
/// known; the classification rules (6.2 从优不从劣, 6.3 worst indicator) from two sources. See docs/STANDARDS.md.
public enum GBT14848 {
    public enum GroundwaterClass: Int, Sendable, Hashable, CaseIterable, Comparable, Codable {
        case i = 1, ii, iii, iv, v

        public var nameZh: String { ["Ⅰ类", "Ⅱ类", "Ⅲ类", "Ⅳ类", "Ⅴ类"][rawValue - 1] }

        public static func < (lhs: GroundwaterClass, rhs: GroundwaterClass) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The indicators, named by short column names; units mg/L except pH (none), total coliforms (MPN/100 mL)
    /// and total bacteria (CFU/mL).
    public enum Indicator: String, Sendable, Hashable, CaseIterable, Codable {
        case ph, hardness, tds, sulfate, chloride, iron = "fe", manganese = "mn", copper = "cu", zinc = "zn"
        case aluminium = "al", volatilePhenol = "phenol", anionicSurfactant = "las", oxygenConsumption = "codmn"
        case ammonia = "nh3n", sulfide, sodium = "na", totalColiforms = "coliform", totalBacteria = "bacteria"
        case nitrite, nitrate, cyanide, fluoride, iodide, mercury = "hg", arsenic = "as", selenium = "se"
        case cadmium = "cd", chromiumVI = "cr6", lead = "pb"

        public var nameZh: String {
            switch self {
            case .ph: "pH"
            case .hardness: "总硬度"
            case .tds: "溶解性总固体"
            case .sulfate: "硫酸盐"
            case .chloride: "氯化物"
            case .iron: "铁"
            case .manganese: "锰"
            case .copper: "铜"
            case .zinc: "锌"
            case .aluminium: "铝"
            case .volatilePhenol: "挥发性酚类"
            case .anionicSurfactant: "阴离子表面活性剂"
            case .oxygenConsumption: "耗氧量"
            case .ammonia: "氨氮"
            case .sulfide: "硫化物"
            case .sodium: "钠"
            case .totalColiforms: "总大肠菌群"
            case .totalBacteria: "菌落总数"
            case .nitrite: "亚硝酸盐"
            case .nitrate: "硝酸盐"
            case .cyanide: "氰化物"
            case .fluoride: "氟化物"
            case .iodide: "碘化物"
            case .mercury: "汞"
            case .arsenic: "砷"
            case .selenium: "硒"
            case .cadmium: "镉"
            case .chromiumVI: "铬（六价）"
            case .lead: "铅"
            }
        }

        /// Upper limits of classes Ⅰ–Ⅳ as written (Ⅴ is above Ⅳ); "0" is 不得检出 (not detected). pH is ranged.
        var limits: [String] {
            switch self {
            case .ph: []
            case .hardness: ["150", "300", "450", "650"]
            case .tds: ["300", "500", "1000", "2000"]
            case .sulfate: ["50", "150", "250", "350"]
            case .chloride: ["50", "150", "250", "350"]
            case .iron: ["0.1", "0.2", "0.3", "2.0"]
            case .manganese: ["0.05", "0.05", "0.10", "1.50"]
            case .copper: ["0.01", "0.05", "1.00", "1.50"]
            case .zinc: ["0.05", "0.5", "1.00", "5.00"]
            case .aluminium: ["0.01", "0.05", "0.20", "0.50"]
            case .volatilePhenol: ["0.001", "0.001", "0.002", "0.01"]
            case .anionicSurfactant: ["0", "0.1", "0.3", "0.3"]
            case .oxygenConsumption: ["1.0", "2.0", "3.0", "10.0"]
            case .ammonia: ["0.02", "0.10", "0.50", "1.50"]
            case .sulfide: ["0.005", "0.01", "0.02", "0.10"]
            case .sodium: ["100", "150", "200", "400"]
            case .totalColiforms: ["3.0", "3.0", "3.0", "100"]
            case .totalBacteria: ["100", "100", "100", "1000"]
            case .nitrite: ["0.01", "0.10", "1.00", "4.80"]
            case .nitrate: ["2.0", "5.0", "20.0", "30.0"]
            case .cyanide: ["0.001", "0.01", "0.05", "0.1"]
            case .fluoride: ["1.0", "1.0", "1.0", "2.0"]
            case .iodide: ["0.04", "0.04", "0.08", "0.50"]
            case .mercury: ["0.0001", "0.0001", "0.001", "0.002"]
            case .arsenic: ["0.001", "0.001", "0.01", "0.05"]
            case .selenium: ["0.01", "0.01", "0.01", "0.1"]
            case .cadmium: ["0.0001", "0.001", "0.005", "0.01"]
            case .chromiumVI: ["0.005", "0.01", "0.05", "0.10"]
            case .lead: ["0.005", "0.005", "0.01", "0.10"]
            }
        }
    }

    /// The class of one value (6.2): the best class whose limit it meets, so that where adjacent classes share
    /// a limit the better one is taken (从优不从劣). pH 6.5–8.5 is Ⅰ; 5.5–6.5 or 8.5–9.0 Ⅳ; beyond, Ⅴ.
    public static func groundwaterClass(_ indicator: Indicator, _ value: ExactDecimal) -> GroundwaterClass {
        if indicator == .ph {
            func d(_ text: String) -> ExactDecimal { ExactDecimal(parsing: text)! }
            if value >= d("6.5") && value <= d("8.5") { return .i }
            if value >= d("5.5") && value <= d("9.0") { return .iv }
            return .v
        }
        for (position, limit) in indicator.limits.enumerated() where value <= ExactDecimal(parsing: limit)! {
            return GroundwaterClass(rawValue: position + 1)!
        }
        return .v
    }

    /// (C − C_Ⅲ) / C_Ⅲ for a value above the class Ⅲ limit; nil for pH, for 不得检出 limits and within Ⅲ.
    public static func exceedanceMultiple(_ indicator: Indicator, _ value: ExactDecimal) -> ExactFraction? {
        guard indicator != .ph, let limit = ExactDecimal(parsing: indicator.limits[2]), limit.units > 0, value > limit else { return nil }
        let scale = max(limit.scale, value.scale)
        let c = value.rounded(toDecimals: scale)
        let s = limit.rounded(toDecimals: scale)
        return ExactFraction(c - s, s)
    }

    public struct SampleResult: Sendable, Hashable {
        /// The worst single-indicator class (6.3).
        public var groundwaterClass: GroundwaterClass
        public var indicatorClasses: [Indicator: GroundwaterClass]
        /// The indicators at the worst class (what decides it), in `Indicator.allCases` order.
        public var decisive: [Indicator]
    }

    /// The overall class of a sample; nil when no indicator is given.
    public static func sample(_ values: [Indicator: ExactDecimal]) -> SampleResult? {
        let classes = values.reduce(into: [Indicator: GroundwaterClass]()) { $0[$1.key] = groundwaterClass($1.key, $1.value) }
        guard let worst = classes.values.max() else { return nil }
        return SampleResult(
            groundwaterClass: worst, indicatorClasses: classes,
            decisive: Indicator.allCases.filter { classes[$0] == worst })
    }
}
