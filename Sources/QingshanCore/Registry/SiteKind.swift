/// What a monitoring site measures; decides visibility rules and which standards apply.
public enum SiteKind: String, Codable, Sendable, Hashable, CaseIterable {
    case air
    case surfaceWater = "surface_water"
    case groundwater
    case noise
    case sourceGas = "source_gas"
    case sourceWater = "source_water"

    /// Ambient sites and their data are public by default (DESIGN: Access).
    public var isAmbient: Bool {
        switch self {
        case .air, .surfaceWater, .groundwater, .noise: true
        case .sourceGas, .sourceWater: false
        }
    }

    public var nameZh: String {
        switch self {
        case .air: "环境空气"
        case .surfaceWater: "地表水"
        case .groundwater: "地下水"
        case .noise: "声环境"
        case .sourceGas: "废气排放口"
        case .sourceWater: "废水排放口"
        }
    }
}
