public import Logging
public import QingshanCore
public import QingshanStore
public import ServiceLifecycle

/// Keeps the `rollups` table up to date: every pass takes the days whose minute or hour values changed and
/// recomputes their hours (from minutes), days, O3 daily maximum 8-hour means, months and years from what is
/// stored, so late data replace what was computed before.
public struct RollupWorker: Service, Sendable {
    let store: any PlatformStore
    let logger: Logger
    /// Told the number of rollups each pass wrote (after the pass), for whoever waits on the worker's work.
    let onPass: (@Sendable (Int) async -> Void)?

    public init(store: any PlatformStore, logger: Logger, onPass: (@Sendable (Int) async -> Void)? = nil) {
        self.store = store
        self.logger = logger
        self.onPass = onPass
    }

    /// The service `serve` runs: a pass every five seconds until shutdown.
    public func run() async throws {
        await run(every: .seconds(5))
    }

    /// Runs a pass every `interval` until graceful shutdown, then a last one for what arrived meanwhile. Only the
    /// wait is cut short by the shutdown, so the last pass runs in a task that is not cancelled and its reads
    /// are not refused.
    public func run(every interval: Duration) async {
        while true {
            let waited = (try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }) != nil
            await passLogging()
            if !waited || Task.isCancelled { return }
        }
    }

    private func passLogging() async {
        do {
            let written = try await pass()
            if written > 0 { logger.debug("rollups recomputed", metadata: ["rollups": "\(written)"]) }
            await onPass?(written)
        } catch is CancellationError {
            // Stopped before it finished (a start-up that failed): the days stay pending for the next start.
        } catch {
            logger.error("rollups not recomputed; run `qingshan rollup rebuild` for the days concerned", metadata: ["error": "\(error)"])
        }
    }

    /// Told (series done, series in all) as a pass goes: a command's progress bar.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    /// One pass over the pending days; returns the number of rollups written.
    @discardableResult
    public func pass(progress: Progress? = nil) async throws -> Int {
        let pending = try await store.pendingRollupDays()
        guard !pending.isEmpty else { return 0 }
        let written = try await recompute(pending.map(\.day), progress: progress)
        try await store.clearPendingRollupDays(pending)
        return written
    }

    /// Recomputes every rollup that depends on the given days.
    public func recompute(_ touched: [TouchedDay], progress: Progress? = nil) async throws -> Int {
        let series = Dictionary(grouping: touched) { ParameterSeries(siteCode: $0.siteCode, parameterCode: $0.parameterCode) }
        var kinds: [String: SiteKind] = [:]
        var written = 0
        for (done, (key, days)) in series.sorted(by: { ($0.key.siteCode, $0.key.parameterCode) < ($1.key.siteCode, $1.key.parameterCode) })
            .enumerated()
        {
            if kinds[key.siteCode] == nil { kinds[key.siteCode] = try await store.site(code: key.siteCode)?.kind ?? .air }
            written += try await recompute(key, days: Set(days.map(\.dayStart)).sorted(), kind: kinds[key.siteCode]!)
            progress?(done + 1, series.count)
        }
        return written
    }

    /// Recomputes the rollups of `siteCodes` (every site when empty) for the days first … last (Beijing time).
    public func rebuild(siteCodes: [String], first: CivilDateTime, last: CivilDateTime, progress: Progress? = nil) async throws -> Int {
        let codes = siteCodes.isEmpty ? try await store.sites(SiteFilter()).map(\.code) : siteCodes
        let start = first.timestamp
        let dayCount = Int((last.timestamp.millisecondsSinceEpoch - start.millisecondsSinceEpoch) / Timestamp.millisecondsPerDay) + 1
        var touched: [TouchedDay] = []
        for code in codes {
            for parameter in try await store.parameterCodes(siteCode: code) {
                for index in 0..<max(dayCount, 0) {
                    touched.append(
                        TouchedDay(
                            siteCode: code, parameterCode: parameter,
                            dayStart: start.adding(milliseconds: Int64(index) * Timestamp.millisecondsPerDay)))
                }
            }
        }
        return try await recompute(touched, progress: progress)
    }

    struct ParameterSeries: Hashable {
        var siteCode: String
        var parameterCode: String
    }

    private func recompute(_ key: ParameterSeries, days: [Timestamp], kind: SiteKind) async throws -> Int {
        guard let first = days.first, let last = days.last else { return 0 }
        let hour = Timestamp.millisecondsPerHour
        let end = last.adding(milliseconds: Timestamp.millisecondsPerDay)
        let minutes = try await store.values(siteCode: key.siteCode, parameterCode: key.parameterCode, interval: .minute, from: first, to: end)
            .filter { RollupRules.isValid(flag: $0.flag) }
        let hours = try await store.values(siteCode: key.siteCode, parameterCode: key.parameterCode, interval: .hour, from: first, to: end)
            .filter { RollupRules.isValid(flag: $0.flag) }
        guard !minutes.isEmpty || !hours.isEmpty else { return 0 }
        var rollups: [Rollup] = []
        // Hours from minutes; an hour the logger reported itself takes precedence in the day.
        var hourly: [Int64: Double] = [:]
        let byHour = Dictionary(grouping: minutes) {
            $0.periodStart.millisecondsSinceEpoch - (($0.periodStart.millisecondsSinceEpoch % hour) + hour) % hour
        }
        for (start, values) in byHour {
            let result = RollupCalculator.hour(minutes: values.map { ($0.periodStart.millisecondsSinceEpoch, $0.value) }, kind: kind)
            rollups.append(
                Rollup(
                    siteCode: key.siteCode, parameterCode: key.parameterCode, period: .hour, periodStart: Timestamp(millisecondsSinceEpoch: start),
                    value: result.value, validCount: result.validMinutes, expectedCount: result.expected))
            if let value = result.value { hourly[start] = value }
        }
        for point in hours { hourly[point.periodStart.millisecondsSinceEpoch] = point.value }
        let isOzone = kind == .air && key.parameterCode == AQIPollutant.o3.parameterCode
        for day in days {
            let civil = CivilDateTime(day)
            let slots = (0..<24).map { hourly[day.millisecondsSinceEpoch + Int64($0) * hour] }
            let mean = RollupCalculator.mean(slots, period: .day, kind: kind, start: civil, parameterCode: key.parameterCode)
            rollups.append(
                Rollup(
                    siteCode: key.siteCode, parameterCode: key.parameterCode, period: .day, periodStart: day, value: mean.value,
                    validCount: mean.valid, expectedCount: 24))
            if isOzone {
                let maximum = RollupCalculator.ozoneDailyMaximumEightHours(slots, day: civil)
                rollups.append(
                    Rollup(
                        siteCode: key.siteCode, parameterCode: key.parameterCode, period: .dayMaximumEightHours, periodStart: day,
                        value: maximum.value, validCount: maximum.validWindows, expectedCount: 17))
            }
        }
        try await store.writeRollups(rollups)
        // Months and years from the stored days (one read per series), which now include this pass's.
        let civilDays = days.map { CivilDateTime($0) }
        let years = Set(civilDays.map(\.year))
        let yearsStart = CivilDateTime(year: years.min()!, month: 1, day: 1).timestamp
        let stored = try await store.rollups(
            siteCode: key.siteCode, parameterCode: key.parameterCode, period: .day, from: yearsStart,
            to: CivilDateTime(year: years.max()! + 1, month: 1, day: 1).timestamp)
        var daily: [Int64: Double] = [:]
        for rollup in stored { daily[rollup.periodStart.millisecondsSinceEpoch] = rollup.value }
        func mean(_ period: RollupPeriod, start: CivilDateTime, length: Int) -> Rollup {
            let from = start.timestamp.millisecondsSinceEpoch
            let slots = (0..<length).map { daily[from + Int64($0) * Timestamp.millisecondsPerDay] }
            let result = RollupCalculator.mean(slots, period: period, kind: kind, start: start, parameterCode: key.parameterCode)
            return Rollup(
                siteCode: key.siteCode, parameterCode: key.parameterCode, period: period, periodStart: start.timestamp,
                value: result.value, validCount: result.valid, expectedCount: length)
        }
        var longer: [Rollup] = []
        for month in Set(civilDays.map { CivilDateTime(year: $0.year, month: $0.month, day: 1) }) {
            longer.append(mean(.month, start: month, length: CivilDateTime.daysInMonth(year: month.year, month: month.month)))
        }
        for year in years {
            longer.append(mean(.year, start: CivilDateTime(year: year, month: 1, day: 1), length: CivilDateTime.isLeapYear(year) ? 366 : 365))
        }
        try await store.writeRollups(longer)
        return rollups.count + longer.count
    }
}
