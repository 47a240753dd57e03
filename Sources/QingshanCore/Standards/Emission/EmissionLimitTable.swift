/// The national discharge limits a permit's limits are taken from, one row per standard, table and pollutant,
/// each with the average that decides an exceedance and where the number was read (`docs/STANDARDS.md`).
/// A permit copies its rows (`limits(standard:table:)`) and may tighten them; a profile that does not know an
/// outlet's real limits says so and uses the standard of its industry.
public enum EmissionLimitTable {
    public struct Row: Sendable, Hashable {
        public var standard: String
        public var table: String
        public var limit: PermitLimit
        /// Where the number was read, and how sure it is.
        public var source: String
    }

    /// All rows. Flue gas in mg/m³ (dry, standard state) at the reference O2 named; wastewater in mg/L.
    public static let rows: [Row] = gb13271 + gb13223UltraLow + gb16297 + gb8978 + gb18918

    /// The limits of one table of one standard (e.g. `GB 13271-2014`, `表2 燃煤锅炉`).
    public static func limits(standard: String, table: String) -> [PermitLimit] {
        rows.filter { $0.standard == standard && $0.table == table }.map(\.limit)
    }

    /// The tables known for a standard.
    public static func tables(of standard: String) -> [String] {
        var seen: [String] = []
        for row in rows where row.standard == standard && !seen.contains(row.table) { seen.append(row.table) }
        return seen
    }

    private static func gas(
        _ standard: String, _ table: String, _ oxygen: Double?, _ values: [(String, Double)], source: String, special: Bool = false
    ) -> [Row] {
        values.map { parameter, limit in
            Row(
                standard: standard, table: table,
                limit: PermitLimit(
                    parameter: parameter, limit: limit, unit: "mg/m³", referenceOxygen: oxygen, averaging: .hour, standard: standard, table: table,
                    special: special),
                source: source)
        }
    }

    private static func water(_ standard: String, _ table: String, _ values: [(String, Double)], source: String) -> [Row] {
        var rows = values.map { parameter, limit in
            Row(
                standard: standard, table: table,
                limit: PermitLimit(parameter: parameter, limit: limit, unit: "mg/L", averaging: .day, standard: standard, table: table),
                source: source)
        }
        rows.append(
            Row(
                standard: standard, table: table,
                limit: PermitLimit(parameter: "w01001", limit: 9, minimum: 6, unit: "", averaging: .day, standard: standard, table: table),
                source: source))
        return rows
    }

    /// GB 13271-2014 锅炉大气污染物排放标准, 表1 (in-use), 表2 (new), 表3 (special); reference O2 9 % coal, 3.5 %
    /// oil and gas (表6). No averaging period in the text: HJ 76's hourly converted mean decides.
    static let gb13271: [Row] = {
        let standard = "GB 13271-2014"
        let source = "GB 13271-2014 表1–表3, 表6 (scan read, sources-compliance §2.1)"
        return gas(standard, "表1 燃煤锅炉", 9, [("a34013", 80), ("a21026", 400), ("a21002", 400)], source: source)
            + gas(standard, "表1 燃气锅炉", 3.5, [("a34013", 30), ("a21026", 100), ("a21002", 400)], source: source)
            + gas(standard, "表2 燃煤锅炉", 9, [("a34013", 50), ("a21026", 300), ("a21002", 300)], source: source)
            + gas(standard, "表2 燃油锅炉", 3.5, [("a34013", 30), ("a21026", 200), ("a21002", 250)], source: source)
            + gas(standard, "表2 燃气锅炉", 3.5, [("a34013", 20), ("a21026", 50), ("a21002", 200)], source: source)
            + gas(standard, "表3 燃煤锅炉", 9, [("a34013", 30), ("a21026", 200), ("a21002", 200)], source: source, special: true)
            + gas(standard, "表3 燃气锅炉", 3.5, [("a34013", 20), ("a21026", 50), ("a21002", 150)], source: source, special: true)
    }()

    /// 超低排放 of coal-fired units (10 / 35 / 50 mg/m³ at 6 % O2), which Inner Mongolia applies to in-use coal
    /// boilers of 65 t/h and more by the end of 2025.
    static let gb13223UltraLow = gas(
        "GB 13223-2011", "超低排放 燃煤机组", 6, [("a34013", 10), ("a21026", 35), ("a21002", 50)],
        source: "煤电节能减排升级与改造行动计划 (2014–2020), standards §9.5; Inner Mongolia sources-compliance §2.4")

    /// GB 16297-1996 表2 (new sources), "other" rows: any 1-hour mean, measured value (no O2 conversion).
    static let gb16297 = gas(
        "GB 16297-1996", "表2 其他", nil, [("a34013", 120), ("a21026", 550), ("a21002", 240)],
        source: "GB 16297-1996 表2, §3.2 any 1-h mean (scan read, sources-compliance §2.2)")

    /// GB 8978-1996 表4 (units built from 1998), 其他排污单位, judged on the daily mean.
    static let gb8978: [Row] = {
        let standard = "GB 8978-1996"
        let source = "GB 8978-1996 表4, §5.2 daily mean (scan read, sources-compliance §1.1)"
        return water(standard, "表4 一级", [("w01018", 100), ("w21003", 15), ("w01012", 70), ("w01017", 20)], source: source)
            + water(standard, "表4 二级", [("w01018", 150), ("w21003", 25), ("w01012", 150), ("w01017", 30)], source: source)
            + water(standard, "表4 三级", [("w01018", 500), ("w01012", 400), ("w01017", 300)], source: source)
    }()

    /// GB 18918-2002 表1 basic control items, daily mean: TP for plants built from 2006, NH3-N for water above
    /// 12 °C (the bracketed winter values are not applied).
    static let gb18918: [Row] = {
        let standard = "GB 18918-2002"
        let source = "GB 18918-2002 表1, §4.1.4 daily mean (read, sources-compliance §1.2)"
        return water(
            standard, "一级A", [("w01018", 50), ("w21003", 5), ("w21001", 15), ("w21011", 0.5), ("w01012", 10), ("w01017", 10)], source: source)
            + water(
                standard, "一级B", [("w01018", 60), ("w21003", 8), ("w21001", 20), ("w21011", 1), ("w01012", 20), ("w01017", 20)], source: source)
            + water(standard, "二级", [("w01018", 100), ("w21003", 25), ("w21011", 3), ("w01012", 30), ("w01017", 30)], source: source)
    }()
}
