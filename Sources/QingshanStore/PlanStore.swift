public import QingshanCore

/// A value of a plan indicator entered by a person (a statistic of another department, the autonomous region's
/// target for the year), with where it comes from. A correction is a new revision; none is ever overwritten.
public struct PlanEntry: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The indicator's value for the year.
        case value
        /// The autonomous region's numeric target for the year (达到自治区考核要求).
        case regionalTarget = "regional_target"
    }

    public var indicator: Int
    public var year: Int
    /// A region code (the city's for the whole city).
    public var region: String
    public var kind: Kind
    public var value: Double
    /// The document the value comes from (统计公报, 自治区考核通知 …).
    public var source: String
    public var enteredBy: String
    public var enteredAt: Timestamp
    /// 1 for the first entry; each correction adds one.
    public var revision: Int

    public init(
        indicator: Int, year: Int, region: String, kind: Kind, value: Double, source: String, enteredBy: String, enteredAt: Timestamp,
        revision: Int = 0
    ) {
        self.indicator = indicator
        self.year = year
        self.region = region
        self.kind = kind
        self.value = value
        self.source = source
        self.enteredBy = enteredBy
        self.enteredAt = enteredAt
        self.revision = revision
    }
}

/// What a person recorded of one of the plan's further targets: done or not by its deadline, and why.
public struct PlanTargetResult: Sendable, Hashable, Codable {
    /// T001 …
    public var target: String
    public var met: Bool
    public var note: String
    public var recordedBy: String
    public var recordedAt: Timestamp
    /// 1 for the first record; each correction adds one.
    public var revision: Int

    public init(target: String, met: Bool, note: String, recordedBy: String, recordedAt: Timestamp, revision: Int = 0) {
        self.target = target
        self.met = met
        self.note = note
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
        self.revision = revision
    }
}

/// Entered plan values, recorded target results and the days the monitoring centre marked as dust days.
public protocol PlanStore: Sendable {
    /// Adds an entry as the next revision of its (indicator, year, region, kind); returns it as stored.
    func addPlanEntry(_ entry: PlanEntry) async throws -> PlanEntry
    /// Every revision of an indicator's entries, oldest first.
    func planEntries(indicator: Int) async throws -> [PlanEntry]
    /// The latest revision of every entry.
    func currentPlanEntries() async throws -> [PlanEntry]
    /// Marks (or unmarks) a Beijing day as affected by dust (沙尘), for the dust-deducted air figures.
    func setDustDay(_ day: CivilDateTime, marked: Bool, by: String, note: String, at: Timestamp) async throws
    func dustDays(year: Int) async throws -> [CivilDateTime]
    /// Records a target's result as its next revision; returns it as stored.
    func addTargetResult(_ result: PlanTargetResult) async throws -> PlanTargetResult
    /// The latest revision of each target's result.
    func currentTargetResults() async throws -> [String: PlanTargetResult]
}
