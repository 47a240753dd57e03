import QingshanCore
import QingshanStore

/// What the 告警 pages and an outlet's compliance section show.
extension ConsoleViews {
    static let severityColours: [AlarmSeverity: String] = [.critical: "#b71c1c", .major: "#e53935", .minor: "#fb8c00", .warning: "#fdd835"]

    struct AlarmRow {
        var id: Int64
        var severity: String
        var colour: String
        var type: String
        var check: String
        var site: String
        var siteName: String
        var summary: String
        var firstAt: String
        var lastAt: String
        var occurrences: Int
        var status: String
        var active: Bool
        var acknowledged: Bool
        var assignee: String

        init(_ alarm: AlarmRecord, siteName: String?) {
            id = alarm.id
            severity = alarm.severity.nameZh
            colour = ConsoleViews.severityColours[alarm.severity] ?? "#9e9e9e"
            type = alarm.type.nameZh
            check = AlarmDTO.checkName(alarm.check)
            site = alarm.siteCode
            self.siteName = siteName ?? alarm.siteCode
            summary = alarm.summary
            firstAt = ConsoleViews.beijing(alarm.firstAt)
            lastAt = ConsoleViews.beijing(alarm.lastAt)
            occurrences = alarm.occurrences
            active = alarm.status == .active
            status = active ? "未恢复" : "已恢复"
            acknowledged = alarm.acknowledged
            assignee = alarm.assignee ?? "—"
        }
    }

    struct Choice {
        var value: String
        var label: String
        var selected: Bool
    }

    struct AlarmsPage {
        var title: String
        var nav: [NavItem]
        var alarms: [AlarmRow]
        var hasAlarms: Bool
        var statuses: [Choice]
        var types: [Choice]
        var site: String
        var next: String?
        var signedIn: Bool
        var activeCount: Int
        /// The newest alarm listed (0 for none): the live refresh compares it with the newest there is.
        var newest: Int64
    }

    struct EvidenceRow {
        var time: String
        var parameter: String
        var value: String
        var flag: String
        var flagged: Bool
    }

    struct EventRow {
        var at: String
        var actor: String
        var action: String
        var detail: String
    }

    struct AlarmPage {
        var title: String
        var nav: [NavItem]
        var alarm: AlarmRow
        var rule: String
        var range: String
        var observed: String
        var limit: String
        var flaggedHours: Int
        var evidence: [EvidenceRow]
        var chart: String?
        var chartTitle: String
        var events: [EventRow]
        var lead: Bool
        /// The forms a signed-in person may use on this alarm; nil for the public and API tokens.
        var actions: AlarmActions?
    }

    struct AlarmActions {
        var id: Int64
        var csrf: String
        /// Acknowledge and comment: who may write the site.
        var canRespond: Bool
        /// Assign and clear: the city or the site's county.
        var canHandle: Bool
        var acknowledged: Bool
        var active: Bool
    }

    static let actionNames: [AlarmEvent.Action: String] = [
        .raised: "产生", .repeated: "重复", .acknowledged: "确认", .cleared: "恢复/清除", .assigned: "指派", .commented: "备注",
    ]

    /// `2026-03-02 10:00` in Beijing time.
    static func beijing(_ time: Timestamp) -> String { CivilDateTime(time).minuteText }

    /// An outlet's month: hours judged, over a limit, flagged; 有效传输率 as HJ 356/HJ 75 count it (hours
    /// received of those expected × valid of those received).
    struct ComplianceMonth {
        var label: String
        var expected: Int
        var received: Int
        var valid: Int
        var over: Int
        var flagged: Int
        var effectiveRate: String
        var overClass: Bool
    }

    struct PermitLimitRow {
        var parameter: String
        var limit: String
        var unit: String
        var averaging: String
        var oxygen: String
        var standard: String
    }

    /// A permitted annual quantity beside the rolling 12 months of reported emissions.
    struct LoadRow {
        var parameter: String
        var used: String
        var permitted: String
        var share: String
        var over: Bool
    }

    struct ComplianceSection {
        var permitNumber: String
        var validity: String
        var note: String?
        var revision: Int
        var changedBy: String
        var limits: [PermitLimitRow]
        var months: [ComplianceMonth]
        var loads: [LoadRow]
        var hasLoads: Bool
        var alarms: [AlarmRow]
        var hasAlarms: Bool
    }
}
