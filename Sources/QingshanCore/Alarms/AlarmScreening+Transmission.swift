/// 有效传输率 of a source's factors over the Beijing day before the judged hour's (a day is judged once the next
/// one has begun to arrive): 传输率 (hours received / hours due) × 有效率 (valid hours / received), where the hours
/// due are the day's 24, less those before the factor's first stored hour; per factor the permit
/// limits (every pollutant reported that day without a permit). Valid: flagged N, or T over the range; stop,
/// maintenance, manual, fault and calibration hours are received but not valid (sources-compliance §3.4, whose
/// treatment of S and T is unconfirmed).
extension AlarmScreening.Context {
    mutating func transmission() {
        let check = "daily_rate"
        let today = CivilDateTime.dayStart(of: input.hour).millisecondsSinceEpoch
        let dayStart = today - Timestamp.millisecondsPerDay
        let factors =
            input.permit.map { Set($0.limits.map(\.parameter)) }
            ?? Set(
                series.keys.filter { code in
                    !code.hasSuffix("_zs") && !AlarmScreening.processParameters.contains(code) && code != AlarmScreening.oxygen
                })
        for parameter in factors.sorted() {
            let since = input.firstHours[parameter]?.millisecondsSinceEpoch ?? dayStart
            let due = 24 - Int(max(0, min(since - dayStart, Timestamp.millisecondsPerDay)) / Self.hourMilliseconds)
            var received: [Observation] = []
            for index in (24 - due)..<24 {
                if let observation = value(parameter, at: dayStart + Int64(index) * Self.hourMilliseconds) { received.append(observation) }
            }
            // A factor that sent nothing that day is the silent-logger rule's, not this one's.
            guard !received.isEmpty else { continue }
            let valid = received.filter { AlarmScreening.isJudged(flag: $0.flag) }.count
            let rate = Double(valid) / Double(due) * 100
            guard rate < input.rules.transmissionPercent else {
                normal(.transmission, check, parameter: parameter)
                continue
            }
            let percent = JSONBytes.number((rate * 10).rounded() / 10)
            found(
                .transmission, check, parameter: parameter, severity: .minor,
                summary:
                    "\(name(parameter)) \(CivilDateTime(Timestamp(millisecondsSinceEpoch: dayStart)).dateText) 有效传输率 \(percent)%（收到 \(received.count) 小时，有效 \(valid) 小时，应有 \(due) 小时）",
                evidence: AlarmEvidence(
                    from: Timestamp(millisecondsSinceEpoch: dayStart), to: Timestamp(millisecondsSinceEpoch: today),
                    rule: "日有效传输率 = 传输率 × 有效率 ≥ \(JSONBytes.number(input.rules.transmissionPercent))%（小时数据，每日应有 24 个，首个数据之前的不计）",
                    observed: (rate * 10).rounded() / 10, limit: input.rules.transmissionPercent, unit: "%", values: received.map(evidence),
                    flaggedHours: received.filter { AlarmScreening.notExceedanceFlags.contains($0.flag) }.count))
        }
    }
}
