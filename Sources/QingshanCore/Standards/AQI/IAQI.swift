/// One pollutant's sub-index (空气质量分指数).
public enum SubIndex: Sendable, Hashable {
    case value(Int)
    /// Above the table's last breakpoint: shown as 500 and marked 爆表, never extrapolated.
    case beyondTable
    /// The edition says not to compute one (2012: SO2 1 h above 800 µg/m³, O3 8 h above 800 µg/m³).
    case notCalculated

    /// The index as it enters the AQI: 500 for 爆表, nothing when not calculated.
    public var index: Int? {
        switch self {
        case .value(let value): value
        case .beyondTable: 500
        case .notCalculated: nil
        }
    }
}

/// HJ 633 式1 with exact arithmetic: the concentration is rounded first (GB/T 8170, whole µg/m³ or 0.1 mg/m³
/// for CO), then interpolated as a fraction of integers and rounded up (向上进位取整), so 4.9 mg/m³ CO gives 49,
/// not the 50 a binary `ceil` would.
public enum IAQI {
    public static func subIndex(_ column: IAQIColumn, concentration: ExactDecimal, edition: AQIEdition) -> SubIndex {
        subIndex(column, rounded: concentration.rounded(toDecimals: column.decimals), edition: edition)
    }

    /// `rounded` is the concentration in units of 10^-decimals of the column (tenths of mg/m³ for CO).
    public static func subIndex(_ column: IAQIColumn, rounded c: Int, edition: AQIEdition) -> SubIndex {
        let breakpoints = HJ633Breakpoints.scaled(column, edition: edition)
        let indexes = HJ633Breakpoints.indexes
        guard let last = breakpoints.last, c <= last else {
            switch (column, edition) {
            case (.so2_1h, .hj633_2012), (.o3_8h, .hj633_2012): return .notCalculated
            case (.so2_1h, .hj633_2026): return .value(200)
            case (.o3_8h, .hj633_2026): return .value(300)
            default: return .beyondTable
            }
        }
        var row = 0
        while row + 1 < breakpoints.count - 1, c > breakpoints[row + 1] { row += 1 }
        let (low, high) = (breakpoints[row], breakpoints[row + 1])
        let numerator = (indexes[row + 1] - indexes[row]) * (max(c, 0) - low)
        let denominator = high - low
        return .value(indexes[row] + (numerator + denominator - 1) / denominator)
    }
}
