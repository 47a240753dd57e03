import Foundation
import Hummingbird
import QingshanCore
import QingshanStore

/// An alarm as the API, the console and the webhooks show it: times in RFC 3339 (Beijing), names in Chinese
/// beside the codes.
struct AlarmDTO: Codable, Sendable, Hashable, ResponseEncodable {
    struct Evidence: Codable, Sendable, Hashable {
        struct Value: Codable, Sendable, Hashable {
            var time: String
            var parameter: String
            var value: Double
            var flag: String
        }
        var from: String
        var to: String
        var rule: String
        var observed: Double?
        var limit: Double?
        var unit: String?
        var values: [Value]
        var flaggedHours: Int
    }

    var id: Int64
    var site: String
    var type: String
    var typeName: String
    var check: String
    var checkName: String
    var parameter: String?
    var severity: String
    var severityName: String
    var status: String
    var acknowledged: Bool
    var assignee: String?
    var summary: String
    var evidence: Evidence
    var firstAt: String
    var lastAt: String
    var occurrences: Int
    var raisedAt: String
    var updatedAt: String
    var clearedAt: String?

    init(_ alarm: AlarmRecord) {
        id = alarm.id
        site = alarm.siteCode
        type = alarm.type.rawValue
        typeName = alarm.type.nameZh
        check = alarm.check
        checkName = Self.checkName(alarm.check)
        parameter = alarm.parameterCode
        severity = alarm.severity.rawValue
        severityName = alarm.severity.nameZh
        status = alarm.status.rawValue
        acknowledged = alarm.acknowledged
        assignee = alarm.assignee
        summary = alarm.summary
        let evidence = alarm.evidence
        self.evidence = Evidence(
            from: RFC3339.format(evidence.from), to: RFC3339.format(evidence.to), rule: evidence.rule, observed: evidence.observed,
            limit: evidence.limit, unit: evidence.unit,
            values: evidence.values.map { Evidence.Value(time: RFC3339.format($0.time), parameter: $0.parameter, value: $0.value, flag: $0.flag) },
            flaggedHours: evidence.flaggedHours)
        firstAt = RFC3339.format(alarm.firstAt)
        lastAt = RFC3339.format(alarm.lastAt)
        occurrences = alarm.occurrences
        raisedAt = RFC3339.format(alarm.raisedAt)
        updatedAt = RFC3339.format(alarm.updatedAt)
        clearedAt = alarm.clearedAt.map { RFC3339.format($0) }
    }

    /// The Chinese name of a check: a data-quality check's own, or the rule's.
    static func checkName(_ check: String) -> String {
        if let quality = DataQualityCheck(rawValue: check) { return quality.nameZh }
        switch check {
        case "hour_limit": return "小时均值超标"
        case "day_limit": return "日均值超标"
        case "silent": return "数采仪离线"
        case "daily_rate": return "日有效传输率"
        case "rolling_12_months": return "滚动 12 个月排放量超许可"
        case "projection": return "许可排放量预计将用完"
        default: return AlarmType(rawValue: check)?.nameZh ?? check
        }
    }
}

/// One step of an alarm's history.
struct AlarmEventDTO: Codable, Sendable, Hashable {
    var sequence: Int
    var at: String
    var actor: String
    var action: String
    var detail: String

    init(_ event: AlarmEvent) {
        sequence = event.sequence
        at = RFC3339.format(event.at)
        actor = event.actor
        action = event.action.rawValue
        detail = event.detail
    }
}

/// The JSON a webhook receives for each step of an alarm: `id` (alarm id and step) is the same on every
/// delivery of the step, so a receiver that got it before can tell.
struct AlarmNotification: Codable, Sendable, Hashable {
    var id: String
    var event: AlarmEventDTO
    var alarm: AlarmDTO

    static func body(_ alarm: AlarmRecord, _ event: AlarmEvent) -> String {
        let notification = AlarmNotification(id: "\(alarm.id)-\(event.sequence)", event: AlarmEventDTO(event), alarm: AlarmDTO(alarm))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(notification)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
