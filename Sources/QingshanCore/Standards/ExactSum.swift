/// A running sum of decimals kept exactly, for means that end in a GB/T 8170 rounding.
public struct ExactSum: Sendable, Hashable {
    /// The sum, in units of 10^-scale.
    public private(set) var units = 0
    public private(set) var scale = 0
    public private(set) var count = 0

    public init() {}

    public mutating func add(_ value: ExactDecimal) {
        var value = value
        while value.scale < scale {
            value = ExactDecimal(units: value.units * 10, scale: value.scale + 1)
        }
        while scale < value.scale {
            units *= 10
            scale += 1
        }
        units += value.units
        count += 1
    }

    /// The mean rounded to `decimals` places (nearest, exact halves to even); nil when nothing was added.
    public func mean(decimals: Int) -> ExactDecimal? {
        guard count > 0 else { return nil }
        var numerator = units
        var denominator = count
        for _ in 0..<max(decimals, 0) { numerator *= 10 }
        for _ in 0..<max(scale, 0) { denominator *= 10 }
        return ExactDecimal(units: ExactDecimal.roundedQuotient(numerator, denominator), scale: decimals)
    }

    /// The mean as a `Double`, for display and comparison with other tools.
    public var meanValue: Double? {
        guard count > 0 else { return nil }
        var value = Double(units) / Double(count)
        for _ in 0..<max(scale, 0) { value /= 10 }
        return value
    }
}
