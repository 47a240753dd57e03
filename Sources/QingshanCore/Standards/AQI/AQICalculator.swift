/// The real-time (hourly) and daily AQI of HJ 633.
public enum AQICalculator {
    /// Hourly concentrations: SO2, NO2, O3 and PM in µg/m³, CO in mg/m³; nil = missing.
    public struct HourlyInput: Sendable, Hashable {
        public var so2, no2, pm10, co, o3, pm25: Double?

        public init(so2: Double? = nil, no2: Double? = nil, pm10: Double? = nil, co: Double? = nil, o3: Double? = nil, pm25: Double? = nil) {
            (self.so2, self.no2, self.pm10, self.co, self.o3, self.pm25) = (so2, no2, pm10, co, o3, pm25)
        }
    }

    /// Daily values: 24-hour means, the O3 daily maximum 8-hour mean and (optionally) its daily maximum 1-hour value.
    public struct DailyInput: Sendable, Hashable {
        public var so2, no2, pm10, co, o3MaximumEightHour, o3MaximumOneHour, pm25: Double?

        public init(
            so2: Double? = nil, no2: Double? = nil, pm10: Double? = nil, co: Double? = nil, o3MaximumEightHour: Double? = nil,
            o3MaximumOneHour: Double? = nil, pm25: Double? = nil
        ) {
            (self.so2, self.no2, self.pm10, self.co) = (so2, no2, pm10, co)
            (self.o3MaximumEightHour, self.o3MaximumOneHour, self.pm25) = (o3MaximumEightHour, o3MaximumOneHour, pm25)
        }
    }

    /// The real-time AQI as CNEMC publishes it: SO2, NO2, CO and O3 on their 1-hour columns; PM10 and PM2.5
    /// hourly values on the 24-hour columns. Under 2012, an SO2 1-hour value above 800 µg/m³ leaves SO2 out of
    /// the AQI (the published releases do so; stations 1734A and 1737A on 2017-01-01 00h); under 2026 its
    /// sub-index is 200.
    public static func hourly(_ input: HourlyInput, edition: AQIEdition) throws(AQIInputError) -> AQIResult {
        var subIndexes: [AQIPollutant: SubIndex] = [:]
        for (pollutant, column, value) in [
            (AQIPollutant.so2, IAQIColumn.so2_1h, input.so2), (.no2, .no2_1h, input.no2), (.pm10, .pm10_24h, input.pm10),
            (.co, .co_1h, input.co), (.o3, .o3_1h, input.o3), (.pm25, .pm25_24h, input.pm25),
        ] {
            guard let value else { continue }
            subIndexes[pollutant] = IAQI.subIndex(column, concentration: try exact(value, pollutant), edition: edition)
        }
        return AQIResult(edition: edition, subIndexes: subIndexes)
    }

    /// The daily AQI: 24-hour columns, and O3 on its 8-hour column with the daily maximum 8-hour mean. Above
    /// 800 µg/m³, where the 8-hour column ends, O3 is indexed from its daily maximum 1-hour value under 2012
    /// (not calculated when that is missing) and is 300 under 2026. With `oneHourO3Enters`, the daily
    /// maximum 1-hour value also counts (the larger sub-index wins): sources disagree on whether the 2012
    /// daily report does this.
    public static func daily(_ input: DailyInput, edition: AQIEdition, oneHourO3Enters: Bool = false) throws(AQIInputError) -> AQIResult {
        var subIndexes: [AQIPollutant: SubIndex] = [:]
        for (pollutant, column, value) in [
            (AQIPollutant.so2, IAQIColumn.so2_24h, input.so2), (.no2, .no2_24h, input.no2), (.pm10, .pm10_24h, input.pm10),
            (.co, .co_24h, input.co), (.pm25, .pm25_24h, input.pm25),
        ] {
            guard let value else { continue }
            subIndexes[pollutant] = IAQI.subIndex(column, concentration: try exact(value, pollutant), edition: edition)
        }
        let oneHour = try input.o3MaximumOneHour.map { value throws(AQIInputError) in
            IAQI.subIndex(.o3_1h, concentration: try exact(value, .o3), edition: edition)
        }
        if let eightHourValue = input.o3MaximumEightHour {
            var o3 = IAQI.subIndex(.o3_8h, concentration: try exact(eightHourValue, .o3), edition: edition)
            if o3 == .notCalculated, let oneHour { o3 = oneHour }
            if oneHourO3Enters, let oneHour, (oneHour.index ?? 0) > (o3.index ?? 0) { o3 = oneHour }
            subIndexes[.o3] = o3
        } else if oneHourO3Enters, let oneHour {
            subIndexes[.o3] = oneHour
        }
        return AQIResult(edition: edition, subIndexes: subIndexes)
    }

    static func exact(_ value: Double, _ pollutant: AQIPollutant) throws(AQIInputError) -> ExactDecimal {
        guard let exact = ExactDecimal(value) else { throw AQIInputError(pollutant: pollutant, value: value, reason: "is not a finite number") }
        guard exact.units >= 0 else { throw AQIInputError(pollutant: pollutant, value: value, reason: "is negative") }
        return exact
    }
}

/// A concentration the AQI cannot take.
public struct AQIInputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var pollutant: AQIPollutant
    public var value: Double
    public var reason: String

    public init(pollutant: AQIPollutant, value: Double, reason: String) {
        self.pollutant = pollutant
        self.value = value
        self.reason = reason
    }

    public var description: String { "\(pollutant.label) \(value) \(reason)" }
}
