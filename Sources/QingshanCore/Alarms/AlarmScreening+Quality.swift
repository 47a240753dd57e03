/// The data-quality screening checks (`DataQualityCheck`): each finding carries the hours and values it saw.
extension AlarmScreening.Context {
    /// The pollutants a source reports in the judged hour (measured values; converted ones follow them).
    var pollutants: [String] {
        series.keys.filter { code in
            !code.hasSuffix("_zs") && !AlarmScreening.processParameters.contains(code) && code != AlarmScreening.oxygen
                && series[code]?[hour] != nil
        }.sorted()
    }

    func start(_ hoursBack: Int) -> Int64 { hour - Int64(hoursBack) * Self.hourMilliseconds }

    func range(hoursBack: Int) -> (Timestamp, Timestamp) {
        (Timestamp(millisecondsSinceEpoch: start(hoursBack)), Timestamp(millisecondsSinceEpoch: hour + Self.hourMilliseconds))
    }

    mutating func lead(_ check: DataQualityCheck, parameter: String?, severity: AlarmSeverity = .minor, summary: String, evidence: AlarmEvidence) {
        found(.dataQuality, check.rawValue, parameter: parameter, severity: severity, summary: summary, evidence: evidence)
    }

    /// The same value for `constantHours` unflagged hours in a row, the process running where a flow is reported.
    mutating func constantValues() {
        let hours = input.rules.constantHours
        for parameter in pollutants + [AlarmScreening.oxygen] {
            guard let current = value(parameter, at: hour), AlarmScreening.isJudged(flag: current.flag) else { continue }
            var run: [Observation] = []
            for back in 0..<hours {
                guard let observation = value(parameter, at: start(back)), AlarmScreening.isJudged(flag: observation.flag),
                    observation.value == current.value, running(at: start(back)) != false
                else { break }
                run.append(observation)
            }
            guard run.count == hours else { continue }
            let (from, to) = range(hoursBack: hours - 1)
            lead(
                .constant, parameter: parameter,
                summary: "\(name(parameter)) 连续 \(hours) 小时均为 \(JSONBytes.number(current.value))",
                evidence: AlarmEvidence(
                    from: from, to: to, rule: "同一数值连续 \(hours) 个未标记小时（生产运行中）", observed: Double(hours), limit: Double(hours),
                    values: run.reversed().map(evidence)))
        }
    }

    /// Zero or a negative concentration in an hour whose flow says the process ran.
    mutating func zeroWhileRunning() {
        guard running(at: hour) == true, let flow = value(flowParameter, at: hour) else { return }
        for parameter in pollutants {
            guard let current = value(parameter, at: hour), AlarmScreening.isJudged(flag: current.flag), current.value <= 0 else { continue }
            let (from, to) = range(hoursBack: 0)
            lead(
                .zeroWhileRunning, parameter: parameter,
                summary: "\(name(parameter)) 为 \(JSONBytes.number(current.value))，而流量 \(JSONBytes.number(flow.value)) 表明正在排放",
                evidence: AlarmEvidence(
                    from: from, to: to, rule: "流量大于 0 时污染物浓度不应为零或负值", observed: current.value, limit: 0,
                    values: [evidence(current), evidence(flow)]))
        }
    }

    /// A concentration that hardly moves (coefficient of variation at most `flatVariation`) over the last 24
    /// hours while the flow swings (at least `flowVariation`), on at least 12 running, unflagged hours.
    mutating func flatWithFlow() {
        guard value(flowParameter, at: hour) != nil else { return }
        for parameter in pollutants {
            var flows: [Double] = []
            var concentrations: [Double] = []
            var seen: [AlarmEvidence.Value] = []
            for back in 0..<24 {
                guard let flow = value(flowParameter, at: start(back)), let concentration = value(parameter, at: start(back)),
                    running(at: start(back)) == true, AlarmScreening.isJudged(flag: concentration.flag)
                else { continue }
                flows.append(flow.value)
                concentrations.append(concentration.value)
                seen.append(evidence(concentration))
                seen.append(evidence(flow))
            }
            guard flows.count >= 12, let flowVariation = Self.variation(flows), let flat = Self.variation(concentrations),
                concentrations.allSatisfy({ $0 > 0 }), flowVariation >= input.rules.flowVariation, flat <= input.rules.flatVariation
            else { continue }
            let (from, to) = range(hoursBack: 23)
            lead(
                .flatWithFlow, parameter: parameter,
                summary:
                    "\(name(parameter)) 24 小时内几乎不变（变异系数 \(JSONBytes.number((flat * 1000).rounded() / 1000))），流量变异系数 \(JSONBytes.number((flowVariation * 100).rounded() / 100))",
                evidence: AlarmEvidence(
                    from: from, to: to,
                    rule:
                        "流量变异系数 ≥ \(JSONBytes.number(input.rules.flowVariation)) 而浓度变异系数 ≤ \(JSONBytes.number(input.rules.flatVariation))（至少 12 个运行小时）",
                    observed: flat, limit: input.rules.flatVariation, values: seen.reversed()))
        }
    }

    /// Coefficient of variation (population standard deviation over the mean); nil for an empty or zero-mean series.
    static func variation(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        guard mean != 0 else { return nil }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return variance.squareRoot() / abs(mean)
    }

    /// The hour after a maintenance or calibration hour (M, C) differs from the hour before it by `stepChange` or more.
    mutating func stepAfterMaintenance() {
        for parameter in pollutants {
            guard let after = value(parameter, at: hour), AlarmScreening.isJudged(flag: after.flag),
                let service = value(parameter, at: start(1)), ["M", "C"].contains(service.flag),
                let before = value(parameter, at: start(2)), AlarmScreening.isJudged(flag: before.flag), before.value > 0
            else { continue }
            let change = (after.value - before.value) / before.value
            guard abs(change) >= input.rules.stepChange else { continue }
            let (from, to) = range(hoursBack: 2)
            lead(
                .stepAfterMaintenance, parameter: parameter,
                summary:
                    "\(name(parameter)) 在\(service.flag == "C" ? "校准" : "维护")后由 \(JSONBytes.number(before.value)) 变为 \(JSONBytes.number(after.value))（\(change > 0 ? "+" : "")\(JSONBytes.number((change * 1000).rounded() / 10))%）",
                evidence: AlarmEvidence(
                    from: from, to: to, rule: "维护（M）或校准（C）前后相对变化 ≥ \(JSONBytes.number(input.rules.stepChange * 100))%",
                    observed: change, limit: input.rules.stepChange, values: [before, service, after].map(evidence)))
        }
    }

    /// An hour's values stored more than `clockAheadMinutes` before the hour ended: the logger dated them with a
    /// clock that runs ahead (an hour's mean cannot exist before its hour is over). Late values are not judged:
    /// a logger sends old hours on request, so lateness alone says nothing of its clock.
    mutating func clockAhead() {
        let end = hour + Self.hourMilliseconds
        let early = series.keys.sorted().compactMap { value($0, at: hour) }.filter { observation in
            guard let received = observation.receivedAt else { return false }
            return end - received.millisecondsSinceEpoch > Int64(input.rules.clockAheadMinutes) * Timestamp.millisecondsPerMinute
        }
        guard let first = early.first, let received = first.receivedAt else { return }
        let minutes = (end - received.millisecondsSinceEpoch) / Timestamp.millisecondsPerMinute
        let (from, to) = range(hoursBack: 0)
        lead(
            .clockAhead, parameter: nil,
            summary: "\(CivilDateTime(input.hour).minuteText) 的小时数据在 \(CivilDateTime(received).minuteText) 已收到，早于该小时结束 \(minutes) 分钟",
            evidence: AlarmEvidence(
                from: from, to: to, rule: "小时数据须在该小时结束后生成；早于结束 \(input.rules.clockAheadMinutes) 分钟以上收到即判为时钟超前",
                observed: Double(minutes), limit: Double(input.rules.clockAheadMinutes), unit: "分钟", values: early.map(evidence)))
    }

    /// The judged hour sent again with different values: the stored and each later value, per parameter.
    mutating func resentChanged() {
        let again = input.resent.filter { $0.periodStart.millisecondsSinceEpoch == hour }
        for (parameter, versions) in Dictionary(grouping: again, by: \.parameterCode).sorted(by: { $0.key < $1.key }) {
            guard let first = versions.first else { continue }
            var values = [AlarmEvidence.Value(time: first.periodStart, parameter: parameter, value: first.storedValue, flag: first.storedFlag)]
            values += versions.map { AlarmEvidence.Value(time: $0.periodStart, parameter: parameter, value: $0.sentValue, flag: $0.sentFlag) }
            let (from, to) = range(hoursBack: 0)
            lead(
                .resentChanged, parameter: parameter,
                summary:
                    "\(name(parameter)) \(CivilDateTime(input.hour).minuteText) 的小时值已存为 \(JSONBytes.number(first.storedValue))，又上报为 \(versions.map { JSONBytes.number($0.sentValue) }.joined(separator: "、"))（\(CivilDateTime(versions.last!.receivedAt).minuteText) 收到）",
                evidence: AlarmEvidence(
                    from: from, to: to, rule: "同一时段的数据一经接收即不再改变；重复上报不同数值可能是篡改或补传覆盖，需核查", observed: Double(versions.count),
                    values: values))
        }
    }

    /// O2 near that of air (at least `dilutionOxygen`) in an hour whose flow says the stack runs.
    mutating func dilution() {
        guard let oxygen = value(AlarmScreening.oxygen, at: hour), AlarmScreening.isJudged(flag: oxygen.flag),
            oxygen.value >= input.rules.dilutionOxygen, running(at: hour) == true, let flow = value(flowParameter, at: hour)
        else { return }
        let (from, to) = range(hoursBack: 0)
        lead(
            .dilution, parameter: AlarmScreening.oxygen, severity: .major,
            summary: "氧含量 \(JSONBytes.number(oxygen.value))% 接近空气（20.9%），而流量 \(JSONBytes.number(flow.value)) 表明正在排放",
            evidence: AlarmEvidence(
                from: from, to: to, rule: "运行中氧含量 ≥ \(JSONBytes.number(input.rules.dilutionOxygen))%", observed: oxygen.value,
                limit: input.rules.dilutionOxygen, unit: "%", values: [evidence(oxygen), evidence(flow)]))
    }

    /// A reported converted value that disagrees with measured × (21 − O2ref) / (21 − O2) by more than the tolerance.
    mutating func conversion() {
        guard let permit = input.permit, let oxygen = value(AlarmScreening.oxygen, at: hour), AlarmScreening.isJudged(flag: oxygen.flag),
            oxygen.value < 21
        else { return }
        for limit in permit.limits {
            guard let reference = limit.referenceOxygen, let measured = value(limit.parameter, at: hour),
                let reported = value(limit.parameter + "_zs", at: hour), AlarmScreening.isJudged(flag: measured.flag), measured.value > 0
            else { continue }
            let recomputed = measured.value * (21 - reference) / (21 - oxygen.value)
            let difference = abs(reported.value - recomputed) / recomputed
            guard difference > input.rules.conversionTolerance else { continue }
            let (from, to) = range(hoursBack: 0)
            lead(
                .conversion, parameter: limit.parameter,
                summary:
                    "\(name(limit.parameter)) 折算值 \(JSONBytes.number(reported.value))，按实测 \(JSONBytes.number(measured.value)) 与氧含量 \(JSONBytes.number(oxygen.value))% 应为 \(JSONBytes.number((recomputed * 100).rounded() / 100))",
                evidence: AlarmEvidence(
                    from: from, to: to,
                    rule:
                        "折算浓度 = 实测 × (21 − \(JSONBytes.number(reference))) / (21 − O2)，相差超过 \(JSONBytes.number(input.rules.conversionTolerance * 100))%",
                    observed: reported.value, limit: (recomputed * 100).rounded() / 100, unit: limit.unit,
                    values: [measured, reported, oxygen].map(evidence)))
        }
    }

    /// A value outside its parameter's valid range in the catalogue (process quantities of a source excepted:
    /// a stack's temperature is not the air's).
    mutating func outOfRange() {
        let source = input.site.kind == .sourceGas || input.site.kind == .sourceWater
        for (code, values) in series.sorted(by: { $0.key < $1.key }) {
            guard let current = values[hour], !code.hasSuffix("_zs"), !(source && AlarmScreening.processParameters.contains(code)),
                let parameter = input.catalogue.parameter(for: code), !parameter.accepts(current.value)
            else { continue }
            let bounds = "\(parameter.validMin.map(JSONBytes.number) ?? "−∞")–\(parameter.validMax.map(JSONBytes.number) ?? "∞")"
            let (from, to) = range(hoursBack: 0)
            lead(
                .outOfRange, parameter: code,
                summary: "\(parameter.nameZh) \(JSONBytes.number(current.value)) \(parameter.unit) 超出有效范围 \(bounds)",
                evidence: AlarmEvidence(
                    from: from, to: to, rule: "监测因子目录的有效范围 \(bounds) \(parameter.unit)", observed: current.value,
                    limit: current.value > (parameter.validMax ?? .infinity) ? parameter.validMax : parameter.validMin, unit: parameter.unit,
                    values: [evidence(current)]))
        }
    }
}
