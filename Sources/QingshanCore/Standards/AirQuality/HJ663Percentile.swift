/// The percentile of HJ 663 (百分位数): sort the n valid values, k = 1 + (n − 1)·p/100, s = ⌊k⌋,
/// m = X(s) + (X(s+1) − X(s))·(k − s), and X(n) when s = n. The same as NumPy's default (`linear`) method;
/// computed exactly here, since k − s is a whole number of hundredths.
public enum HJ663Percentile {
    /// The `p`th percentile (0…100) of `values`; nil when there are none.
    public static func of(_ values: [ExactDecimal], percent p: Int) -> ExactDecimal? {
        precondition((0...100).contains(p), "a percentile is between 0 and 100")
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let steps = (sorted.count - 1) * p
        let s = steps / 100  // zero-based X(s)
        let hundredths = steps % 100
        guard hundredths != 0, s + 1 < sorted.count else { return sorted[s] }
        let lower = sorted[s]
        let upper = sorted[s + 1]
        let scale = max(lower.scale, upper.scale)
        let lowerUnits = lower.rounded(toDecimals: scale)
        let upperUnits = upper.rounded(toDecimals: scale)
        return ExactDecimal(units: lowerUnits * 100 + (upperUnits - lowerUnits) * hundredths, scale: scale + 2)
    }
}
