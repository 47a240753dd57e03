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
        var values: [ExactDecimal?] = []
        values.reserveCapacity(6)
        for (pollutant, value) in zip(AQIPollutant.allCases, [input.so2, input.no2, input.pm10, input.co, input.o3, input.pm25]) {
            values.append(try value.map { value throws(AQIInputError) in try exact(value, pollutant) })
        }
        return hourly(exact: values, edition: edition)
    }

    /// The hourly AQI of concentrations given exactly, in `AQIPollutant.allCases` order (nil = missing); they
    /// must not be negative.
    public static func hourly(exact values: [ExactDecimal?], edition: AQIEdition) -> AQIResult {
        var subIndexes: [SubIndex?] = []
        subIndexes.reserveCapacity(6)
        for (column, value) in zip(hourlyColumns, values) {
            subIndexes.append(value.map { IAQI.subIndex(column, concentration: $0, edition: edition) })
        }
        return AQIResult(edition: edition, orderedSubIndexes: subIndexes)
    }

    /// The real-time columns, in `AQIPollutant.allCases` order.
    static let hourlyColumns: [IAQIColumn] = [.so2_1h, .no2_1h, .pm10_24h, .co_1h, .o3_1h, .pm25_24h]

    /// The daily AQI: 24-hour columns, and O3 on its 8-hour column with the daily maximum 8-hour mean. Above
    /// 800 µg/m³, where the 8-hour column ends, O3 is indexed from its daily maximum 1-hour value under 2012
    /// (not calculated when that is missing) and is 300 under 2026. With `oneHourO3Enters`, the daily
    /// maximum 1-hour value also counts (the larger sub-index wins): sources disagree on whether the 2012
    /// daily report does this.
    public static func daily(_ input: DailyInput, edition: AQIEdition, oneHourO3Enters: Bool = false) throws(AQIInputError) -> AQIResult {
        let given: [(AQIPollutant, Double?)] = [
            (.so2, input.so2), (.no2, input.no2), (.pm10, input.pm10), (.co, input.co), (.o3, input.o3MaximumEightHour),
            (.o3, input.o3MaximumOneHour), (.pm25, input.pm25),
        ]
        var values: [ExactDecimal?] = []
        for (pollutant, value) in given { values.append(try value.map { value throws(AQIInputError) in try exact(value, pollutant) }) }
        return daily(exact: values, edition: edition, oneHourO3Enters: oneHourO3Enters)
    }

    /// The daily AQI of values given exactly, in the order SO2, NO2, PM10, CO, O3 daily maximum 8-hour, O3 daily
    /// maximum 1-hour, PM2.5 (nil = missing); they must not be negative.
    public static func daily(exact values: [ExactDecimal?], edition: AQIEdition, oneHourO3Enters: Bool = false) -> AQIResult {
        func index(_ column: IAQIColumn, _ value: ExactDecimal?) -> SubIndex? {
            value.map { IAQI.subIndex(column, concentration: $0, edition: edition) }
        }
        let oneHour = index(.o3_1h, values[5])
        var o3 = index(.o3_8h, values[4])
        if o3 == .notCalculated, let oneHour { o3 = oneHour }
        if oneHourO3Enters, let oneHour, (oneHour.index ?? 0) > (o3?.index ?? 0) { o3 = oneHour }
        return AQIResult(
            edition: edition,
            orderedSubIndexes: [
                index(.so2_24h, values[0]), index(.no2_24h, values[1]), index(.pm10_24h, values[2]), index(.co_24h, values[3]), o3,
                index(.pm25_24h, values[6]),
            ])
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
