public import QingshanCore

/// A site's hour whose hourly values changed since the alarm engine last judged it: written in the same
/// transaction as the values, so a crash never skips an hour. `generation` grows on every touch.
public struct PendingAlarmHour: Sendable, Hashable {
    public var siteCode: String
    public var hourStart: Timestamp
    public var generation: Int64

    public init(siteCode: String, hourStart: Timestamp, generation: Int64) {
        self.siteCode = siteCode
        self.hourStart = hourStart
        self.generation = generation
    }
}

/// What the engine judged of one originator at one hour.
public enum AlarmJudgement: Sendable, Hashable {
    case found(AlarmFinding, hour: Timestamp)
    case normal(AlarmOriginator, hour: Timestamp)
}

/// An alarm as stored: its originator, state and the evidence of its latest occurrence.
public struct AlarmRecord: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case active, cleared
    }

    public var id: Int64
    public var siteCode: String
    public var type: AlarmType
    public var check: String
    public var parameterCode: String?
    public var severity: AlarmSeverity
    public var status: Status
    public var acknowledged: Bool
    public var assignee: String?
    public var summary: String
    public var evidence: AlarmEvidence
    /// The data time of the first and of the latest occurrence (the start of its evidence).
    public var firstAt: Timestamp
    public var lastAt: Timestamp
    public var occurrences: Int
    /// Wall-clock times: raised, last changed, cleared.
    public var raisedAt: Timestamp
    public var updatedAt: Timestamp
    public var clearedAt: Timestamp?

    public var originator: AlarmOriginator {
        AlarmOriginator(siteCode: siteCode, type: type, check: check, parameterCode: parameterCode ?? "")
    }
}

/// One step of an alarm's history.
public struct AlarmEvent: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Hashable, Codable {
        case raised, repeated, acknowledged, cleared, assigned, commented
    }

    public var alarmID: Int64
    public var sequence: Int
    public var at: Timestamp
    /// Who: `system` for the engine, else the token or user that acted.
    public var actor: String
    public var action: Action
    public var detail: String
}

/// What a person does to an alarm.
public enum AlarmAction: Sendable, Hashable {
    case acknowledge
    case clear
    case assign(String)
    case comment(String)

    /// The audit log's verb: `alarm.acknowledge`, `alarm.clear`, …
    public var auditName: String {
        switch self {
        case .acknowledge: "acknowledge"
        case .clear: "clear"
        case .assign: "assign"
        case .comment: "comment"
        }
    }
}

/// Which alarms to list, newest raised first.
public struct AlarmFilter: Sendable, Hashable {
    public var status: AlarmRecord.Status?
    public var acknowledged: Bool?
    /// nil: every type.
    public var types: Set<AlarmType>?
    public var siteCodes: Set<String>?
    public var from: Timestamp?
    public var to: Timestamp?
    /// Keyset paging: alarms with a smaller id than this.
    public var before: Int64?
    public var limit: Int

    public init(
        status: AlarmRecord.Status? = nil, acknowledged: Bool? = nil, types: Set<AlarmType>? = nil, siteCodes: Set<String>? = nil,
        from: Timestamp? = nil,
        to: Timestamp? = nil, before: Int64? = nil, limit: Int = 100
    ) {
        self.status = status
        self.acknowledged = acknowledged
        self.types = types
        self.siteCodes = siteCodes
        self.from = from
        self.to = to
        self.before = before
        self.limit = limit
    }
}

/// A permit as stored: the current version with who changed it and when.
public struct StoredPermit: Sendable, Hashable, Codable {
    public var permit: Permit
    public var revision: Int
    public var changedAt: Timestamp
    public var changedBy: String
}

/// A notification waiting in the durable outbox, in the order it was written.
public struct OutboxEvent: Sendable, Hashable {
    public var id: Int64
    public var alarmID: Int64
    /// The JSON document sent to webhooks.
    public var body: String
    public var createdAt: Timestamp
}

/// Alarms, their history and notifications, and the permits they are judged against.
public protocol AlarmStore: Sendable {
    /// The hours touched by committed writes and not yet judged, oldest first, at most `limit`.
    func pendingAlarmHours(limit: Int) async throws -> [PendingAlarmHour]
    /// Clears judged hours; an hour touched again since it was read stays pending.
    func clearPendingAlarmHours(_ hours: [PendingAlarmHour]) async throws
    /// The hourly emission amounts (`-Cou`, kg) of a site's pollutant in [from, to): their sum and how many hours
    /// carried one.
    func emissionKilograms(siteCode: String, parameterCode: String, from: Timestamp, to: Timestamp) async throws -> (kilograms: Double, hours: Int)
    /// Hourly values sent again with a different value for periods in [from, to).
    func resentValues(siteCode: String, from: Timestamp, to: Timestamp) async throws -> [ResentValue]
    /// Every hourly value of a site in [from, to), all parameters, with the time each was stored.
    func hourValues(siteCode: String, from: Timestamp, to: Timestamp) async throws -> [Observation]

    /// Records judgements in one transaction, in their order: a finding raises an alarm or counts a repeat on
    /// the open one of its originator (a finding of an hour already counted only refreshes its evidence); an
    /// originator found normal at an hour after its open alarm's latest occurrence clears it, where its type
    /// clears itself. Each raise and clear writes its event, and `notification` its outbox body, in the same
    /// transaction. Returns the alarms raised or cleared.
    @discardableResult
    func record(_ judgements: [AlarmJudgement], at: Timestamp, notification: @Sendable (AlarmRecord, AlarmEvent) -> String) async throws
        -> [AlarmRecord]

    func alarms(_ filter: AlarmFilter) async throws -> [AlarmRecord]
    func alarm(id: Int64) async throws -> AlarmRecord?
    func alarmEvents(id: Int64) async throws -> [AlarmEvent]
    /// Carries out a person's action, with its event and outbox notification; nil when there is no such alarm.
    /// Acknowledging an acknowledged alarm or clearing a cleared one changes nothing and records nothing.
    func act(
        on id: Int64, _ action: AlarmAction, actor: String, at: Timestamp, notification: @Sendable (AlarmRecord, AlarmEvent) -> String
    ) async throws -> AlarmRecord?

    func permit(siteCode: String) async throws -> StoredPermit?
    /// Stores a new revision of an outlet's permit and keeps the one before in its history.
    func putPermit(_ permit: Permit, by actor: String, at: Timestamp) async throws -> StoredPermit
    /// Every revision of an outlet's permit, newest first.
    func permitHistory(siteCode: String) async throws -> [StoredPermit]
    /// Loads a profile's permits for outlets that have none yet (a permit changed through the API is kept).
    func loadPermits(_ permits: [Permit], by actor: String, at: Timestamp) async throws

    /// Outbox notifications after `id`, oldest first.
    func outbox(after id: Int64, limit: Int) async throws -> [OutboxEvent]
    /// The newest outbox id (0 when empty): where a webhook seen for the first time starts.
    func latestOutboxID() async throws -> Int64
    /// The last outbox id a webhook has taken; nil for a webhook never seen.
    func webhookCursor(_ name: String) async throws -> Int64?
    func setWebhookCursor(_ name: String, to id: Int64) async throws
}
