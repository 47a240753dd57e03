/// What a rule or a screening check found at one site, with the evidence a person needs to judge it: the time
/// range, the values it looked at, the rule in words and, where there is one, the limit.
public struct AlarmFinding: Sendable, Hashable, Codable {
    public var siteCode: String
    public var type: AlarmType
    /// The rule or check within the type (`hour_limit`, `day_limit`, `aqi_level`, a `DataQualityCheck` raw value…).
    public var check: String
    public var parameterCode: String?
    public var severity: AlarmSeverity
    /// One line in Chinese: what happened.
    public var summary: String
    public var evidence: AlarmEvidence

    public init(
        siteCode: String, type: AlarmType, check: String, parameterCode: String?, severity: AlarmSeverity, summary: String,
        evidence: AlarmEvidence
    ) {
        self.siteCode = siteCode
        self.type = type
        self.check = check
        self.parameterCode = parameterCode
        self.severity = severity
        self.summary = summary
        self.evidence = evidence
    }

    /// The alarm's originator: a site has at most one open alarm per originator, and a repeat is counted on it.
    public var originator: AlarmOriginator {
        AlarmOriginator(siteCode: siteCode, type: type, check: check, parameterCode: parameterCode ?? "")
    }
}

/// Who an alarm belongs to: site, type, check and parameter ("" when none).
public struct AlarmOriginator: Sendable, Hashable, Codable {
    public var siteCode: String
    public var type: AlarmType
    public var check: String
    public var parameterCode: String

    public init(siteCode: String, type: AlarmType, check: String, parameterCode: String) {
        self.siteCode = siteCode
        self.type = type
        self.check = check
        self.parameterCode = parameterCode
    }
}

/// The facts behind a finding.
public struct AlarmEvidence: Sendable, Hashable, Codable {
    /// One value looked at.
    public struct Value: Sendable, Hashable, Codable {
        public var time: Timestamp
        public var parameter: String
        public var value: Double
        public var flag: String

        public init(time: Timestamp, parameter: String, value: Double, flag: String) {
            self.time = time
            self.parameter = parameter
            self.value = value
            self.flag = flag
        }
    }

    public var from: Timestamp
    public var to: Timestamp
    /// The rule in words, with its threshold and the standard it comes from.
    public var rule: String
    /// The value judged (a mean, an AQI, a run length) and the threshold it was held to.
    public var observed: Double?
    public var limit: Double?
    public var unit: String?
    public var values: [Value]
    /// Hours in the range flagged stop, maintenance, manual, fault or calibration: not judged, counted.
    public var flaggedHours: Int

    public init(
        from: Timestamp, to: Timestamp, rule: String, observed: Double? = nil, limit: Double? = nil, unit: String? = nil,
        values: [Value] = [], flaggedHours: Int = 0
    ) {
        self.from = from
        self.to = to
        self.rule = rule
        self.observed = observed
        self.limit = limit
        self.unit = unit
        self.values = values
        self.flaggedHours = flaggedHours
    }
}
