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

    /// The decimal a `Double` prints as (`0.45`, `4.9`, `1e-05`); nil for NaN, infinities and values too large
    /// to hold.
    public init?(_ value: Double) {
        guard value.isFinite, abs(value) < 1e15 else { return nil }
        self.init(parsing: value.description)
    }

    /// Parses `[-]digits[.digits][e[-]digits]`.
    public init?(parsing text: String) {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        var exponent = 0
        if let e = bytes.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            guard let parsed = Int(String(decoding: bytes[(e + 1)...], as: UTF8.self)) else { return nil }
            exponent = parsed
            bytes = bytes[..<e]
        }
        var units = 0
        var fractionDigits = 0
        var seenPoint = false
        var digits = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            guard (48...57).contains(byte), digits < 18 else { return nil }
            units = units * 10 + Int(byte - 48)
            digits += 1
            if seenPoint { fractionDigits += 1 }
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
            for _ in scale..<decimals { result *= 10 }
            return result
        }
        var divisor = 1
        for _ in decimals..<scale { divisor *= 10 }
        var quotient = units / divisor
        let remainder = abs(units % divisor)
        let twice = remainder * 2
        if twice > divisor || (twice == divisor && quotient % 2 != 0) {
            quotient += units < 0 ? -1 : 1
        }
        return quotient
    }
}
