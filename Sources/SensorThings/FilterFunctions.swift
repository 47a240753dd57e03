import Foundation
import QingshanCore

/// The `$filter` functions: strings, dates, maths and geometry (OData 4.0 and SensorThings 1.1 §9.3.3.5).
enum FilterFunctions {
    static let arity: [String: ClosedRange<Int>] = [
        "substringof": 2...2, "endswith": 2...2, "startswith": 2...2, "contains": 2...2, "length": 1...1, "indexof": 2...2,
        "substring": 2...3, "tolower": 1...1, "toupper": 1...1, "trim": 1...1, "concat": 2...2,
        "year": 1...1, "month": 1...1, "day": 1...1, "hour": 1...1, "minute": 1...1, "second": 1...1, "fractionalseconds": 1...1,
        "date": 1...1, "time": 1...1, "totaloffsetminutes": 1...1, "now": 0...0, "mindatetime": 0...0, "maxdatetime": 0...0,
        "round": 1...1, "floor": 1...1, "ceiling": 1...1,
        "geo.distance": 2...2, "geo.length": 1...1, "geo.intersects": 2...2,
        "st_within": 2...2, "st_intersects": 2...2, "st_contains": 2...2, "st_equals": 2...2, "st_disjoint": 2...2,
    ]

    static func describe(_ range: ClosedRange<Int>) -> String {
        range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)"
    }

    static func call(_ name: String, _ arguments: [ODataValue], now: Timestamp) throws(QueryError) -> ODataValue {
        if arguments.contains(.null), !["now", "mindatetime", "maxdatetime"].contains(name) { return .null }
        func string(_ index: Int) throws(QueryError) -> String {
            guard case .string(let value) = arguments[index] else { throw QueryError("$filter: \(name) needs text as argument \(index + 1)") }
            return value
        }
        func number(_ index: Int) throws(QueryError) -> Double {
            guard case .number(let value) = arguments[index] else { throw QueryError("$filter: \(name) needs a number as argument \(index + 1)") }
            return value
        }
        func time(_ index: Int) throws(QueryError) -> CivilDateTime {
            guard let instant = arguments[index].instant else { throw QueryError("$filter: \(name) needs a time as argument \(index + 1)") }
            return CivilDateTime(instant, offsetMinutes: 0)
        }
        func geometry(_ index: Int) throws(QueryError) -> Geometry {
            guard case .geometry(let value) = arguments[index] else { throw QueryError("$filter: \(name) needs a geometry as argument \(index + 1)") }
            return value
        }
        switch name {
        case "substringof": return .bool(try string(1).contains(try string(0)))
        case "contains": return .bool(try string(0).contains(try string(1)))
        case "endswith": return .bool(try string(0).hasSuffix(try string(1)))
        case "startswith": return .bool(try string(0).hasPrefix(try string(1)))
        case "length": return .number(Double(try string(0).count))
        case "indexof":
            let text = try string(0)
            let part = try string(1)
            guard let range = text.range(of: part) else { return .number(-1) }
            return .number(Double(text.distance(from: text.startIndex, to: range.lowerBound)))
        case "substring":
            let text = Array(try string(0))
            let start = max(0, min(Int(try number(1)), text.count))
            let length = arguments.count == 3 ? max(0, Int(try number(2))) : text.count - start
            return .string(String(text[start..<min(text.count, start + length)]))
        case "tolower": return .string(try string(0).lowercased())
        case "toupper": return .string(try string(0).uppercased())
        case "trim": return .string(try string(0).trimmingCharacters(in: .whitespaces))
        case "concat": return .string(try string(0) + string(1))
        case "year": return .number(Double(try time(0).year))
        case "month": return .number(Double(try time(0).month))
        case "day": return .number(Double(try time(0).day))
        case "hour": return .number(Double(try time(0).hour))
        case "minute": return .number(Double(try time(0).minute))
        case "second": return .number(Double(try time(0).second))
        case "fractionalseconds": return .number(Double(try time(0).millisecond) / 1000)
        case "date":
            let civil = try time(0)
            return .time(CivilDateTime(year: civil.year, month: civil.month, day: civil.day, offsetMinutes: 0).timestamp)
        case "time":
            let civil = try time(0)
            return .number(Double(civil.hour * 3_600_000 + civil.minute * 60_000 + civil.second * 1000 + civil.millisecond))
        case "totaloffsetminutes":
            _ = try time(0)
            return .number(0)
        case "now": return .time(now)
        case "mindatetime": return .time(Timestamp(millisecondsSinceEpoch: Int64.min / 2))
        case "maxdatetime": return .time(Timestamp(millisecondsSinceEpoch: Int64.max / 2))
        case "round": return .number((try number(0)).rounded(.toNearestOrAwayFromZero))
        case "floor": return .number((try number(0)).rounded(.down))
        case "ceiling": return .number((try number(0)).rounded(.up))
        case "geo.distance":
            guard let distance = try geometry(0).distance(to: try geometry(1)) else { throw QueryError("$filter: geo.distance takes two points") }
            return .number(distance)
        case "geo.length":
            guard case .lineString(let line) = try geometry(0) else { throw QueryError("$filter: geo.length takes a line") }
            var total = 0.0
            for (a, b) in zip(line, line.dropFirst()) {
                total +=
                    Geometry.point(longitude: a.longitude, latitude: a.latitude).distance(to: .point(longitude: b.longitude, latitude: b.latitude))
                    ?? 0
            }
            return .number(total)
        case "geo.intersects", "st_intersects": return .bool(try geometry(0).intersects(try geometry(1)))
        case "st_within": return .bool(try geometry(0).isWithin(try geometry(1)))
        case "st_contains": return .bool(try geometry(1).isWithin(try geometry(0)))
        case "st_equals": return .bool(try geometry(0) == geometry(1))
        case "st_disjoint": return .bool(!(try geometry(0).intersects(try geometry(1))))
        default: throw QueryError("$filter: unknown function '\(name)'")
        }
    }
}
