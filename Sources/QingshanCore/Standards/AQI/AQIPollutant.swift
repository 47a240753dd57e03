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

    /// The parameter catalogue's code (HJ 212-2017), under which its concentrations are stored.
    public var parameterCode: String {
        switch self {
        case .so2: "a21026"
        case .no2: "a21004"
        case .pm10: "a34002"
        case .co: "a21005"
        case .o3: "a05024"
        case .pm25: "a34004"
        }
    }

    public static func < (lhs: AQIPollutant, rhs: AQIPollutant) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
