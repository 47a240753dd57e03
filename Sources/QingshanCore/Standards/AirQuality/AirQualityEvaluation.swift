/// HJ 663 evaluation of one site or city over a run of days: per pollutant the period statistics GB 3095
/// judges (mean of the valid daily means, the 24-hour percentile, the O3 daily-maximum-8-hour 90th
/// percentile), their validity and attainment of class 2; the comprehensive index (综合指数); and from the daily
/// AQI, the good-day share (优良天数比例), days per level and primary-pollutant days.
public struct AirQualityEvaluation: Sendable {
    public struct PollutantResult: Sendable {
        public var pollutant: AQIPollutant
        /// Plain mean of every valid hour and their count (O3: its 1-hour values), beside the standard's statistics.
        public var hourlyMean: Double?
        public var validHours: Int
        public var expectedHours: Int
        /// Days with a valid daily statistic (O3: daily maximum 8-hour mean), days in the period, days needed.
        public var validDays: Int
        public var expectedDays: Int
        public var daysNeeded: Int
        /// Mean of the valid daily values: unrounded, and as reported (nil for CO and O3, which are judged by
        /// percentile only, and when too few days are valid).
        public var periodMeanValue: Double?
        public var periodMean: ExactDecimal?
        /// The percentile GB 3095 compares with the 24-hour (O3: 8-hour) limit, its exact value and as reported.
        public var percentile: Int
        public var percentileValue: ExactDecimal?
        public var percentileReported: ExactDecimal?
        public var limits: GB3095Limits
        /// Days whose daily value exceeds the 24-hour (O3: 8-hour) limit of the edition in force that day.
        public var exceedanceDays: Int
        /// Class 2 met (every statistic within its limit); nil when too few days are valid.
        public var attained: Bool?
        /// I_i = C_i / S_i of the comprehensive index, exact; nil when C_i is not valid.
        public var index: ExactFraction?

        public var isValid: Bool { validDays >= daysNeeded }
    }

    public var first: CivilDateTime
    public var days: Int
    public var limitsEdition: GB3095Edition
    public var pollutants: [PollutantResult]
    /// Σ I_i over the six pollutants (nil unless all six are valid), and the weighted sum of the newer ranking
    /// rules (PM2.5 × 3, NO2 × 2, O3 × 2; UNCONFIRMED source).
    public var comprehensiveIndex: ExactFraction?
    public var weightedComprehensiveIndex: ExactFraction?
    /// The pollutant(s) with the largest I_i.
    public var primaryPollutants: [AQIPollutant]
    /// Days whose daily AQI could be computed (all six daily values valid), and those with AQI ≤ 100.
    public var aqiDays: Int
    public var goodDays: Int
    /// Days per level 1…6 (index 0 = level 1), 爆表 days among them, and days per primary pollutant.
    public var daysPerLevel: [Int]
    public var beyondTableDays: Int
    public var primaryPollutantDays: [AQIPollutant: Int]

    /// 优良天数比例 in percent, exact; nil without a valid day.
    public var goodDayShare: ExactFraction? { aqiDays == 0 ? nil : ExactFraction(goodDays * 100, aqiDays) }

    /// Weights of the comprehensive index's weighted variant.
    public static func weight(_ pollutant: AQIPollutant) -> Int {
        switch pollutant {
        case .pm25: 3
        case .no2, .o3: 2
        default: 1
        }
    }

    /// The percentile each pollutant is judged by (HJ 663 表: SO2/NO2 98th, PM10/PM2.5/CO 95th, O3 90th).
    public static func percentile(_ pollutant: AQIPollutant) -> Int {
        switch pollutant {
        case .so2, .no2: 98
        case .pm10, .pm25, .co: 95
        case .o3: 90
        }
    }

    /// Evaluates consecutive days (`days[0]` is the first). `hourly[p]` is pollutant p's sum of valid hours.
    /// Limits are those of `limitsEdition` for the period statistics and of the edition in force on each day
    /// for exceedance days; each day's AQI uses the HJ 633 edition in force that day.
    public init(days: [DailyAirValues], hourly: [ExactSum], limitsEdition: GB3095Edition, oneHourO3Enters: Bool = false) {
        precondition(!days.isEmpty && hourly.count == AQIPollutant.allCases.count)
        first = days[0].day
        self.days = days.count
        self.limitsEdition = limitsEdition
        let needed = AirDataValidity.daysNeeded(first: first, days: days.count)
        var results: [PollutantResult] = []
        for (slot, pollutant) in AQIPollutant.allCases.enumerated() {
            let daily = days.compactMap { $0.statistics[slot].value }
            var sum = ExactSum()
            for value in daily { sum.add(value) }
            let percent = Self.percentile(pollutant)
            let percentile = HJ663Percentile.of(daily, percent: percent)
            let reported = percentile.map {
                ExactDecimal(units: $0.rounded(toDecimals: pollutant.reportingDecimals), scale: pollutant.reportingDecimals)
            }
            let limits = limitsEdition.classTwoLimits(pollutant)
            let exceedances = days.filter { day in
                guard let value = day.statistics[slot].value else { return false }
                let limit = GB3095Edition.inForce(at: day.day.timestamp).classTwoLimits(pollutant).daily
                return value > ExactDecimal(units: limit, scale: 0)
            }.count
            let valid = daily.count >= needed
            let mean = limits.annual != nil && valid ? sum.mean(decimals: pollutant.reportingDecimals) : nil
            var attained: Bool?
            var index: ExactFraction?
            if valid, let reported {
                let meanWithin = mean.map { $0 <= ExactDecimal(units: limits.annual!, scale: 0) } ?? true
                attained = meanWithin && reported <= ExactDecimal(units: limits.daily, scale: 0)
                // C_i: the period mean against the annual limit; CO and O3 by percentile against their daily limit.
                if let mean, let annual = limits.annual {
                    index = ExactFraction(mean, over: annual)
                } else {
                    index = ExactFraction(reported, over: limits.daily)
                }
            }
            results.append(
                PollutantResult(
                    pollutant: pollutant, hourlyMean: hourly[slot].meanValue, validHours: hourly[slot].count,
                    expectedHours: days.count * 24, validDays: daily.count, expectedDays: days.count, daysNeeded: needed,
                    periodMeanValue: limits.annual != nil ? sum.meanValue : nil, periodMean: mean, percentile: percent,
                    percentileValue: percentile, percentileReported: reported, limits: limits, exceedanceDays: exceedances,
                    attained: attained, index: index))
        }
        pollutants = results
        let indexes = results.compactMap(\.index)
        if indexes.count == results.count {
            comprehensiveIndex = indexes.dropFirst().reduce(indexes[0], +)
            weightedComprehensiveIndex = zip(results, indexes).map { $1 * Self.weight($0.pollutant) }.reduce(ExactFraction(0, 1), +)
        }
        let largest = indexes.max()
        primaryPollutants = largest.map { largest in results.filter { $0.index == largest }.map(\.pollutant) } ?? []

        var aqiDays = 0
        var goodDays = 0
        var beyond = 0
        var perLevel = Array(repeating: 0, count: 6)
        var primaryDays: [AQIPollutant: Int] = [:]
        for day in days {
            guard let result = day.aqi(edition: AQIEdition.inForce(at: day.day.timestamp), oneHourO3Enters: oneHourO3Enters),
                let aqi = result.aqi, let level = result.level
            else { continue }
            aqiDays += 1
            if aqi <= 100 { goodDays += 1 }
            if result.beyondTable { beyond += 1 }
            perLevel[level.level - 1] += 1
            for pollutant in result.primaryPollutants { primaryDays[pollutant, default: 0] += 1 }
        }
        self.aqiDays = aqiDays
        self.goodDays = goodDays
        daysPerLevel = perLevel
        beyondTableDays = beyond
        primaryPollutantDays = primaryDays
    }
}
