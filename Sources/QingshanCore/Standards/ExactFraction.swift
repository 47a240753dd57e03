/// A rational number kept exactly (reduced, positive denominator), for indexes and shares that are
/// quotients of reported values and end in a rounding: the comprehensive index, 优良天数比例.
public struct ExactFraction: Sendable, Hashable, Comparable {
    public private(set) var numerator: Int
    public private(set) var denominator: Int

    public init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator != 0, "a fraction needs a denominator other than zero")
        let sign = denominator < 0 ? -1 : 1
        let divisor = Swift.max(Self.gcd(abs(numerator), abs(denominator)), 1)
        self.numerator = sign * numerator / divisor
        self.denominator = sign * denominator / divisor
    }

    /// `value / divisor`.
    public init(_ value: ExactDecimal, over divisor: Int) {
        var denominator = divisor
        for _ in 0..<Swift.max(value.scale, 0) { denominator *= 10 }
        var numerator = value.units
        for _ in 0..<Swift.max(-value.scale, 0) { numerator *= 10 }
        self.init(numerator, denominator)
    }

    public static func + (lhs: ExactFraction, rhs: ExactFraction) -> ExactFraction {
        let common = lhs.denominator / gcd(lhs.denominator, rhs.denominator) * rhs.denominator
        return ExactFraction(lhs.numerator * (common / lhs.denominator) + rhs.numerator * (common / rhs.denominator), common)
    }

    public static func * (lhs: ExactFraction, rhs: Int) -> ExactFraction {
        ExactFraction(lhs.numerator * rhs, lhs.denominator)
    }

    public static func < (lhs: ExactFraction, rhs: ExactFraction) -> Bool {
        lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
    }

    /// Rounded to `decimals` places by GB/T 8170 (exact halves to even).
    public func rounded(toDecimals decimals: Int) -> ExactDecimal {
        var scaled = numerator
        for _ in 0..<decimals { scaled *= 10 }
        return ExactDecimal(units: ExactDecimal.roundedQuotient(scaled, denominator), scale: decimals)
    }

    public var doubleValue: Double { Double(numerator) / Double(denominator) }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
