import QingshanCore

/// The JSON form of an `AirEvaluationReport` (`qingshan evaluate air --format json`, `/api/v1/evaluation/air`).
/// Reported values are rounded as HJ 663 reports them; `…Unrounded` and `percentileValue` keep the exact
/// statistic for comparison with other tools.
public struct AirEvaluationDTO: Codable, Sendable, Hashable {
    public struct Pollutant: Codable, Sendable, Hashable {
        public var pollutant: String
        public var code: String
        public var unit: String
        public var hourlyMean: Double?
        public var validHours: Int
        public var expectedHours: Int
        public var validDays: Int
        public var expectedDays: Int
        public var daysNeeded: Int
        public var valid: Bool
        public var periodMean: Double?
        public var periodMeanUnrounded: Double?
        public var percentile: Int
        public var percentileValue: Double?
        public var percentileReported: Double?
        public var annualLimit: Int?
        public var dailyLimit: Int
        public var exceedanceDays: Int
        public var attained: Bool?
        public var index: Double?
    }

    public struct LevelDays: Codable, Sendable, Hashable {
        public var level: Int
        public var category: String
        public var days: Int
    }

    public var scope: String
    public var code: String
    public var name: String
    public var stations: [String]
    public var from: String
    public var to: String
    public var days: Int
    public var limitsEdition: String
    public var limitsTitle: String
    public var pollutants: [Pollutant]
    public var comprehensiveIndex: Double?
    public var weightedComprehensiveIndex: Double?
    public var primaryPollutants: [String]
    public var aqiDays: Int
    public var goodDays: Int
    /// 优良天数比例, percent with one decimal.
    public var goodDayShare: Double?
    public var daysPerLevel: [LevelDays]
    public var beyondTableDays: Int
    public var primaryPollutantDays: [String: Int]

    public init(_ report: AirEvaluationReport) {
        let evaluation = report.evaluation
        scope = report.scopeKind
        code = report.code
        name = report.name
        stations = report.stations
        from = evaluation.first.dateText
        to = report.lastDay.dateText
        days = evaluation.days
        limitsEdition = evaluation.limitsEdition.rawValue
        limitsTitle = evaluation.limitsEdition.title
        pollutants = evaluation.pollutants.map { result in
            Pollutant(
                pollutant: result.pollutant.label, code: result.pollutant.parameterCode,
                unit: result.pollutant == .co ? "mg/m³" : "µg/m³", hourlyMean: result.hourlyMean, validHours: result.validHours,
                expectedHours: result.expectedHours, validDays: result.validDays, expectedDays: result.expectedDays,
                daysNeeded: result.daysNeeded, valid: result.isValid, periodMean: result.periodMean?.doubleValue,
                periodMeanUnrounded: result.periodMeanValue, percentile: result.percentile,
                percentileValue: result.percentileValue?.doubleValue, percentileReported: result.percentileReported?.doubleValue,
                annualLimit: result.limits.annual, dailyLimit: result.limits.daily, exceedanceDays: result.exceedanceDays,
                attained: result.attained, index: result.index?.rounded(toDecimals: 3).doubleValue)
        }
        comprehensiveIndex = evaluation.comprehensiveIndex?.rounded(toDecimals: 2).doubleValue
        weightedComprehensiveIndex = evaluation.weightedComprehensiveIndex?.rounded(toDecimals: 2).doubleValue
        primaryPollutants = evaluation.primaryPollutants.map(\.label)
        aqiDays = evaluation.aqiDays
        goodDays = evaluation.goodDays
        goodDayShare = evaluation.goodDayShare?.rounded(toDecimals: 1).doubleValue
        daysPerLevel = AQILevel.all.map { level in
            LevelDays(level: level.level, category: level.categoryZh, days: evaluation.daysPerLevel[level.level - 1])
        }
        beyondTableDays = evaluation.beyondTableDays
        primaryPollutantDays = Dictionary(uniqueKeysWithValues: evaluation.primaryPollutantDays.map { ($0.key.label, $0.value) })
    }
}

extension AirEvaluationDTO {
    /// The PM2.5 row of the evaluation (the plan's indicator and the bureau's ranking read it).
    public var pm25: Pollutant? { pollutants.first { $0.code == AQIPollutant.pm25.parameterCode } }
}
