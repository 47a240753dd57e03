import Foundation

/// The geometries SensorThings filters need: points and polygons (outer ring first), in longitude/latitude
/// degrees; spatial functions work in the plane of those degrees, as the reference implementations do.
public enum Geometry: Sendable, Hashable {
    case point(longitude: Double, latitude: Double)
    case polygon([[Coordinate]])
    case lineString([Coordinate])

    public struct Coordinate: Sendable, Hashable {
        public var longitude: Double
        public var latitude: Double

        public init(_ longitude: Double, _ latitude: Double) {
            self.longitude = longitude
            self.latitude = latitude
        }
    }

    /// Reads WKT: `POINT (x y)`, `POLYGON ((x y, …))`, `LINESTRING (x y, …)`.
    public init?(wkt text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        func coordinates(_ body: Substring) -> [Coordinate]? {
            var result: [Coordinate] = []
            for pair in body.split(separator: ",") {
                let numbers = pair.split(separator: " ").compactMap { Double($0) }
                guard numbers.count == 2 else { return nil }
                result.append(Coordinate(numbers[0], numbers[1]))
            }
            return result.isEmpty ? nil : result
        }
        func inside(_ prefix: String) -> Substring? {
            guard trimmed.hasPrefix(prefix) else { return nil }
            var rest = trimmed.dropFirst(prefix.count).drop { $0 == " " }
            guard rest.first == "(", rest.last == ")" else { return nil }
            rest = rest.dropFirst().dropLast()
            return rest
        }
        if let body = inside("POINT"), let point = coordinates(body), point.count == 1 {
            self = .point(longitude: point[0].longitude, latitude: point[0].latitude)
        } else if let body = inside("LINESTRING"), let line = coordinates(body), line.count >= 2 {
            self = .lineString(line)
        } else if let body = inside("POLYGON") {
            var rings: [[Coordinate]] = []
            var rest = body
            while let open = rest.firstIndex(of: "("), let close = rest[open...].firstIndex(of: ")") {
                guard let ring = coordinates(rest[rest.index(after: open)..<close]), ring.count >= 4 else { return nil }
                rings.append(ring)
                rest = rest[rest.index(after: close)...]
            }
            guard !rings.isEmpty else { return nil }
            self = .polygon(rings)
        } else {
            return nil
        }
    }

    /// GeoJSON (`{"type": "Point", "coordinates": [x, y]}` and Polygon), as a decoded JSON object.
    public init?(geoJSON object: [String: Any]) {
        switch object["type"] as? String {
        case "Point":
            guard let pair = object["coordinates"] as? [Double], pair.count >= 2 else { return nil }
            self = .point(longitude: pair[0], latitude: pair[1])
        case "Polygon":
            guard let rings = object["coordinates"] as? [[[Double]]], !rings.isEmpty else { return nil }
            self = .polygon(rings.map { $0.compactMap { $0.count >= 2 ? Coordinate($0[0], $0[1]) : nil } })
        default:
            return nil
        }
    }

    /// Whether this geometry lies within `other` (a point inside a polygon, or equal points).
    public func isWithin(_ other: Geometry) -> Bool {
        switch (self, other) {
        case (.point(let x, let y), .polygon(let rings)): Self.contains(rings, Coordinate(x, y))
        case (.point, .point): self == other
        case (.lineString(let line), .polygon(let rings)): line.allSatisfy { Self.contains(rings, $0) }
        default: false
        }
    }

    public func intersects(_ other: Geometry) -> Bool {
        switch (self, other) {
        case (.polygon, .point), (.polygon, .lineString): other.intersects(self)
        case (.point(let x, let y), .polygon(let rings)): Self.contains(rings, Coordinate(x, y))
        case (.lineString(let line), .polygon(let rings)): line.contains { Self.contains(rings, $0) }
        case (.polygon(let a), .polygon(let b)): a[0].contains { Self.contains(b, $0) } || b[0].contains { Self.contains(a, $0) }
        default: self == other
        }
    }

    /// Planar distance in degrees between points (what `geo.distance` gives in FROST-Server for WGS 84).
    public func distance(to other: Geometry) -> Double? {
        guard case .point(let x1, let y1) = self, case .point(let x2, let y2) = other else { return nil }
        return ((x1 - x2) * (x1 - x2) + (y1 - y2) * (y1 - y2)).squareRoot()
    }

    /// Even-odd rule over every ring (holes subtract).
    static func contains(_ rings: [[Coordinate]], _ point: Coordinate) -> Bool {
        var inside = false
        for ring in rings {
            var j = ring.count - 1
            for i in 0..<ring.count {
                let a = ring[i]
                let b = ring[j]
                if (a.latitude > point.latitude) != (b.latitude > point.latitude),
                    point.longitude < (b.longitude - a.longitude) * (point.latitude - a.latitude) / (b.latitude - a.latitude) + a.longitude
                {
                    inside.toggle()
                }
                j = i
            }
        }
        return inside
    }

    /// GeoJSON text of the geometry.
    public var geoJSON: String {
        func pair(_ c: Coordinate) -> String { "[\(c.longitude),\(c.latitude)]" }
        switch self {
        case .point(let x, let y): return "{\"type\":\"Point\",\"coordinates\":[\(x),\(y)]}"
        case .lineString(let line): return "{\"type\":\"LineString\",\"coordinates\":[\(line.map(pair).joined(separator: ","))]}"
        case .polygon(let rings):
            return "{\"type\":\"Polygon\",\"coordinates\":[\(rings.map { "[" + $0.map(pair).joined(separator: ",") + "]" }.joined(separator: ","))]}"
        }
    }
}
