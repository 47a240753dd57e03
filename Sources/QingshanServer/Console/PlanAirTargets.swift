/// The plan's two air indicators the overview tracks: 巴彦淖尔市"十四五"生态环境保护规划, 主要指标表, indicator 1
/// (城市空气质量优良天数比例, 约束性: 84.1 % in 2020, at least 87.4 % in 2025) and indicator 2 (城市细颗粒物浓度,
/// 约束性: 33 µg/m³ in 2020, at most 29 in 2025). The plan's scorecard (all 21 indicators) is a page of its own.
enum PlanAirTargets {
    static let goodDayShareBaseline2020 = 84.1
    static let goodDayShareTarget2025 = 87.4
    static let pm25Baseline2020 = 33.0
    static let pm25Target2025 = 29.0
}
