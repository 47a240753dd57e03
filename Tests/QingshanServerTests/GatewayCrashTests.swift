import Foundation
import HJ212
import Logging
import QingshanCore
import QingshanStore
import QingshanTestSupport
import Synchronization
import Testing

@testable import QingshanServer

/// `kill -9` of `qingshan serve` while loggers upload: every frame that got a 9014 is in the store, the rollups
/// come right after a restart without `rollup rebuild`, and after a full resend each value is stored exactly once.
@Suite(.serialized) struct GatewayCrashTests {
    static let loggers = 4
    static let framesPerLogger = 400

    /// The i-th upload of logger `n`: 2017 minute data, answer wanted.
    static func upload(logger n: Int, index i: Int) -> String {
        let time = CivilDateTime(year: 2024, month: 3, day: 1).timestamp.adding(milliseconds: Int64(i) * Timestamp.millisecondsPerMinute)
        return
            "QN=\(HJ212Request.qn(at: time));ST=22;CN=2051;PW=pw\(n);MN=MN-K\(n);Flag=5;CP=&&DataTime=\(HJ212Request.dataTime(time));a34004-Avg=\(i),a34004-Flag=N&&"
    }

    /// Sends every upload of logger `n` from `start`, one at a time, each after the previous was answered;
    /// returns the indexes answered before the connection broke.
    static func send(logger n: Int, port: Int, acknowledged: @Sendable (Int) -> Void) async -> Int {
        var answered = 0
        guard let connection = try? await LoggerConnection(port: port) else { return 0 }
        for i in 0..<framesPerLogger {
            do {
                try await connection.send(upload(logger: n, index: i))
                guard let answer = try await connection.nextPacket(timeout: .seconds(5)), answer.headerValue("CN") == "9014" else { break }
            } catch {
                break
            }
            acknowledged(i)
            answered += 1
        }
        await connection.close()
        return answered
    }

    static func storedIndexes(_ database: DatabaseLocation, logger n: Int) async throws -> [Int] {
        try await SQLStore.withStore(database) { store in
            let page = try await store.observations(ObservationQuery(siteCode: "K\(n)", parameterCode: "a34004", interval: .minute, limit: 10_000))
            return page.items.map { Int($0.value) }
        }
    }

    @Test(arguments: TestEngine.selected)
    func acknowledgedFramesSurviveKillNine(engine: TestEngine) async throws {
        let directory = Fixture.temporaryDirectory()
        var config = AppConfig(dataDirectory: directory + "/qingshan-data")
        // The served processes open the same database (for PostgreSQL through the environment, as deployed).
        var environment: [String: String] = [:]
        if engine == .postgres {
            let url = try TestDatabase.createPostgresDatabase()
            config.database = try DatabaseLocation(parsing: url)
            environment["QINGSHAN_DATABASE"] = url
        }
        try await Self.registerLoggers(config)
        let acknowledged = AcknowledgedSet()
        let first = try await Self.uploadUntilAQuarter(directory: directory, environment: environment, acknowledged: acknowledged, then: SIGKILL)
        _ = try await first.exitStatus(timeout: .seconds(10))
        let answeredBeforeKill = acknowledged.count
        #expect(answeredBeforeKill >= Self.loggers * Self.framesPerLogger / 4)
        #expect(answeredBeforeKill < Self.loggers * Self.framesPerLogger)
        for n in 0..<Self.loggers {
            let stored = Set(try await Self.storedIndexes(config.database, logger: n))
            #expect(acknowledged.indexes(n).isSubset(of: stored), "logger \(n): an acknowledged frame is missing after kill -9")
        }
        // Restarted and stopped with no new data: the days the killed server stored are rolled up all the same.
        let restarted = try RunningProcess(
            ["serve", "--http", "127.0.0.1:0", "--hj212", "127.0.0.1:0"], environment: environment, directory: directory)
        _ = try await restarted.waitFor(#"HJ 212 listening on 127\.0\.0\.1:(\d+)"#)
        restarted.signal(SIGTERM)
        #expect(try await restarted.exitStatus(timeout: .seconds(15)) == 0)
        try await Self.expectRollupsMatchARebuild(config.database)
        // Restart and send everything again: all answered, every value once.
        let second = try RunningProcess(["serve", "--http", "127.0.0.1:0", "--hj212", "127.0.0.1:0"], environment: environment, directory: directory)
        let secondPort = Int(try await second.waitFor(#"HJ 212 listening on 127\.0\.0\.1:(\d+)"#))!
        let answered = try await withThrowingTaskGroup(of: Int.self) { group in
            for n in 0..<Self.loggers { group.addTask { await Self.send(logger: n, port: secondPort) { _ in } } }
            return try await group.reduce(0, +)
        }
        #expect(answered == Self.loggers * Self.framesPerLogger)
        second.signal(SIGTERM)
        #expect(try await second.exitStatus(timeout: .seconds(15)) == 0)
        for n in 0..<Self.loggers {
            let stored = try await Self.storedIndexes(config.database, logger: n)
            #expect(stored.sorted() == Array(0..<Self.framesPerLogger))
        }
    }

    /// SIGTERM while loggers upload: the server stops accepting, answers the frames in flight after their
    /// commit, and exits 0; every acknowledged frame is stored.
    @Test func sigtermWithFramesInFlightLosesNothing() async throws {
        let directory = Fixture.temporaryDirectory()
        let config = AppConfig(dataDirectory: directory + "/qingshan-data")
        try await Self.registerLoggers(config)
        let acknowledged = AcknowledgedSet()
        let serve = try await Self.uploadUntilAQuarter(directory: directory, environment: [:], acknowledged: acknowledged, then: SIGTERM)
        #expect(try await serve.exitStatus(timeout: .seconds(30)) == 0)
        #expect(acknowledged.count < Self.loggers * Self.framesPerLogger)
        for n in 0..<Self.loggers {
            let stored = Set(try await Self.storedIndexes(config.database, logger: n))
            #expect(acknowledged.indexes(n).isSubset(of: stored), "logger \(n): an acknowledged frame is missing after SIGTERM")
        }
    }

    /// The hour and day rollups of every logger's site are there, and a rebuild from the stored minutes changes none.
    static func expectRollupsMatchARebuild(_ database: DatabaseLocation) async throws {
        let day = CivilDateTime(year: 2024, month: 3, day: 1)
        let from = day.timestamp
        let to = from.adding(milliseconds: Timestamp.millisecondsPerDay)
        try await SQLStore.withStore(database) { store in
            func rollups() async throws -> [Rollup] {
                var all: [Rollup] = []
                for n in 0..<loggers {
                    for period in [RollupPeriod.hour, .day] {
                        all += try await store.rollups(siteCode: "K\(n)", parameterCode: "a34004", period: period, from: from, to: to)
                    }
                }
                return all
            }
            let kept = try await rollups()
            var storedHours = 0
            for n in 0..<loggers { storedHours += Set(try await storedIndexes(database: store, logger: n).map { $0 / 60 }).count }
            #expect(kept.filter { $0.period == .hour }.count == storedHours, "an hour with stored minutes has no rollup")
            #expect(kept.filter { $0.period == .day }.count == loggers)
            _ = try await RollupWorker(store: store, logger: Logger(label: "test")).rebuild(
                siteCodes: (0..<loggers).map { "K\($0)" }, first: day, last: day)
            let rebuilt = try await rollups()
            #expect(kept.map(\.value) == rebuilt.map(\.value))
            #expect(kept.map(\.validCount) == rebuilt.map(\.validCount))
        }
    }

    static func storedIndexes(database store: SQLStore, logger n: Int) async throws -> [Int] {
        let page = try await store.observations(ObservationQuery(siteCode: "K\(n)", parameterCode: "a34004", interval: .minute, limit: 10_000))
        return page.items.map { Int($0.value) }
    }

    /// The loggers' sites and devices in a prepared store.
    static func registerLoggers(_ config: AppConfig) async throws {
        try await SQLStore.withStore(config.database) { store in
            try await StoreBootstrap.prepare(store, config: config, logger: Logger(label: "test"))
            _ = try await store.addMissingSites((0..<loggers).map { Site(code: "K\($0)", nameZh: "K\($0)", kind: .air, origin: .manual) })
            try await store.addDevices((0..<loggers).map { Device(mn: "MN-K\($0)", siteCode: "K\($0)", password: "pw\($0)") })
        }
    }

    /// Starts `serve`, lets every logger upload, and sends `signal` once a quarter of the frames are
    /// acknowledged (awaited, with a deadline), while frames are in flight; returns the process.
    static func uploadUntilAQuarter(
        directory: String, environment: [String: String], acknowledged: AcknowledgedSet, then signal: Int32
    ) async throws -> RunningProcess {
        let serve = try RunningProcess(["serve", "--http", "127.0.0.1:0", "--hj212", "127.0.0.1:0"], environment: environment, directory: directory)
        let port = Int(try await serve.waitFor(#"HJ 212 listening on 127\.0\.0\.1:(\d+)"#))!
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<loggers {
                group.addTask { _ = await send(logger: n, port: port) { acknowledged.insert(n, $0) } }
            }
            let reached = await acknowledged.wait(forAtLeast: loggers * framesPerLogger / 4, timeout: .seconds(120))
            serve.signal(signal)
            #expect(reached, "a quarter of the frames was not acknowledged within two minutes")
            try await group.waitForAll()
        }
        return serve
    }
}

/// Indexes acknowledged per logger, shared by the sending tasks.
final class AcknowledgedSet: Sendable {
    private let state = Mutex<[Int: Set<Int>]>([:])
    private let waiters = StateWaiters<Int>()

    func insert(_ logger: Int, _ index: Int) {
        state.withLock { _ = $0[logger, default: []].insert(index) }
        waiters.changed { count }
    }

    /// Waits until at least `count` frames are acknowledged, at most `timeout`; true when they were.
    func wait(forAtLeast count: Int, timeout: Duration) async -> Bool {
        await waiters.wait(until: { $0 >= count }, current: { self.count }, timeout: timeout)
    }

    func indexes(_ logger: Int) -> Set<Int> { state.withLock { $0[logger] ?? [] } }
    var count: Int { state.withLock { $0.values.map(\.count).reduce(0, +) } }
}
