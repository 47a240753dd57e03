/// The thresholds of the alarm rules and screening checks, with defaults, overridable per site kind and per
/// site (`alarms.rules` in the configuration). The screening thresholds are tuning values (sources-compliance
/// §5.2 marks them UNCONFIRMED): calibrate them on local history.
public struct AlarmRules: Sendable, Hashable, Codable {
    /// An air station's hourly AQI level (1–6) at or above which it alarms: 4 = 中度污染 (AQI above 150).
    public var aqiLevel: Int
    /// Hours of one value in a row that make a constant-value lead.
    public var constantHours: Int
    /// O2 (%) at or above which a running stack is a dilution lead (air is 20.9 %).
    public var dilutionOxygen: Double
    /// Relative difference between a reported and a recomputed converted value that makes a lead.
    public var conversionTolerance: Double
    /// Hours of a day's flow that must vary (coefficient of variation at least `flowVariation`) while the
    /// concentration does not (at most `flatVariation`) for a flat-with-flow lead.
    public var flowVariation: Double
    public var flatVariation: Double
    /// Relative change from the hour before a maintenance or calibration hour to the hour after it that makes a lead.
    public var stepChange: Double
    /// Minutes before its hour ended that an hour's value may arrive before its logger's clock counts as ahead.
    public var clockAheadMinutes: Int
    /// Minutes without a frame after which a logger that was online is silent (HJ 212 real-time data come every
    /// minute or so, hourly data every hour: an hour leaves room for one missed hourly upload).
    public var silentMinutes: Int
    /// 有效传输率 (%) of a day below which a source's factor alarms (the national pass mark is 90 %).
    public var transmissionPercent: Double
    /// Checks turned off (`AlarmType` or `DataQualityCheck` raw values).
    public var disabled: Set<String>

    public init(
        aqiLevel: Int = 4, constantHours: Int = 6, dilutionOxygen: Double = 19, conversionTolerance: Double = 0.1, flowVariation: Double = 0.2,
        flatVariation: Double = 0.005, stepChange: Double = 0.5, clockAheadMinutes: Int = 10, silentMinutes: Int = 60,
        transmissionPercent: Double = 90,
        disabled: Set<String> = []
    ) {
        self.aqiLevel = aqiLevel
        self.constantHours = constantHours
        self.dilutionOxygen = dilutionOxygen
        self.conversionTolerance = conversionTolerance
        self.flowVariation = flowVariation
        self.flatVariation = flatVariation
        self.stepChange = stepChange
        self.silentMinutes = silentMinutes
        self.clockAheadMinutes = clockAheadMinutes
        self.transmissionPercent = transmissionPercent
        self.disabled = disabled
    }

    /// Whether a check (an `AlarmType` or `DataQualityCheck` raw value) runs.
    public func runs(_ check: String) -> Bool { !disabled.contains(check) }

    /// These rules for a kind of site: water analysers measure every few hours and repeat their last value in
    /// between, so a water source needs a run of at least 24 hours before a constant value means anything.
    public func adjusted(for kind: SiteKind) -> AlarmRules {
        var rules = self
        if kind == .sourceWater { rules.constantHours = max(constantHours, 24) }
        return rules
    }

    /// These rules with a site's own overrides from its attributes (`alarm_aqi_level`, `alarm_constant_hours`,
    /// `alarm_dilution_oxygen`, `alarm_disabled` as a comma list); a value that does not parse is a problem.
    public func applying(attributes: [String: String]) -> (rules: AlarmRules, problems: [String]) {
        var rules = self
        var problems: [String] = []
        func number<T: LosslessStringConvertible>(_ key: String, _ apply: (T) -> Void) {
            guard let text = attributes[key] else { return }
            if let value = T(String(text.filter { !$0.isWhitespace })) { apply(value) } else { problems.append("\(key) '\(text)' is not a number") }
        }
        number("alarm_aqi_level") { (value: Int) in rules.aqiLevel = value }
        number("alarm_constant_hours") { (value: Int) in rules.constantHours = value }
        number("alarm_dilution_oxygen") { (value: Double) in rules.dilutionOxygen = value }
        if let list = attributes["alarm_disabled"] {
            rules.disabled.formUnion(list.split(separator: ",").map { String($0.filter { !$0.isWhitespace }) }.filter { !$0.isEmpty })
        }
        return (rules, problems + rules.problems())
    }

    /// What is wrong with the thresholds, one line each.
    public func problems() -> [String] {
        var problems: [String] = []
        if !(1...6).contains(aqiLevel) { problems.append("aqiLevel \(aqiLevel) must be 1…6") }
        if !(2...168).contains(constantHours) { problems.append("constantHours \(constantHours) must be 2…168") }
        if !(dilutionOxygen > 0 && dilutionOxygen < 21) { problems.append("dilutionOxygen must be above 0 and below 21 %") }
        for (name, value) in [("conversionTolerance", conversionTolerance), ("stepChange", stepChange), ("flowVariation", flowVariation)]
        where !(value > 0 && value.isFinite) {
            problems.append("\(name) must be a number above 0")
        }
        if !(flatVariation >= 0 && flatVariation.isFinite) { problems.append("flatVariation must be a number at least 0") }
        if silentMinutes < 1 { problems.append("silentMinutes must be at least 1") }
        if clockAheadMinutes < 1 { problems.append("clockAheadMinutes must be at least 1") }
        if !(transmissionPercent > 0 && transmissionPercent <= 100) { problems.append("transmissionPercent must be above 0 and at most 100") }
        let known = Set(AlarmType.allCases.map(\.rawValue) + DataQualityCheck.allCases.map(\.rawValue))
        for name in disabled.sorted() where !known.contains(name) {
            problems.append("disabled: '\(name)' is not a check; use one of \(known.sorted().joined(separator: ", "))")
        }
        return problems
    }
}
