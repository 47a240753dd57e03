/// One natural day (Beijing time) of one site or city, rolled up from its hourly concentrations: the
/// 24-hour means, the O3 daily maximum 8-hour mean and daily maximum 1-hour value, each with its data
/// count, by the validity rules of `AirDataValidity`. Values are rounded as reported (`reportingDecimals`).
public struct DailyAirValues: Sendable, Hashable {
    /// The day, at 00:00 Beijing time.
    public var day: CivilDateTime
    /// 24-hour means of SO2, NO2, PM10, CO and PM2.5 (`AQIPollutant.allCases` order; O3's slot holds the daily
    /// maximum 8-hour mean).
    public var statistics: [AirStatistic]
    public var o3MaximumOneHour: AirStatistic

    public func statistic(_ pollutant: AQIPollutant) -> AirStatistic {
        statistics[AQIPollutant.allCases.firstIndex(of: pollutant)!]
    }

    /// Rolls up one day. `hours[p]` holds pollutant p's 24 hourly values (`AQIPollutant.allCases` order), index
    /// 0 being the hour 00:00–01:00; nil = missing. Hourly values must not be negative.
    public init(day: CivilDateTime, hours: [[ExactDecimal?]], limits: GB3095Edition) {
        precondition(hours.count == AQIPollutant.allCases.count && hours.allSatisfy { $0.count == 24 }, "six pollutants, 24 hours each")
        self.day = day
        var statistics: [AirStatistic] = []
        for (pollutant, series) in zip(AQIPollutant.allCases, hours) {
            if pollutant == .o3 {
                statistics.append(Self.maximumEightHourMean(series, limit: limits.classTwoLimits(.o3).daily))
                continue
            }
            var sum = ExactSum()
            for value in series { if let value { sum.add(value) } }
            let valid = sum.count >= AirDataValidity.hoursPerDay
            statistics.append(
                AirStatistic(
                    value: valid ? sum.mean(decimals: pollutant.reportingDecimals) : nil, validInputs: sum.count, expectedInputs: 24))
        }
        self.statistics = statistics
        let o3 = hours[AQIPollutant.allCases.firstIndex(of: .o3)!].compactMap { $0 }
        o3MaximumOneHour = AirStatistic(
            value: o3.count >= AirDataValidity.hoursPerDay ? o3.max().map { ExactDecimal(units: $0.rounded(toDecimals: 0), scale: 0) } : nil,
            validInputs: o3.count, expectedInputs: 24)
    }

    /// The largest of the day's 17 eight-hour moving means (those ending at 08:00 … 24:00), each from at least
    /// six hours; valid with 14 of them, or with fewer when it already exceeds `limit`. `series` is the day's 24 hours.
    public static func maximumEightHourMean(_ series: [ExactDecimal?], limit: Int) -> AirStatistic {
        var validWindows = 0
        var maximum: ExactDecimal?
        for end in 7..<24 {
            var sum = ExactSum()
            for value in series[(end - 7)...end] { if let value { sum.add(value) } }
            guard sum.count >= AirDataValidity.hoursPerEightHourMean, let mean = sum.mean(decimals: 0) else { continue }
            validWindows += 1
            // Rounding keeps order, so the largest rounded mean is the rounded largest mean.
            if maximum == nil || mean > maximum! { maximum = mean }
        }
        let exceeds = maximum.map { $0 > ExactDecimal(units: limit, scale: 0) } ?? false
        let valid = validWindows >= AirDataValidity.eightHourMeansPerDay || exceeds
        return AirStatistic(value: valid ? maximum : nil, validInputs: validWindows, expectedInputs: 17)
    }

    /// The daily AQI under `edition`, when all six daily values are valid; nil otherwise (the day is not a
    /// valid monitoring day).
    public func aqi(edition: AQIEdition, oneHourO3Enters: Bool = false) -> AQIResult? {
        let values = statistics.map(\.value)
        guard values.allSatisfy({ $0 != nil }) else { return nil }
        return AQICalculator.daily(
            exact: [values[0], values[1], values[2], values[3], values[4], o3MaximumOneHour.value, values[5]],
            edition: edition, oneHourO3Enters: oneHourO3Enters)
    }
}
