public import QingshanCore

/// A value in SensorThings' data model as `$filter` and `$orderby` see it.
public enum ODataValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case time(Timestamp)
    /// A time interval [start, end] (phenomenonTime of an aggregate).
    case interval(Timestamp, Timestamp)
    case geometry(Geometry)
    case object([String: ODataValue])

    /// A member of an object by path (`properties/kind`); null where the path leads nowhere.
    public func member(_ path: ArraySlice<String>) -> ODataValue {
        guard let first = path.first else { return self }
        guard case .object(let members) = self, let next = members[first] else { return .null }
        return next.member(path.dropFirst())
    }

    /// The start of a time or an interval, for comparisons with instants.
    var instant: Timestamp? {
        switch self {
        case .time(let time): time
        case .interval(let start, _): start
        default: nil
        }
    }
}
