/// A column of HJ 633's breakpoint table: a pollutant with its averaging time.
public enum IAQIColumn: String, Sendable, Hashable, CaseIterable, Codable {
    case so2_24h, so2_1h, no2_24h, no2_1h, pm10_24h, co_24h, co_1h, o3_1h, o3_8h, pm25_24h

    public var pollutant: AQIPollutant {
        switch self {
        case .so2_24h, .so2_1h: .so2
        case .no2_24h, .no2_1h: .no2
        case .pm10_24h: .pm10
        case .co_24h, .co_1h: .co
        case .o3_1h, .o3_8h: .o3
        case .pm25_24h: .pm25
        }
    }

    /// Decimals a concentration is rounded to before the lookup: whole µg/m³, CO to 0.1 mg/m³.
    public var decimals: Int { pollutant == .co ? 1 : 0 }
}

/// The six pollutants of the AQI.
public enum AQIPollutant: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case so2, no2, pm10, co, o3, pm25

    /// The name CNEMC publishes as 首要污染物.
    public var label: String {
        switch self {
        case .so2: "SO2"
        case .no2: "NO2"
        case .pm10: "PM10"
        case .co: "CO"
        case .o3: "O3"
        case .pm25: "PM2.5"
        }
    }

    public static func < (lhs: AQIPollutant, rhs: AQIPollutant) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
