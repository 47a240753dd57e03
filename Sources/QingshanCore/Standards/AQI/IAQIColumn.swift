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
