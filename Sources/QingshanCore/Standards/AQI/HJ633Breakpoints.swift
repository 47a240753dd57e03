/// HJ 633 表1: for each column, the concentrations at IAQI 0, 50, 100, 150, 200, 300, 400, 500, in µg/m³
/// (CO in mg/m³). A column that stops early (SO2 1 h at 200, O3 8 h at 300) has fewer rows.
///
/// HJ 633-2012: every cell read in two or more independent sources (an HTML rendering of the table and
/// Go, JS, Java, C# and Python implementations); the known typos of single sources (SO2 24 h 52 at IAQI 50,
/// 2602 at 500) are not followed. HJ 633—2026: secondary sources only — PM2.5 24 h at IAQI 100 is 60 (was
/// 75), PM10 24 h at IAQI 100 is 120 (was 150), everything else unchanged.
public enum HJ633Breakpoints {
    /// The IAQI of each row.
    public static let indexes = [0, 50, 100, 150, 200, 300, 400, 500]

    public static func concentrations(_ column: IAQIColumn, edition: AQIEdition) -> [Int] {
        switch (column, edition) {
        case (.so2_24h, _): [0, 50, 150, 475, 800, 1600, 2100, 2620]
        case (.so2_1h, _): [0, 150, 500, 650, 800]
        case (.no2_24h, _): [0, 40, 80, 180, 280, 565, 750, 940]
        case (.no2_1h, _): [0, 100, 200, 700, 1200, 2340, 3090, 3840]
        case (.pm10_24h, .hj633_2012): [0, 50, 150, 250, 350, 420, 500, 600]
        case (.pm10_24h, .hj633_2026): [0, 50, 120, 250, 350, 420, 500, 600]
        case (.co_24h, _): [0, 2, 4, 14, 24, 36, 48, 60]
        case (.co_1h, _): [0, 5, 10, 35, 60, 90, 120, 150]
        case (.o3_1h, _): [0, 160, 200, 300, 400, 800, 1000, 1200]
        case (.o3_8h, _): [0, 100, 160, 215, 265, 800]
        case (.pm25_24h, .hj633_2012): [0, 35, 75, 115, 150, 250, 350, 500]
        case (.pm25_24h, .hj633_2026): [0, 35, 60, 115, 150, 250, 350, 500]
        }
    }

    /// The column's breakpoints in the units a rounded concentration is counted in (tenths of mg/m³ for CO),
    /// made once for every column and edition.
    static func scaled(_ column: IAQIColumn, edition: AQIEdition) -> [Int] {
        scaledTables[edition == .hj633_2012 ? 0 : 1][IAQIColumn.allCases.firstIndex(of: column)!]
    }

    private static let scaledTables: [[[Int]]] = [AQIEdition.hj633_2012, .hj633_2026].map { edition in
        IAQIColumn.allCases.map { column in concentrations(column, edition: edition).map { $0 * (column.decimals == 1 ? 10 : 1) } }
    }
}
