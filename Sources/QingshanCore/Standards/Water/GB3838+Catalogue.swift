extension GB3838.Item {
    /// The item's HJ 212 code in the parameter catalogue, and how many decimal places a stored value moves to
    /// reach the standard's mg/L (3 for the metals the catalogue keeps in µg/L); nil for items it lacks.
    public var catalogueCode: (code: String, decimalShift: Int)? {
        switch self {
        case .ph: ("w01001", 0)
        case .dissolvedOxygen: ("w01009", 0)
        case .permanganateIndex: ("w01019", 0)
        case .cod: ("w01018", 0)
        case .bod5: ("w01017", 0)
        case .ammonia: ("w21003", 0)
        case .totalPhosphorus: ("w21011", 0)
        case .totalNitrogen: ("w21001", 0)
        case .fluoride: ("w21017", 0)
        case .petroleum: ("w22001", 0)
        case .volatilePhenol: ("w23002", 0)
        case .mercury: ("w20111", 3)
        case .cadmium: ("w20115", 3)
        case .chromiumVI: ("w20117", 3)
        case .arsenic: ("w20119", 3)
        case .lead: ("w20120", 3)
        default: nil
        }
    }
}
