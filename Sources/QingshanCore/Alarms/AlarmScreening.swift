/// The alarm rules and data-quality checks for one site and one hour, on the hourly values the store holds:
/// pure, so every rule is tested on data where it must fire and data where it must not.
///
/// Exceedances are judged on unflagged hours only (N, or T over the analyser's range): hours flagged stop,
/// maintenance, manual, fault or calibration (F, M, S, D, C) are never exceedances, and are counted in the
/// evidence. Data-quality findings are leads for a person, not verdicts.
public enum AlarmScreening {
    public struct Input: Sendable {
        public var site: Site
        /// The start of the hour judged.
        public var hour: Timestamp
        /// The site's hourly values: at least the 24 hours up to the judged hour and the judged hour's Beijing day.
        public var values: HourlyValues
        public var permit: Permit?
        public var catalogue: ParameterCatalogue
        public var rules: AlarmRules
        /// Values sent again with a different value for the site's hours.
        public var resent: [ResentValue] = []
        /// The first hour the store holds for each parameter: a day's 有效传输率 counts the hours due from then on
        /// (a source connected at 23:00 owes one hour that day, not 24).
        public var firstHours: [String: Timestamp] = [:]

        public init(
            site: Site, hour: Timestamp, values: HourlyValues, permit: Permit?, catalogue: ParameterCatalogue, rules: AlarmRules
        ) {
            self.site = site
            self.hour = hour
            self.values = values
            self.permit = permit
            self.catalogue = catalogue
            self.rules = rules
        }

        public init(
            site: Site, hour: Timestamp, values: [Observation], permit: Permit?, catalogue: ParameterCatalogue, rules: AlarmRules
        ) {
            self.init(site: site, hour: hour, values: HourlyValues(values), permit: permit, catalogue: catalogue, rules: rules)
        }
    }

    /// A site's hourly values by parameter and hour, indexed once for all the hours a pass judges.
    public struct HourlyValues: Sendable {
        let series: [String: [Int64: Observation]]

        public init(_ values: [Observation]) {
            var series: [String: [Int64: Observation]] = [:]
            for observation in values where observation.interval == .hour {
                series[observation.parameterCode, default: [:]][observation.periodStart.millisecondsSinceEpoch] = observation
            }
            self.series = series
        }

        /// The parameters with hourly values, sorted.
        public var parameters: [String] { series.keys.sorted() }
    }

    /// What the hour gave: the findings, and the originators judged and found in order (an open alarm of a
    /// condition that clears itself is cleared by them).
    public struct Outcome: Sendable, Hashable {
        public var findings: [AlarmFinding] = []
        public var normal: Set<AlarmOriginator> = []
    }

    /// Flags whose hours are judged: N normal, T over the analyser's range (a real reading, at least that high).
    public static func isJudged(flag: String) -> Bool { flag == "N" || flag == "T" }

    /// Flags of hours that are not exceedances: stop, maintenance, manual, fault, calibration.
    public static let notExceedanceFlags: Set<String> = ["F", "M", "S", "D", "C"]

    /// Process quantities, not pollutants: a constant or zero value of these says nothing of the data.
    static let processParameters: Set<String> = ["a00000", "w00000", "a01011", "a01012", "a01013", "a01014", "a01016", "a01017", "w01010"]
    static let gasFlow = "a00000"
    static let waterFlow = "w00000"
    static let oxygen = "a19001"

    public static func screen(_ input: Input) -> Outcome {
        var context = Context(input)
        switch input.site.kind {
        case .air:
            context.aqiLevel()
        case .surfaceWater:
            context.waterClass()
        case .sourceGas, .sourceWater:
            context.exceedances()
            context.transmission()
            context.constantValues()
            context.zeroWhileRunning()
            context.flatWithFlow()
            context.stepAfterMaintenance()
            context.clockAhead()
            context.resentChanged()
            if input.site.kind == .sourceGas {
                context.dilution()
                context.conversion()
            }
        case .groundwater, .noise:
            break
        }
        context.outOfRange()
        return context.outcome
    }

    /// The values indexed, and the outcome being built.
    struct Context {
        let input: Input
        var outcome = Outcome()
        /// parameter → hour start → observation.
        let series: [String: [Int64: Observation]]
        let hour: Int64

        init(_ input: Input) {
            self.input = input
            hour = input.hour.millisecondsSinceEpoch
            series = input.values.series
        }

        func value(_ parameter: String, at start: Int64) -> Observation? { series[parameter]?[start] }

        var flowParameter: String { input.site.kind == .sourceGas ? AlarmScreening.gasFlow : AlarmScreening.waterFlow }

        /// Whether the process ran in an hour: its flow above zero; nil when no flow is reported.
        func running(at start: Int64) -> Bool? {
            value(flowParameter, at: start).map { $0.value > 0 && AlarmScreening.isJudged(flag: $0.flag) }
        }

        func evidence(_ observation: Observation) -> AlarmEvidence.Value {
            AlarmEvidence.Value(time: observation.periodStart, parameter: observation.parameterCode, value: observation.value, flag: observation.flag)
        }

        func name(_ parameter: String) -> String {
            let base = parameter.hasSuffix("_zs") ? String(parameter.dropLast(3)) : parameter
            let name = input.catalogue.parameter(for: base)?.nameZh ?? base
            return parameter.hasSuffix("_zs") ? name + "（折算）" : name
        }

        mutating func found(
            _ type: AlarmType, _ check: String, parameter: String?, severity: AlarmSeverity, summary: String, evidence: AlarmEvidence
        ) {
            guard input.rules.runs(type.rawValue), input.rules.runs(check) else { return }
            outcome.findings.append(
                AlarmFinding(
                    siteCode: input.site.code, type: type, check: check, parameterCode: parameter, severity: severity, summary: summary,
                    evidence: evidence))
        }

        mutating func normal(_ type: AlarmType, _ check: String, parameter: String?) {
            outcome.normal.insert(AlarmOriginator(siteCode: input.site.code, type: type, check: check, parameterCode: parameter ?? ""))
        }

        static let hourMilliseconds = Timestamp.millisecondsPerHour
    }
}
