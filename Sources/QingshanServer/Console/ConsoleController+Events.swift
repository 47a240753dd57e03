import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import QingshanCore
import QingshanStore
import ServiceLifecycle

/// The overview's live refresh: Server-Sent Events at `/events/overview`, the city's and each station's AQI and
/// the loggers online, sent when they change (a comment line otherwise, so proxies keep the connection). A
/// stream ends after `eventStreamLifetime` (the browser's EventSource reconnects) or when the server shuts
/// down; `?once` sends one event and ends (a poll, and the tests).
extension ConsoleController {
    static var eventInterval: Duration { .seconds(10) }
    static var eventStreamLifetime: Duration { .seconds(300) }

    struct OverviewEvent: Encodable, Equatable {
        var city: ConsoleViews.AQICard?
        var stations: [ConsoleViews.AQICard]
        var devicesOnline: Int
        var devicesOffline: Int
    }

    func overviewEvent(_ principal: Principal, language: ConsoleLanguage) async throws -> OverviewEvent {
        let contents = try await registry.current()
        let entries = try await latestAQI(contents)
        let live = gateway.status.all()
        let devices = contents.devices.filter { contents.sites[$0.siteCode].map(principal.canRead) ?? principal.seesEverything }
        let online = devices.filter { device in live.contains { $0.mn == device.mn && $0.online } }.count
        func card(_ entry: AQIController<AppRequestContext>.LatestAQIDTO.Entry) -> ConsoleViews.AQICard {
            var card = ConsoleViews.AQICard(entry)
            if language == .english { card.category = ConsoleEnglish.category(card.category) }
            return card
        }
        return OverviewEvent(
            city: entries.first { $0.kind == "city" }.map(card),
            stations: entries.filter { $0.kind == "site" && contents.sites[$0.code].map(principal.canRead) == true }.map(card),
            devicesOnline: online, devicesOffline: devices.count - online)
    }

    @Sendable func overviewEvents(_ request: Request, context: Context) async throws -> Response {
        let principal = context.principal
        let once = request.uri.queryParameters["once"] != nil
        let language = ConsoleLanguage(request)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 10000\n\n"))
                let end = ContinuousClock.now + Self.eventStreamLifetime
                var last: OverviewEvent?
                while ContinuousClock.now < end {
                    let event = try await overviewEvent(principal, language: language)
                    if event != last {
                        let json = String(decoding: try encoder.encode(event), as: UTF8.self)
                        try await writer.write(ByteBuffer(string: "event: overview\ndata: \(json)\n\n"))
                        last = event
                    } else {
                        try await writer.write(ByteBuffer(string: ": unchanged\n\n"))
                    }
                    if once { break }
                    // Shutdown ends the wait, and with it the stream.
                    guard (try? await cancelWhenGracefulShutdown { try await Task.sleep(for: Self.eventInterval) }) != nil else { break }
                }
                try await writer.finish(nil)
            })
    }

    /// What the 告警 page's live refresh needs: the active alarms and the newest alarm the principal may see.
    struct AlarmsEvent: Encodable, Equatable {
        var active: Int
        var newest: Int64
    }

    func alarmsEvent(_ principal: Principal) async throws -> AlarmsEvent {
        var filter = try AlarmQuery.filter([:], principal: principal, sites: Array(try await registry.current().sites.values))
        filter.limit = 1
        let newest = try await store.alarms(filter).first?.id ?? 0
        filter.status = .active
        filter.limit = AlarmQuery.maximumPageSize
        return AlarmsEvent(active: try await store.alarms(filter).count, newest: newest)
    }

    /// `/events/alarms`: Server-Sent Events with the number of active alarms and the newest alarm's id, sent when
    /// they change (the 告警 page offers to reload when a new alarm arrives); `?once` as for the overview.
    @Sendable func alarmEvents(_ request: Request, context: Context) async throws -> Response {
        let principal = context.principal
        let once = request.uri.queryParameters["once"] != nil
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 10000\n\n"))
                let end = ContinuousClock.now + Self.eventStreamLifetime
                var last: AlarmsEvent?
                while ContinuousClock.now < end {
                    let event = try await alarmsEvent(principal)
                    if event != last {
                        try await writer.write(ByteBuffer(string: "event: alarms\ndata: {\"active\":\(event.active),\"newest\":\(event.newest)}\n\n"))
                        last = event
                    } else {
                        try await writer.write(ByteBuffer(string: ": unchanged\n\n"))
                    }
                    if once { break }
                    guard (try? await cancelWhenGracefulShutdown { try await Task.sleep(for: Self.eventInterval) }) != nil else { break }
                }
                try await writer.finish(nil)
            })
    }
}
