/// Flue-gas arithmetic of HJ 75 / GB 13223: the reference-oxygen conversion (基准氧含量折算), the emission
/// rate and the load over a period, checked against a permitted annual quantity. Concentrations are mg/m³ of
/// dry gas at standard state, oxygen in % by volume (dry), flow in m³/h (dry, standard state).
public enum FlueGas {
    /// Why a conversion cannot be made.
    public enum InputError: Error, Sendable, Hashable, CustomStringConvertible {
        case negative(String)
        case oxygenOutOfRange(String)

        public var description: String {
            switch self {
            case .negative(let what): "\(what) is negative"
            case .oxygenOutOfRange(let what): "\(what) must be at least 0 and below 21 % (the oxygen of air)"
            }
        }
    }

    /// ρ_ref = ρ_measured × (21 − O2_ref) / (21 − O2_measured), exact.
    public static func referenceOxygenConcentration(
        measured: ExactDecimal, oxygen: ExactDecimal, referenceOxygen: ExactDecimal
    ) throws(InputError) -> ExactFraction {
        guard measured.units >= 0 else { throw .negative("concentration \(measured.doubleValue)") }
        let twentyOne = ExactDecimal(units: 21, scale: 0)
        guard oxygen.units >= 0, oxygen < twentyOne else { throw .oxygenOutOfRange("measured O2 \(oxygen.doubleValue)") }
        guard referenceOxygen.units >= 0, referenceOxygen < twentyOne else {
            throw .oxygenOutOfRange("reference O2 \(referenceOxygen.doubleValue)")
        }
        let scale = max(oxygen.scale, referenceOxygen.scale, 0)
        let air = 21 * Self.power(scale)
        let numerator = ExactFraction(measured, over: 1) * (air - referenceOxygen.rounded(toDecimals: scale))
        return ExactFraction(numerator.numerator, numerator.denominator * (air - oxygen.rounded(toDecimals: scale)))
    }

    /// Emission rate in kg/h: mg/m³ × m³/h × 10⁻⁶.
    public static func emissionRate(concentration: ExactDecimal, flow: ExactDecimal) throws(InputError) -> ExactFraction {
        guard concentration.units >= 0 else { throw .negative("concentration \(concentration.doubleValue)") }
        guard flow.units >= 0 else { throw .negative("flow \(flow.doubleValue)") }
        let product = ExactFraction(concentration, over: 1_000_000)
        return ExactFraction(product.numerator * flow.units, product.denominator * Self.power(flow.scale))
    }

    /// A load in tonnes from hourly emission rates (kg/h, one per hour), and its share of a permitted annual
    /// quantity (t).
    public struct Load: Sendable, Hashable {
        public var tonnes: ExactFraction
        public var permittedTonnes: ExactDecimal?
        /// tonnes / permitted, nil without a permit quantity.
        public var shareOfPermit: ExactFraction? {
            guard let permittedTonnes, permittedTonnes.units > 0 else { return nil }
            let permit = ExactFraction(permittedTonnes, over: 1)
            return ExactFraction(tonnes.numerator * permit.denominator, tonnes.denominator * permit.numerator)
        }
        public var exceedsPermit: Bool? { shareOfPermit.map { $0 > ExactFraction(1, 1) } }
    }

    public static func load(hourlyRates: [ExactFraction], permittedTonnes: ExactDecimal? = nil) -> Load {
        let kilograms = hourlyRates.reduce(ExactFraction(0, 1), +)
        return Load(tonnes: ExactFraction(kilograms.numerator, kilograms.denominator * 1000), permittedTonnes: permittedTonnes)
    }

    static func power(_ exponent: Int) -> Int {
        var value = 1
        for _ in 0..<max(exponent, 0) { value *= 10 }
        return value
    }
}
