/// A longitude/latitude pair in decimal degrees.
///
/// `approximate` marks coordinates that are not surveyed (for example a county seat rounded to 0.01°),
/// so maps can show them differently and spatial analysis can refuse them.
public struct GeoPoint: Codable, Sendable, Hashable {
    public var longitude: Double
    public var latitude: Double
    public var approximate: Bool

    public init(longitude: Double, latitude: Double, approximate: Bool = false) {
        self.longitude = longitude
        self.latitude = latitude
        self.approximate = approximate
    }

    /// Whether the point lies on Earth at all; used to reject broken input.
    public var isValid: Bool {
        longitude.isFinite && latitude.isFinite && (-180...180).contains(longitude) && (-90...90).contains(latitude)
    }
}
