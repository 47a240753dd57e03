import Foundation
import HJ212
import NIOCore
import NIOPosix
public import QingshanCore
public import QingshanStore
import Synchronization

/// `qingshan simulate`: data loggers for the registry's sites, talking HJ 212 to a centre the way field
/// devices do. Air stations, water stations and boiler stacks (with O2, flow and 折算 values); 2017 and 2025
/// editions, every fourth 2025 logger SM4-encrypted. Each sends a real-time upload (CN 2011, answer wanted)
/// every interval and carries out the centre's requests: 1012, 1062, history (2051/2061/2031), 1014.
public enum HJ212Simulator {
    public struct Logger: Sendable {
        public var device: Device
        public var kind: SiteKind
        public var edition: HJ212Edition
        public var index: Int
    }

    /// The outcome: frames sent and answered, and how long the answers took (the gateway's acknowledgement
    /// latency, commit included).
    public struct Report: Sendable {
        public var loggers = 0
        public var connected = 0
        public var sent = 0
        public var answered = 0
        public var values = 0
        public var requestsCarriedOut = 0
        /// From the first upload sent to the last answer received: the window the rates are taken over.
        public var seconds: Double {
            guard let firstSent, let lastAnswered, lastAnswered > firstSent else { return 0 }
            return (lastAnswered - firstSent) / .seconds(1)
        }
        public var latenciesMilliseconds: [Double] = []
        var firstSent: ContinuousClock.Instant?
        var lastAnswered: ContinuousClock.Instant?

        public func percentile(_ p: Double) -> Double {
            guard !latenciesMilliseconds.isEmpty else { return 0 }
            let sorted = latenciesMilliseconds.sorted()
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
        }

        public var text: String {
            let rate = seconds > 0 ? Double(answered) / seconds : 0
            return String(
                format: "loggers: %d (connected %d)\nframes sent: %d\nanswered: %d\nvalues: %d\nrequests carried out: %d\n"
                    + "seconds: %.1f\nanswered frames/s: %.0f\nvalues/s: %.0f\nack latency p50: %.1f ms\nack latency p99: %.1f ms",
                loggers, connected, sent, answered, values, requestsCarriedOut, seconds, rate,
                seconds > 0 ? Double(values) / seconds : 0, percentile(0.5), percentile(0.99))
        }
    }

    /// Registers `count` simulated loggers (MN `5153…`, 24 hex digits), each on a demo site of its own
    /// (`SIM00001…`, origin `demo`; air, water and stack in turn, spread over the registry's districts), so that
    /// invented values never land in a real site's series, where real data could not replace them (the first
    /// write wins). An existing registration of the same MN is replaced.
    public static func register(count: Int, in store: any PlatformStore) async throws -> [Logger] {
        let kinds = [SiteKind.air, .surfaceWater, .sourceGas]
        let regions = try await store.regions()
        let districts = regions.filter { $0.level != .city }.map(\.code)
        let places = districts.isEmpty ? regions.map(\.code) : districts
        let sites = (0..<count).map { number in
            Site(
                code: demoSiteCode(number), nameZh: "演示站点 \(number + 1)（模拟数据）", nameEn: "Demo site \(number + 1) (simulated)",
                kind: kinds[number % kinds.count], regionCode: places.isEmpty ? nil : places[number % places.count],
                attributes: ["created_by": "qingshan simulate"], origin: .demo)
        }
        _ = try await store.addMissingSites(sites)
        // A site of that code from before demo sites existed stays as it was: only a demo site takes a logger.
        for site in sites {
            guard let stored = try await store.site(code: site.code), stored.origin == .demo else {
                throw SimulationError.siteNotDemo(site.code)
            }
        }
        var generator = SystemRandomNumberGenerator()
        let loggers = (0..<count).map { index -> Logger in
            let site = sites[index]
            let edition: HJ212Edition = index % 2 == 0 ? .hj212_2017 : .hj212_2025
            let hex = String(index, radix: 16, uppercase: true)
            let mn = "5153" + String(repeating: "0", count: 20 - hex.count) + hex
            let key =
                edition == .hj212_2025 && index % 4 == 3
                ? String((0..<16).map { _ in "0123456789abcdef".randomElement(using: &generator)! }) : nil
            let device = Device(mn: mn, siteCode: site.code, password: "123456", sm4KeyHex: key, origin: .manual)
            return Logger(device: device, kind: site.kind, edition: edition, index: index)
        }
        try await store.addDevices(loggers.map(\.device))
        return loggers
    }

    static func demoSiteCode(_ number: Int) -> String {
        "SIM" + SimulatedReading.padded(number + 1, 5)
    }

    /// Deletes every demo site with its devices, observations and rollups; returns (sites, observations) removed.
    public static func removeDemo(from store: any PlatformStore) async throws -> (sites: Int, observations: Int) {
        let demo = try await store.sites(SiteFilter()).filter { $0.origin == .demo }.map(\.code)
        return (demo.count, try await store.removeSites(codes: demo))
    }

    public enum SimulationError: Error, CustomStringConvertible {
        case siteNotDemo(String)

        public var description: String {
            switch self {
            case .siteNotDemo(let code):
                "site \(code) exists and is not a demo site; simulated loggers write only to demo sites (rename or remove it)"
            }
        }
    }

    /// Runs the loggers against `host:port` for `duration` (nil: until cancelled). `connectionsPerSecond`
    /// spreads the first connections so that thousands of loggers do not arrive in one burst.
    /// With `backfillHours`, each logger first sends that many hours of hourly values (then each hour's as it ends).
    public static func run(
        _ loggers: [Logger], host: String, port: Int, interval: Duration, duration: Duration?,
        connectionsPerSecond: Double = 2_000, backfillHours: Int = 0
    ) async throws -> Report {
        let tally = Tally()
        let started = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for logger in loggers {
                group.addTask {
                    // Start at a random phase of the interval, after the ramp-up slot of this logger.
                    let ramp = Duration.seconds(Double(logger.index) / connectionsPerSecond)
                    try? await Task.sleep(for: ramp)
                    await SimulatedLogger(logger: logger, tally: tally).run(
                        host: host, port: port, interval: interval, backfillHours: backfillHours, until: duration.map { started + $0 })
                }
            }
        }
        var report = tally.report
        report.loggers = loggers.count
        return report
    }

    final class Tally: Sendable {
        private let state = Mutex(Report())

        func update(_ change: (inout Report) -> Void) { state.withLock { change(&$0) } }
        var report: Report { state.withLock { $0 } }
    }
}
