import Foundation

/// GB 3838-2002 地表水环境质量标准: 表1 limits, single-factor classes, a section's class, exceedance multiples.
///
/// Items 3–24 of 表1 from one library (sm1lewc/Silence.SurfaceWater), with pH, DO, CODMn, COD, BOD5, NH3-N,
/// TP and TN cross-checked in two or more sources; the evaluation items are the 21 of 环办〔2011〕22号 (表1
/// without water temperature, TN and faecal coliforms).
public enum GB3838 {
    public enum WaterClass: Int, Sendable, Hashable, CaseIterable, Comparable, Codable {
        case i = 1, ii, iii, iv, v
        /// 劣Ⅴ类
        case worseThanV = 6

        public var nameZh: String { ["Ⅰ类", "Ⅱ类", "Ⅲ类", "Ⅳ类", "Ⅴ类", "劣Ⅴ类"][rawValue - 1] }

        /// 水质状况: Ⅰ–Ⅱ 优, Ⅲ 良好, Ⅳ 轻度污染, Ⅴ 中度污染, 劣Ⅴ 重度污染.
        public var conditionZh: String {
            switch self {
            case .i, .ii: "优"
            case .iii: "良好"
            case .iv: "轻度污染"
            case .v: "中度污染"
            case .worseThanV: "重度污染"
            }
        }

        public static func < (lhs: WaterClass, rhs: WaterClass) -> Bool { lhs.rawValue < rhs.rawValue }

        /// A class Ⅰ–Ⅴ as people write it: Ⅲ, Ⅲ类, III or 3.
        public init?(name: String) {
            let bare = name.replacingOccurrences(of: "类", with: "").uppercased()
            let names = [["Ⅰ", "I", "1"], ["Ⅱ", "II", "2"], ["Ⅲ", "III", "3"], ["Ⅳ", "IV", "4"], ["Ⅴ", "V", "5"]]
            guard let index = names.firstIndex(where: { $0.contains(bare) }) else { return nil }
            self.init(rawValue: index + 1)
        }
    }

    public enum Waterbody: String, Sendable, Hashable, CaseIterable, Codable {
        case river, lake
    }

    /// The items of 表1 with a limit per class.
    public enum Item: String, Sendable, Hashable, CaseIterable, Codable {
        case ph, dissolvedOxygen = "do", permanganateIndex = "codmn", cod, bod5, ammonia = "nh3n", totalPhosphorus = "tp"
        case totalNitrogen = "tn", copper = "cu", zinc = "zn", fluoride, selenium = "se", arsenic = "as", mercury = "hg"
        case cadmium = "cd", chromiumVI = "cr6", lead = "pb", cyanide, volatilePhenol = "phenol", petroleum
        case anionicSurfactant = "las", sulfide, faecalColiforms = "coliform"

        /// Whether the national evaluation (21 items) counts it.
        public var isEvaluated: Bool { ![.totalNitrogen, .faecalColiforms].contains(self) }

        public var nameZh: String {
            switch self {
            case .ph: "pH"
            case .dissolvedOxygen: "溶解氧"
            case .permanganateIndex: "高锰酸盐指数"
            case .cod: "化学需氧量"
            case .bod5: "五日生化需氧量"
            case .ammonia: "氨氮"
            case .totalPhosphorus: "总磷"
            case .totalNitrogen: "总氮"
            case .copper: "铜"
            case .zinc: "锌"
            case .fluoride: "氟化物"
            case .selenium: "硒"
            case .arsenic: "砷"
            case .mercury: "汞"
            case .cadmium: "镉"
            case .chromiumVI: "铬（六价）"
            case .lead: "铅"
            case .cyanide: "氰化物"
            case .volatilePhenol: "挥发酚"
            case .petroleum: "石油类"
            case .anionicSurfactant: "阴离子表面活性剂"
            case .sulfide: "硫化物"
            case .faecalColiforms: "粪大肠菌群"
            }
        }

        /// Class Ⅰ–Ⅴ limits (mg/L; faecal coliforms per litre), as written in the standard.
        func limits(_ waterbody: Waterbody) -> [String] {
            switch self {
            case .ph: ["6", "6", "6", "6", "6"]
            case .dissolvedOxygen: ["7.5", "6", "5", "3", "2"]
            case .permanganateIndex: ["2", "4", "6", "10", "15"]
            case .cod: ["15", "15", "20", "30", "40"]
            case .bod5: ["3", "3", "4", "6", "10"]
            case .ammonia: ["0.15", "0.5", "1.0", "1.5", "2.0"]
            case .totalPhosphorus: waterbody == .river ? ["0.02", "0.1", "0.2", "0.3", "0.4"] : ["0.01", "0.025", "0.05", "0.1", "0.2"]
            case .totalNitrogen: ["0.2", "0.5", "1.0", "1.5", "2.0"]
            case .copper: ["0.01", "1.0", "1.0", "1.0", "1.0"]
            case .zinc: ["0.05", "1.0", "1.0", "2.0", "2.0"]
            case .fluoride: ["1.0", "1.0", "1.0", "1.5", "1.5"]
            case .selenium: ["0.01", "0.01", "0.01", "0.02", "0.02"]
            case .arsenic: ["0.05", "0.05", "0.05", "0.1", "0.1"]
            case .mercury: ["0.00005", "0.00005", "0.0001", "0.001", "0.001"]
            case .cadmium: ["0.001", "0.005", "0.005", "0.005", "0.01"]
            case .chromiumVI: ["0.01", "0.05", "0.05", "0.05", "0.1"]
            case .lead: ["0.01", "0.01", "0.05", "0.05", "0.1"]
            case .cyanide: ["0.005", "0.05", "0.2", "0.2", "0.2"]
            case .volatilePhenol: ["0.002", "0.002", "0.005", "0.01", "0.1"]
            case .petroleum: ["0.05", "0.05", "0.05", "0.5", "1.0"]
            case .anionicSurfactant: ["0.2", "0.2", "0.2", "0.3", "0.3"]
            case .sulfide: ["0.05", "0.1", "0.2", "0.5", "1.0"]
            case .faecalColiforms: ["200", "2000", "10000", "20000", "40000"]
            }
        }
    }

    /// The class of one value (单因子): the best class whose limit it meets; DO must be at least its limit; pH
    /// 6–9 is class Ⅰ and anything else 劣Ⅴ. Compared as exact decimals.
    public static func waterClass(_ item: Item, _ value: ExactDecimal, waterbody: Waterbody = .river) -> WaterClass {
        if item == .ph {
            let six = ExactDecimal(units: 6, scale: 0)
            let nine = ExactDecimal(units: 9, scale: 0)
            return value >= six && value <= nine ? .i : .worseThanV
        }
        for (position, limitText) in item.limits(waterbody).enumerated() {
            let limit = ExactDecimal(parsing: limitText)!
            let meets = item == .dissolvedOxygen ? value >= limit : value <= limit
            if meets { return WaterClass(rawValue: position + 1)! }
        }
        return .worseThanV
    }

    /// 超标倍数 against the class Ⅲ limit, (C − C_Ⅲ) / C_Ⅲ, for an item above it; nil for pH and DO (the list of
    /// items without a multiple is unconfirmed beyond these) and for values within class Ⅲ.
    public static func exceedanceMultiple(_ item: Item, _ value: Double, waterbody: Waterbody = .river) -> Double? {
        guard item != .ph, item != .dissolvedOxygen, let limit = Double(item.limits(waterbody)[2]), value > limit else { return nil }
        return (value - limit) / limit
    }

    public struct SectionResult: Sendable, Hashable {
        /// The worst class of the evaluated items.
        public var waterClass: WaterClass
        public var itemClasses: [Item: WaterClass]
        /// Above class Ⅲ: the (at most three) worst evaluated items, worst first (主要污染指标).
        public var mainPollutants: [Item]
    }

    /// A section's class from its items (the 21 evaluation items count; TN and faecal coliforms are classed but
    /// do not decide). Nil when no evaluated item is given.
    public static func section(_ values: [Item: ExactDecimal], waterbody: Waterbody = .river) -> SectionResult? {
        let classes = values.reduce(into: [Item: WaterClass]()) { $0[$1.key] = waterClass($1.key, $1.value, waterbody: waterbody) }
        let evaluated = classes.filter { $0.key.isEvaluated }
        guard let worst = evaluated.values.max() else { return nil }
        // Worst class first; within a class the larger exceedance multiple (pH and DO have none and come last).
        func multiple(_ item: Item) -> Double { exceedanceMultiple(item, values[item]!.doubleValue, waterbody: waterbody) ?? -1 }
        let main =
            worst > .iii
            ? evaluated.filter { $0.value > .iii }.sorted {
                $0.value != $1.value ? $0.value > $1.value : (multiple($0.key), $1.key.rawValue) > (multiple($1.key), $0.key.rawValue)
            }.prefix(3).map(\.key)
            : []
        return SectionResult(waterClass: worst, itemClasses: classes, mainPollutants: main)
    }
}
