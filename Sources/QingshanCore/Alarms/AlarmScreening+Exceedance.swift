/// Exceedance of a source's permit limits, on the average its standard names: any hourly mean (flue gas, on
/// the converted value where the limit has a reference O2) or the daily mean of the judged hour's Beijing day
/// (wastewater, once the day has enough valid hours for a valid daily mean).
extension AlarmScreening.Context {
    mutating func exceedances() {
        guard let permit = input.permit, permit.isValid(at: input.hour) else { return }
        for limit in permit.limits {
            switch limit.averaging {
            case .hour: hourExceedance(limit)
            case .day: dayExceedance(limit)
            }
        }
    }

    /// The value a limit is held to in one hour: with a reference O2, the reported converted value (`_zs`) or,
    /// when the logger sends none, the measured value converted with the hour's O2; otherwise the measured value.
    func judged(_ limit: PermitLimit, at start: Int64) -> (value: ExactDecimal, observation: Observation, parameter: String)? {
        guard let referenceOxygen = limit.referenceOxygen else {
            return value(limit.parameter, at: start).flatMap { observation in
                ExactDecimal(observation.value).map { ($0, observation, limit.parameter) }
            }
        }
        if let converted = value(limit.parameter + "_zs", at: start), let exact = ExactDecimal(converted.value) {
            return (exact, converted, converted.parameterCode)
        }
        guard let measured = value(limit.parameter, at: start), let oxygen = value(AlarmScreening.oxygen, at: start),
            let measuredExact = ExactDecimal(measured.value), let oxygenExact = ExactDecimal(oxygen.value),
            let reference = ExactDecimal(referenceOxygen),
            let converted = try? FlueGas.referenceOxygenConcentration(measured: measuredExact, oxygen: oxygenExact, referenceOxygen: reference)
        else { return nil }
        // The hour's flag is the worse of the two it was computed from.
        var observation = measured
        if !AlarmScreening.isJudged(flag: oxygen.flag) { observation.flag = oxygen.flag }
        return (converted.rounded(toDecimals: 3), observation, limit.parameter + "_zs")
    }

    func outside(_ value: ExactDecimal, _ limit: PermitLimit) -> Bool {
        if let minimum = limit.minimum.flatMap(ExactDecimal.init), value < minimum { return true }
        return ExactDecimal(limit.limit).map { value > $0 } ?? false
    }

    func ruleText(_ limit: PermitLimit) -> String {
        let range = limit.minimum.map { "\(JSONBytes.number($0))–\(JSONBytes.number(limit.limit))" } ?? "≤ \(JSONBytes.number(limit.limit))"
        let oxygen = limit.referenceOxygen.map { "，折算至基准氧含量 \(JSONBytes.number($0))%" } ?? ""
        let average = limit.averaging == .hour ? "小时均值" : "日均值"
        return "\(name(limit.parameter))\(average) \(range) \(limit.unit)（\(limit.standard)\(limit.table.map { " " + $0 } ?? "")\(oxygen)）"
    }

    /// Severity by exceedance multiple (C − L) / L: critical at 1 (twice the limit) and above; a value below a
    /// range's minimum (pH) is major.
    func severity(_ value: ExactDecimal, _ limit: PermitLimit) -> AlarmSeverity {
        let above = value.doubleValue - limit.limit
        return above > 0 && above / limit.limit >= 1 ? .critical : .major
    }

    mutating func hourExceedance(_ limit: PermitLimit) {
        let check = "hour_limit"
        guard let (value, observation, parameter) = judged(limit, at: hour) else { return }
        let end = Timestamp(millisecondsSinceEpoch: hour + Self.hourMilliseconds)
        guard AlarmScreening.isJudged(flag: observation.flag) else { return }
        guard outside(value, limit) else {
            normal(.exceedance, check, parameter: limit.parameter)
            return
        }
        found(
            .exceedance, check, parameter: limit.parameter, severity: severity(value, limit),
            summary: "\(name(parameter)) \(JSONBytes.number(value.doubleValue)) \(limit.unit) 超过限值 \(JSONBytes.number(limit.limit))（小时均值）",
            evidence: AlarmEvidence(
                from: input.hour, to: end, rule: ruleText(limit), observed: value.doubleValue, limit: limit.limit, unit: limit.unit,
                values: [evidence(observation)] + related(limit, at: hour)))
    }

    /// The O2 and measured values beside a converted one, so a reader can redo the conversion.
    func related(_ limit: PermitLimit, at start: Int64) -> [AlarmEvidence.Value] {
        guard limit.referenceOxygen != nil else { return [] }
        return [value(limit.parameter, at: start), value(AlarmScreening.oxygen, at: start)].compactMap { $0 }.map(evidence)
    }

    mutating func dayExceedance(_ limit: PermitLimit) {
        let check = "day_limit"
        let dayStart = CivilDateTime.dayStart(of: input.hour).millisecondsSinceEpoch
        var sum = ExactSum()
        var values: [AlarmEvidence.Value] = []
        var flagged = 0
        for index in 0..<24 {
            let start = dayStart + Int64(index) * Self.hourMilliseconds
            guard let (value, observation, _) = judged(limit, at: start) else { continue }
            values.append(evidence(observation))
            if AlarmScreening.isJudged(flag: observation.flag) {
                sum.add(value)
            } else if AlarmScreening.notExceedanceFlags.contains(observation.flag) {
                flagged += 1
            }
        }
        let needed = RollupRules.needed(.day, kind: input.site.kind, start: CivilDateTime(input.hour), expected: 24)
        guard sum.count >= needed, let mean = sum.mean(decimals: 3) else { return }
        guard outside(mean, limit) else {
            normal(.exceedance, check, parameter: limit.parameter)
            return
        }
        found(
            .exceedance, check, parameter: limit.parameter, severity: severity(mean, limit),
            summary:
                "\(name(limit.parameter)) 日均值 \(JSONBytes.number(mean.doubleValue)) \(limit.unit) 超过限值 \(JSONBytes.number(limit.limit))（\(CivilDateTime(input.hour).dateText)，有效 \(sum.count) 小时）",
            evidence: AlarmEvidence(
                from: Timestamp(millisecondsSinceEpoch: dayStart), to: Timestamp(millisecondsSinceEpoch: dayStart + Timestamp.millisecondsPerDay),
                rule: ruleText(limit) + "，日均值需至少 \(needed) 个有效小时", observed: mean.doubleValue, limit: limit.limit, unit: limit.unit,
                values: values, flaggedHours: flagged))
    }
}
