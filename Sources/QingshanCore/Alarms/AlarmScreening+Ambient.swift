/// Ambient quality: an air station's hourly AQI at or above a level (HJ 633, the edition in force at the
/// hour), a surface-water section's hourly class worse than its target (GB 3838, single-factor).
extension AlarmScreening.Context {
    mutating func aqiLevel() {
        let check = AlarmType.aqiLevel.rawValue
        var observations: [Observation] = []
        var values: [ExactDecimal?] = []
        for pollutant in AQIPollutant.allCases {
            let observation = value(pollutant.parameterCode, at: hour).flatMap { AlarmScreening.isJudged(flag: $0.flag) ? $0 : nil }
            if let observation { observations.append(observation) }
            values.append(observation.flatMap { $0.value >= 0 ? ExactDecimal($0.value) : nil })
        }
        let edition = AQIEdition.inForce(at: input.hour)
        // The hourly AQI needs PM2.5 or PM10 and at least one gas; with too few values it is not judged.
        let result = AQICalculator.hourly(exact: values, edition: edition)
        guard values.compactMap({ $0 }).count >= 3, let aqi = result.aqi else { return }
        // The primary pollutant first: the alarm page charts the first value of its evidence.
        let primary = Set(result.primaryPollutants.map(\.parameterCode))
        observations.sort { primary.contains($0.parameterCode) && !primary.contains($1.parameterCode) }
        let level = AQILevel.of(aqi: aqi)
        guard level.level >= input.rules.aqiLevel else {
            normal(.aqiLevel, check, parameter: nil)
            return
        }
        let threshold = AQILevel.all.first { $0.level == input.rules.aqiLevel }
        let (from, to) = range(hoursBack: 0)
        found(
            .aqiLevel, check, parameter: nil, severity: level.level >= 6 ? .critical : level.level == 5 ? .major : .minor,
            summary: "小时 AQI \(aqi)，\(level.categoryZh)（\(level.levelZh)）",
            evidence: AlarmEvidence(
                from: from, to: to,
                rule:
                    "小时 AQI 达到\(threshold.map { "\($0.levelZh)（\($0.categoryZh)）" } ?? "第 \(input.rules.aqiLevel) 级")及以上（HJ 633，\(edition.rawValue) 版）",
                observed: Double(aqi), limit: threshold.flatMap { AQILevel.lowestAQI(of: $0.level) }.map(Double.init),
                values: observations.map(evidence)))
    }

    mutating func waterClass() {
        let check = AlarmType.waterClass.rawValue
        guard let target = input.site.attributes["target_class"].flatMap({ GB3838.WaterClass(name: $0) }) else { return }
        let waterbody = GB3838.Waterbody(rawValue: input.site.attributes["waterbody"] ?? "") ?? .river
        var worst: GB3838.WaterClass?
        var culprits: [Observation] = []
        var judged: [Observation] = []
        for item in GB3838.Item.allCases where item.isEvaluated {
            guard let (code, shift) = item.catalogueCode, let observation = value(code, at: hour),
                AlarmScreening.isJudged(flag: observation.flag), var exact = ExactDecimal(observation.value)
            else { continue }
            exact.scale += shift
            judged.append(observation)
            let itemClass = GB3838.waterClass(item, exact, waterbody: waterbody)
            if itemClass.rawValue > target.rawValue { culprits.append(observation) }
            if itemClass.rawValue > (worst?.rawValue ?? 0) { worst = itemClass }
        }
        guard let worst else { return }
        guard worst.rawValue > target.rawValue else {
            normal(.waterClass, check, parameter: nil)
            return
        }
        let (from, to) = range(hoursBack: 0)
        found(
            .waterClass, check, parameter: nil, severity: worst == .worseThanV ? .major : .minor,
            summary: "水质 \(worst.nameZh)，目标 \(target.nameZh)；超标因子：\(culprits.map { name($0.parameterCode) }.joined(separator: "、"))",
            evidence: AlarmEvidence(
                from: from, to: to, rule: "小时水质类别（GB 3838-2002 单因子）劣于目标 \(target.nameZh)", observed: Double(worst.rawValue),
                limit: Double(target.rawValue), values: judged.map(evidence)))
    }
}
