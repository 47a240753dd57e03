/// A source's emissions against its permitted annual quantity (许可排放量, t/a), judged on a rolling 12 months,
/// not the calendar year: the sum of the hourly emission amounts its logger reports (`-Cou`, kg), and, while
/// under the quantity, the day it will be used up at the last 30 days' pace (ignoring what rolls off the window,
/// so the projection errs early).
public enum PermittedLoad {
    /// What a site's logger reported for one pollutant.
    public struct Emissions: Sendable, Hashable {
        /// The 12 months up to the judged hour, kg, and the hours that carried an amount.
        public var rollingKilograms: Double
        public var rollingHours: Int
        /// The last 30 days of them, kg.
        public var recentKilograms: Double

        public init(rollingKilograms: Double, rollingHours: Int, recentKilograms: Double) {
            self.rollingKilograms = rollingKilograms
            self.rollingHours = rollingHours
            self.recentKilograms = recentKilograms
        }
    }

    static let overCheck = "rolling_12_months"
    static let projectionCheck = "projection"

    /// The findings and the originators found normal for one pollutant with a permitted quantity.
    public static func judge(
        siteCode: String, parameter: String, name: String, permittedTonnes: Double, emissions: Emissions, at hour: Timestamp,
        warningDays: Int = 30
    ) -> (findings: [AlarmFinding], normal: [AlarmOriginator]) {
        guard emissions.rollingHours > 0, permittedTonnes > 0 else { return ([], []) }
        let used = emissions.rollingKilograms / 1000
        let yearAgo = hour.adding(milliseconds: -365 * Timestamp.millisecondsPerDay)
        let end = hour.adding(milliseconds: Timestamp.millisecondsPerHour)
        func tonnes(_ value: Double) -> String { JSONBytes.number((value * 1000).rounded() / 1000) }
        func originator(_ check: String) -> AlarmOriginator {
            AlarmOriginator(siteCode: siteCode, type: .load, check: check, parameterCode: parameter)
        }
        let rule = "近 12 个月（滚动）排放量 ≤ 许可排放量 \(tonnes(permittedTonnes)) t/a，按数采仪上报的小时排放量（-Cou）累计"
        if used >= permittedTonnes {
            return (
                [
                    AlarmFinding(
                        siteCode: siteCode, type: .load, check: overCheck, parameterCode: parameter,
                        severity: used >= permittedTonnes * 1.2 ? .critical : .major,
                        summary: "\(name) 近 12 个月排放 \(tonnes(used)) t，超过许可排放量 \(tonnes(permittedTonnes)) t/a",
                        evidence: AlarmEvidence(
                            from: yearAgo, to: end, rule: rule, observed: (used * 1000).rounded() / 1000, limit: permittedTonnes, unit: "t"))
                ], [originator(projectionCheck)]
            )
        }
        let pace = emissions.recentKilograms / 30
        let remainingKilograms = permittedTonnes * 1000 - emissions.rollingKilograms
        guard pace > 0, remainingKilograms / pace <= Double(warningDays) else {
            return ([], [originator(overCheck), originator(projectionCheck)])
        }
        let days = Int((remainingKilograms / pace).rounded(.down))
        let day = CivilDateTime(hour.adding(milliseconds: Int64(days) * Timestamp.millisecondsPerDay)).dateText
        return (
            [
                AlarmFinding(
                    siteCode: siteCode, type: .load, check: projectionCheck, parameterCode: parameter, severity: .warning,
                    summary: "\(name) 近 12 个月已排放 \(tonnes(used)) t（许可 \(tonnes(permittedTonnes)) t/a），按近 30 日速度约 \(days) 天后（\(day)）用完",
                    evidence: AlarmEvidence(
                        from: yearAgo, to: end, rule: rule + "；剩余量按近 30 日平均日排放量推算",
                        observed: (used * 1000).rounded() / 1000, limit: permittedTonnes, unit: "t"))
            ], [originator(overCheck)]
        )
    }
}
