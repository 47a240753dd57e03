/// The data-quality screening checks (sources-compliance §5.2 patterns; every threshold is a tuning value in
/// `AlarmRules`, to be calibrated on local history).
public enum DataQualityCheck: String, Sendable, Hashable, Codable, CaseIterable {
    /// A value outside the parameter catalogue's valid range.
    case outOfRange = "out_of_range"
    /// The same value for N hours in a row while the process runs (flow above zero), none of them flagged.
    case constant
    /// Zero or a negative concentration while the process runs.
    case zeroWhileRunning = "zero_while_running"
    /// Concentration flat while the flow swings.
    case flatWithFlow = "flat_with_flow"
    /// O2 near that of air while the stack reports operation: dilution air at the probe or in the line.
    case dilution
    /// The converted (折算) concentration disagrees with measured × (21 − O2ref) / (21 − O2).
    case conversion
    /// A step change in the hour right after a maintenance or calibration hour.
    case stepAfterMaintenance = "step_after_maintenance"
    /// An hour's values stored before the hour was over: the logger's clock runs ahead (DataTime far from arrival).
    case clockAhead = "clock_ahead"
    /// The same period sent again with a different value (the first one is kept).
    case resentChanged = "resent_changed"

    public var nameZh: String {
        switch self {
        case .outOfRange: "超出有效范围"
        case .constant: "数值长时间不变"
        case .zeroWhileRunning: "运行中浓度为零或负值"
        case .flatWithFlow: "流量变化而浓度不变"
        case .dilution: "氧含量接近空气（疑似稀释）"
        case .conversion: "折算浓度与实测、氧含量不符"
        case .stepAfterMaintenance: "维护或校准后数值突变"
        case .clockAhead: "数据时间超前（数采仪时钟偏快）"
        case .resentChanged: "同一时段重复上报且数值不同"
        }
    }
}
