/// What an alarm is about. Exceedances and quality-standard alarms are judgements on valid data; data-quality
/// alarms are leads for a person (a possible fault or falsification), never verdicts.
public enum AlarmType: String, Sendable, Hashable, Codable, CaseIterable {
    /// A source's (converted) concentration over its permit limit on the average its standard names.
    case exceedance
    /// A source's rolling 12-month emissions over its permitted annual quantity, or projected to reach it soon.
    case load
    /// An air station's hourly AQI at or above a level.
    case aqiLevel = "aqi_level"
    /// A surface-water section's hourly class worse than its target class.
    case waterClass = "water_class"
    /// A logger silent for longer than its upload interval allows.
    case loggerSilent = "logger_silent"
    /// A source's 有效传输率 (transmission × validity) of a day below its threshold, per factor.
    case transmission
    /// A screening check found a pattern worth a look (`DataQualityCheck`).
    case dataQuality = "data_quality"

    public var nameZh: String {
        switch self {
        case .exceedance: "超标排放"
        case .load: "排放量超许可"
        case .aqiLevel: "空气质量污染"
        case .waterClass: "水质不达标"
        case .loggerSilent: "数采仪离线"
        case .transmission: "有效传输率不足"
        case .dataQuality: "数据质量疑点"
        }
    }

    /// Whether a later evaluation that finds the condition gone clears the alarm by itself (the condition is a
    /// measured state); a data-quality lead stays until a person clears it.
    public var clearsItself: Bool { self != .dataQuality }
}

/// How urgent an alarm is, most urgent first.
public enum AlarmSeverity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case critical, major, minor, warning

    public var nameZh: String {
        switch self {
        case .critical: "严重"
        case .major: "重要"
        case .minor: "次要"
        case .warning: "提示"
        }
    }

    public static func < (lhs: AlarmSeverity, rhs: AlarmSeverity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
