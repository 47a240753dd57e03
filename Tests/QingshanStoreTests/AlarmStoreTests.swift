import Foundation
import QingshanCore
import QingshanTestSupport
import Testing

@testable import QingshanStore

/// The alarm store on every engine: pending hours written with the values, one open alarm per originator with
/// its repeats counted, clearing by a later normal hour only, people's actions with their history, the outbox
/// in order, and permits kept revision by revision.
@Suite struct AlarmStoreTests {
    static let hour = CivilDateTime(year: 2016, month: 1, day: 1, hour: 5).timestamp

    static func finding(_ hoursLater: Int, check: String = "hour_limit", value: Double = 40) -> AlarmFinding {
        let from = hour.adding(milliseconds: Int64(hoursLater) * Timestamp.millisecondsPerHour)
        return AlarmFinding(
            siteCode: "OUT1", type: .exceedance, check: check, parameterCode: "a21026", severity: .major, summary: "SO2 \(value)",
            evidence: AlarmEvidence(
                from: from, to: from.adding(milliseconds: Timestamp.millisecondsPerHour), rule: "≤ 35", observed: value, limit: 35,
                values: [.init(time: from, parameter: "a21026_zs", value: value, flag: "N")]))
    }

    static func body(_ alarm: AlarmRecord, _ event: AlarmEvent) -> String { "\(alarm.id)-\(event.sequence)-\(event.action.rawValue)" }

    @Test(arguments: TestDatabase.available)
    func writesMarkHoursForTheEngine(database: TestDatabase) async throws {
        try await withFreshStore(database) { store in
            try await store.load(StoreContractTests.profile)
            _ = try await store.write(StoreContractTests.hourly("OUT1", "a21026", startHour: 5, values: [10, 20, 30]))
            // A value already stored marks nothing again; minute values mark no hour.
            _ = try await store.write(StoreContractTests.hourly("OUT1", "a21026", startHour: 5, values: [10]))
            let pending = try await store.pendingAlarmHours(limit: 10)
            #expect(pending.map(\.siteCode) == ["OUT1", "OUT1", "OUT1"])
            #expect(pending.first?.hourStart == Self.hour)
            let values = try await store.hourValues(
                siteCode: "OUT1", from: Self.hour, to: Self.hour.adding(milliseconds: 2 * Timestamp.millisecondsPerHour))
            #expect(values.map(\.value) == [10, 20])
            // An hour touched again after it was read stays pending when cleared.
            _ = try await store.write(
                [Observation(siteCode: "OUT1", parameterCode: "a19001", interval: .hour, periodStart: Self.hour, value: 9, source: "test")])
            try await store.clearPendingAlarmHours(pending)
            let left = try await store.pendingAlarmHours(limit: 10)
            #expect(left.map(\.hourStart) == [Self.hour])
        }
    }

    /// A stored hour sent again with a different value keeps the first and remembers the second (marking the hour
    /// for the engine even though nothing new was stored); the same value again is no news.
    @Test(arguments: TestDatabase.available)
    func resentValuesAreKeptBesideTheFirst(database: TestDatabase) async throws {
        try await withFreshStore(database) { store in
            try await store.load(StoreContractTests.profile)
            _ = try await store.write(StoreContractTests.hourly("OUT1", "a21026", startHour: 5, values: [10, 20]))
            try await store.clearPendingAlarmHours(try await store.pendingAlarmHours(limit: 10))
            let outcome = try await store.write(StoreContractTests.hourly("OUT1", "a21026", startHour: 5, values: [12, 20]))
            #expect(outcome.inserted == 0)
            let resent = try await store.resentValues(
                siteCode: "OUT1", from: Self.hour, to: Self.hour.adding(milliseconds: 2 * Timestamp.millisecondsPerHour))
            #expect(resent.map(\.storedValue) == [10] && resent.map(\.sentValue) == [12] && resent.first?.periodStart == Self.hour)
            #expect(try await store.pendingAlarmHours(limit: 10).map(\.hourStart) == [Self.hour])
            #expect(try await store.hourValues(siteCode: "OUT1", from: Self.hour, to: Self.hour.adding(milliseconds: 1)).first?.value == 10)
            _ = try await store.write(StoreContractTests.hourly("OUT1", "a21026", startHour: 5, values: [10]))
            #expect(try await store.resentValues(siteCode: "OUT1", from: Self.hour, to: Self.hour.adding(milliseconds: 1)).count == 1)
        }
    }

    @Test(arguments: TestDatabase.available)
    func lifecycle(database: TestDatabase) async throws {
        try await withFreshStore(database) { store in
            try await store.load(StoreContractTests.profile)
            let now = Timestamp(millisecondsSinceEpoch: 1_700_000_000_000)
            let raised = try await store.record([.found(Self.finding(0), hour: Self.hour)], at: now, notification: Self.body)
            #expect(raised.count == 1)
            let id = try #require(raised.first?.id)
            // A repeat an hour later is counted; the same hour again is not; an older hour changes nothing.
            try await store.record(
                [
                    .found(Self.finding(1, value: 50), hour: Self.hour), .found(Self.finding(1, value: 51), hour: Self.hour),
                    .found(Self.finding(-3), hour: Self.hour),
                ],
                at: now, notification: Self.body)
            var alarm = try #require(try await store.alarm(id: id))
            #expect(alarm.occurrences == 2 && alarm.evidence.observed == 51 && alarm.status == .active)
            // A normal hour before the latest occurrence does not clear it; a later one does.
            let originator = alarm.originator
            #expect(try await store.record([.normal(originator, hour: Self.finding(1).evidence.from)], at: now, notification: Self.body).isEmpty)
            let cleared = try await store.record([.normal(originator, hour: Self.finding(2).evidence.from)], at: now, notification: Self.body)
            #expect(cleared.map(\.status) == [.cleared])
            // The next finding opens a new alarm.
            let second = try await store.record([.found(Self.finding(5), hour: Self.hour)], at: now, notification: Self.body)
            #expect(second.first.map { $0.id != id } == true)
            // People: acknowledge twice records once; assign, comment, clear.
            let secondID = try #require(second.first?.id)
            for action in [AlarmAction.acknowledge, .acknowledge, .assign("王工"), .comment("已通知企业"), .clear, .clear] {
                _ = try await store.act(on: secondID, action, actor: "token qs_x", at: now, notification: Self.body)
            }
            alarm = try #require(try await store.alarm(id: secondID))
            #expect(alarm.acknowledged && alarm.assignee == "王工" && alarm.status == .cleared)
            let events = try await store.alarmEvents(id: secondID)
            #expect(events.map(\.action) == [.raised, .acknowledged, .assigned, .commented, .cleared])
            #expect(events.map(\.sequence) == [1, 2, 3, 4, 5])
            #expect(events.last?.actor == "token qs_x")
            #expect(try await store.act(on: 9_999, .acknowledge, actor: "x", at: now, notification: Self.body) == nil)
            // Filters and paging.
            #expect(try await store.alarms(AlarmFilter(status: .active)).isEmpty)
            #expect(try await store.alarms(AlarmFilter(status: .cleared)).map(\.id) == [secondID, id])
            #expect(try await store.alarms(AlarmFilter(acknowledged: true)).map(\.id) == [secondID])
            #expect(try await store.alarms(AlarmFilter(siteCodes: ["2195A"])).isEmpty)
            #expect(try await store.alarms(AlarmFilter(siteCodes: [])).isEmpty)
            #expect(try await store.alarms(AlarmFilter(limit: 1)).map(\.id) == [secondID])
            #expect(try await store.alarms(AlarmFilter(before: secondID, limit: 1)).map(\.id) == [id])
            // The outbox holds every raise, clear and action, in order.
            let outbox = try await store.outbox(after: 0, limit: 100)
            #expect(
                outbox.map(\.body) == [
                    "\(id)-1-raised", "\(id)-2-cleared", "\(secondID)-1-raised", "\(secondID)-2-acknowledged", "\(secondID)-3-assigned",
                    "\(secondID)-4-commented", "\(secondID)-5-cleared",
                ])
            #expect(try await store.latestOutboxID() == outbox.last?.id)
            #expect(try await store.outbox(after: outbox[5].id, limit: 100).count == 1)
            #expect(try await store.webhookCursor("ops") == nil)
            try await store.setWebhookCursor("ops", to: outbox[2].id)
            try await store.setWebhookCursor("ops", to: outbox[3].id)
            #expect(try await store.webhookCursor("ops") == outbox[3].id)
        }
    }

    /// Data-quality leads are not cleared by a normal hour: a person clears them.
    @Test(arguments: TestDatabase.available)
    func leadsWaitForAPerson(database: TestDatabase) async throws {
        try await withFreshStore(database) { store in
            try await store.load(StoreContractTests.profile)
            var lead = Self.finding(0, check: "constant")
            lead.type = .dataQuality
            let raised = try await store.record([.found(lead, hour: Self.hour)], at: .now, notification: Self.body)
            let originator = try #require(raised.first?.originator)
            let later = Self.hour.adding(milliseconds: 10 * Timestamp.millisecondsPerHour)
            #expect(try await store.record([.normal(originator, hour: later)], at: .now, notification: Self.body).isEmpty)
            #expect(try await store.alarms(AlarmFilter(status: .active)).count == 1)
        }
    }

    @Test(arguments: TestDatabase.available)
    func permitsKeepEveryRevision(database: TestDatabase) async throws {
        try await withFreshStore(database) { store in
            var profile = StoreContractTests.profile
            let first = Permit(
                siteCode: "OUT1", validFrom: "2023-01-01", limits: EmissionLimitTable.limits(standard: "GB 13271-2014", table: "表2 燃煤锅炉"),
                note: "限值未知，按行业标准")
            profile.permits = [first]
            try await store.load(profile)
            #expect(try await store.permit(siteCode: "OUT1")?.permit == first)
            var changed = first
            changed.limits = EmissionLimitTable.limits(standard: "GB 13223-2011", table: "超低排放 燃煤机组")
            let stored = try await store.putPermit(changed, by: "token qs_city", at: .now)
            #expect(stored.revision == 2)
            // Loading the profile again keeps the permit changed through the API.
            try await store.load(profile)
            #expect(try await store.permit(siteCode: "OUT1")?.permit == changed)
            let history = try await store.permitHistory(siteCode: "OUT1")
            #expect(history.map(\.revision) == [2, 1] && history.map(\.changedBy) == ["token qs_city", "profile test"])
            #expect(try await store.export(name: "x").permits == [changed])
            var bad = changed
            bad.limits[0].limit = 0
            await #expect(throws: StoreError.self) { try await store.putPermit(bad, by: "x", at: .now) }
            // A permit for a site that is not an outlet is refused with the profile.
            profile.permits = [Permit(siteCode: "2195A")]
            await #expect(throws: StoreError.self) { try await store.load(profile) }
        }
    }
}
