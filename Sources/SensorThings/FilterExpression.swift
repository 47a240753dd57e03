/// A parsed `$filter` (or `$orderby` term): the OData expression subset SensorThings uses.
public indirect enum FilterExpression: Sendable, Hashable {
    case literal(ODataValue)
    /// A property path: `result`, `properties/kind`, `Datastream/name`.
    case property([String])
    case comparison(ComparisonOperator, FilterExpression, FilterExpression)
    case arithmetic(ArithmeticOperator, FilterExpression, FilterExpression)
    case and(FilterExpression, FilterExpression)
    case or(FilterExpression, FilterExpression)
    case not(FilterExpression)
    case negate(FilterExpression)
    case function(String, [FilterExpression])

    public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
        case eq, ne, gt, ge, lt, le
    }

    public enum ArithmeticOperator: String, Sendable, Hashable, CaseIterable {
        case add, sub, mul, div, mod
    }

    /// Every property path the expression reads.
    public var propertyPaths: [[String]] {
        switch self {
        case .literal: []
        case .property(let path): [path]
        case .comparison(_, let a, let b), .arithmetic(_, let a, let b), .and(let a, let b), .or(let a, let b):
            a.propertyPaths + b.propertyPaths
        case .not(let a), .negate(let a): a.propertyPaths
        case .function(_, let arguments): arguments.flatMap(\.propertyPaths)
        }
    }
}

/// Why a query option cannot be used; answered with 400 and the message.
public struct QueryError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// The problem document's stable `code`: `invalid_query`, or the limit a request went over.
    public var code: String

    public init(_ message: String, code: String = "invalid_query") {
        self.message = message
        self.code = code
    }

    public var description: String { message }
}
