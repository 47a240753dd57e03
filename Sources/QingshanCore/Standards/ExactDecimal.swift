/// A decimal number held exactly as an integer and a power of ten: `units × 10^-scale`.
///
/// Concentrations arrive as `Double`s; their shortest decimal form (what was written in the data) is what
/// the standards round, so the value is read from that text rather than from the binary fraction.
public struct ExactDecimal: Sendable, Hashable {
    public var units: Int
    public var scale: Int

    public init(units: Int, scale: Int) {
        self.units = units
        self.scale = scale
    }

    /// The same value with no trailing zeros after the point: 1.50 → 1.5, so that equality is by value.
    var normalized: ExactDecimal {
        var result = self
        while result.scale > 0, result.units % 10 == 0 {
            result.units /= 10
            result.scale -= 1
        }
        return result
    }

    public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        let (left, right) = (lhs.normalized, rhs.normalized)
        return left.units == right.units && left.scale == right.scale
    }

    public func hash(into hasher: inout Hasher) {
        let value = normalized
        hasher.combine(value.units)
        hasher.combine(value.scale)
    }

    /// The decimal a `Double` prints as (`0.45`, `4.9`, `1e-05`); nil for NaN, infinities and values too large
    /// to hold.
    public init?(_ value: Double) {
        guard value.isFinite, abs(value) < 1e15 else { return nil }
        // The fewest decimals whose integer, divided back, gives the same Double: the shortest decimal form
        // (the text the value was written as), found without formatting a string for the usual 0–8 places.
        var power = 1.0
        for places in 0...8 {
            let units = (value * power).rounded()
            if abs(units) < 9_007_199_254_740_992, units / power == value {
                self.init(units: Int(units), scale: places)
                return
            }
            power *= 10
        }
        self.init(parsing: value.description)
    }

    /// Parses `[-]digits[.digits][e[-]digits]`.
    public init?(parsing text: String) {
        var text = text
        guard let parsed = text.withUTF8({ ExactDecimal(utf8: $0) }) else { return nil }
        self = parsed
    }

    /// Parses `[-]digits[.digits][e[-]digits]` from UTF-8 bytes (a CSV cell, without making a string).
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var units = 0
        var fractionDigits = 0
        var seenPoint = false
        var digits = 0
        var exponent = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                var exponentNegative = false
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                    exponentNegative = bytes[index] == UInt8(ascii: "-")
                    index += 1
                }
                guard index < bytes.count else { return nil }
                while index < bytes.count {
                    let digit = bytes[index] &- 48
                    guard digit < 10, exponent < 1000 else { return nil }
                    exponent = exponent * 10 + Int(digit)
                    index += 1
                }
                if exponentNegative { exponent = -exponent }
                break
            } else {
                let digit = byte &- 48
                guard digit < 10, digits < 18 else { return nil }
                units = units * 10 + Int(digit)
                digits += 1
                if seenPoint { fractionDigits += 1 }
            }
            index += 1
        }
        guard digits > 0 else { return nil }
        var scale = fractionDigits - exponent
        while scale < 0 {
            guard units < Int.max / 10 else { return nil }
            units *= 10
            scale += 1
        }
        self.init(units: negative ? -units : units, scale: scale)
    }

    /// The value rounded to `decimals` places by GB/T 8170 (nearest; an exact half goes to the even
    /// neighbour), as a count of 10^-decimals.
    public func rounded(toDecimals decimals: Int) -> Int {
        if scale <= decimals {
            var result = units
            for _ in scale..<decimals {
                let (product, overflow) = result.multipliedReportingOverflow(by: 10)
                // Far beyond any table; saturate rather than trap.
                if overflow { return units < 0 ? Int.min : Int.max }
                result = product
            }
            return result
        }
        // |units| < 10^18, so beyond 18 more places the value is under half a unit of the result.
        guard scale - decimals <= 18 else { return 0 }
        var divisor = 1
        for _ in decimals..<scale { divisor *= 10 }
        return Self.roundedQuotient(units, divisor)
    }

    /// `numerator / denominator` (denominator > 0) to the nearest integer, exact halves to the even neighbour.
    public static func roundedQuotient(_ numerator: Int, _ denominator: Int) -> Int {
        var quotient = numerator / denominator
        let twice = abs(numerator % denominator) * 2
        if twice > denominator || (twice == denominator && quotient % 2 != 0) {
            quotient += numerator < 0 ? -1 : 1
        }
        return quotient
    }
}

extension ExactDecimal: Comparable {
    /// Compared by value: 1.0 and 1 are equal.
    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        let scale = max(lhs.scale, rhs.scale)
        return lhs.rounded(toDecimals: scale) < rhs.rounded(toDecimals: scale)
    }

    public var doubleValue: Double {
        var value = Double(units)
        for _ in 0..<max(scale, 0) { value /= 10 }
        return value
    }
}
