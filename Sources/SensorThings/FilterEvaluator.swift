public import QingshanCore

/// Evaluates a `FilterExpression` against one entity (its properties as an `ODataValue` object).
public struct FilterEvaluator: Sendable {
    public var now: Timestamp

    public init(now: Timestamp) {
        self.now = now
    }

    /// Whether the entity passes: the expression must be true (null and false do not pass).
    public func matches(_ expression: FilterExpression, _ entity: ODataValue) throws(QueryError) -> Bool {
        try evaluate(expression, entity) == .bool(true)
    }

    public func evaluate(_ expression: FilterExpression, _ entity: ODataValue) throws(QueryError) -> ODataValue {
        switch expression {
        case .literal(let value): return value
        case .property(let path): return entity.member(path[...])
        case .and(let a, let b):
            // false and anything is false, even an error-free null.
            guard try evaluate(a, entity) == .bool(true) else { return .bool(false) }
            return .bool(try evaluate(b, entity) == .bool(true))
        case .or(let a, let b):
            if try evaluate(a, entity) == .bool(true) { return .bool(true) }
            return .bool(try evaluate(b, entity) == .bool(true))
        case .not(let a):
            switch try evaluate(a, entity) {
            case .bool(let value): return .bool(!value)
            case .null: return .null
            default: throw QueryError("$filter: 'not' needs a true/false expression")
            }
        case .negate(let a):
            switch try evaluate(a, entity) {
            case .number(let value): return .number(-value)
            case .null: return .null
            default: throw QueryError("$filter: '-' needs a number")
            }
        case .arithmetic(let op, let a, let b):
            let (left, right) = (try evaluate(a, entity), try evaluate(b, entity))
            if left == .null || right == .null { return .null }
            guard case .number(let x) = left, case .number(let y) = right else {
                throw QueryError("$filter: '\(op.rawValue)' needs numbers on both sides")
            }
            switch op {
            case .add: return .number(x + y)
            case .sub: return .number(x - y)
            case .mul: return .number(x * y)
            case .div:
                guard y != 0 else { return .null }
                return .number(x / y)
            case .mod:
                guard y != 0 else { return .null }
                return .number(x.truncatingRemainder(dividingBy: y))
            }
        case .comparison(let op, let a, let b):
            return try compare(op, try evaluate(a, entity), try evaluate(b, entity))
        case .function(let name, let arguments):
            var values: [ODataValue] = []
            for argument in arguments { values.append(try evaluate(argument, entity)) }
            return try FilterFunctions.call(name, values, now: now)
        }
    }

    func compare(_ op: FilterExpression.ComparisonOperator, _ left: ODataValue, _ right: ODataValue) throws(QueryError) -> ODataValue {
        if left == .null || right == .null {
            switch op {
            case .eq: return .bool(left == right)
            case .ne: return .bool(left != right)
            default: return .bool(false)
            }
        }
        guard let order = Self.order(left, right) else {
            // Different kinds are never equal; ordering them is a mistake in the query.
            switch op {
            case .eq: return .bool(false)
            case .ne: return .bool(true)
            default: throw QueryError("$filter: cannot compare \(Self.kind(left)) with \(Self.kind(right)) using '\(op.rawValue)'")
            }
        }
        switch op {
        case .eq: return .bool(order == 0)
        case .ne: return .bool(order != 0)
        case .gt: return .bool(order > 0)
        case .ge: return .bool(order >= 0)
        case .lt: return .bool(order < 0)
        case .le: return .bool(order <= 0)
        }
    }

    /// −1, 0 or 1 for comparable values; nil for values of different kinds. Used by `$orderby` too.
    public static func order(_ left: ODataValue, _ right: ODataValue) -> Int? {
        switch (left, right) {
        case (.number(let x), .number(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.string(let x), .string(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.geometry(let x), .geometry(let y)): return x == y ? 0 : nil
        default:
            if let x = left.instant, let y = right.instant { return x < y ? -1 : (y < x ? 1 : 0) }
            return nil
        }
    }

    static func kind(_ value: ODataValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a true/false value"
        case .number: "a number"
        case .string: "text"
        case .time, .interval: "a time"
        case .geometry: "a geometry"
        case .object: "an object"
        }
    }
}
