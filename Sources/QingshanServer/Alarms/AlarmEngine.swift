public import Logging
public import QingshanCore
public import QingshanStore
public import ServiceLifecycle

/// Judges what the store commits: every pass takes the site-hours whose hourly values changed (marked in the
/// same transaction as the values, so API writes, imports and gateway frames are judged alike and a crash
/// skips nothing), runs `AlarmScreening` on each with the site's permit and rules, and records the findings;
/// it also finds loggers gone silent. Runs in the platform's ServiceGroup.
public struct AlarmEngine: Service, Sendable {
    /// A logger the gateway has seen: its MN, site and last frame.
    public struct LoggerSeen: Sendable, Hashable {
        public var mn: String
        public var siteCode: String
        public var lastSeen: Timestamp

        public init(mn: String, siteCode: String, lastSeen: Timestamp) {
            self.mn = mn
            self.siteCode = siteCode
            self.lastSeen = lastSeen
        }
    }

    let store: any PlatformStore
    let catalogue: ParameterCatalogue
    let rules: AlarmRules
    let logger: Logger
    /// The loggers seen since the gateway started (empty without a gateway).
    let loggers: @Sendable () async throws -> [LoggerSeen]
    let now: @Sendable () -> Timestamp
    /// Woken when a pass wrote notifications (the webhook senders wait on it).
    let signal: OutboxSignal?
    /// How often `run()` passes.
    let interval: Duration
    /// Told the alarms each pass raised or cleared.
    let onPass: (@Sendable ([AlarmRecord]) async -> Void)?

    /// Site-hours judged per pass at most: a large import is worked off over several passes.
    static let hoursPerPass = 2_000

    public init(
        store: any PlatformStore, catalogue: ParameterCatalogue, rules: AlarmRules = AlarmRules(), logger: Logger,
        loggers: @escaping @Sendable () async throws -> [LoggerSeen] = { [] }, now: @escaping @Sendable () -> Timestamp = { .now },
        signal: OutboxSignal? = nil, interval: Duration = .seconds(2), onPass: (@Sendable ([AlarmRecord]) async -> Void)? = nil
    ) {
        self.signal = signal
        self.interval = interval
        self.store = store
        self.catalogue = catalogue
        self.rules = rules
        self.logger = logger
        self.loggers = loggers
        self.now = now
        self.onPass = onPass
    }

    public func run() async throws {
        await run(every: interval)
    }

    /// A pass every `interval` until graceful shutdown, then a last one for what committed meanwhile.
    public func run(every interval: Duration) async {
        while true {
            let waited = (try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }) != nil
            do {
                // A large import leaves more than a pass takes: work it off now, a bounded number of passes.
                for _ in 0..<50 {
                    // Not `onPass?(try await pass())`: without an `onPass` that would skip the pass itself.
                    let changed = try await pass()
                    await onPass?(changed)
                    if try await store.pendingAlarmHours(limit: 1).isEmpty { break }
                }
            } catch is CancellationError {
                return
            } catch {
                logger.error("alarm pass failed; its hours stay pending and are judged again", metadata: ["error": "\(error)"])
            }
            if !waited || Task.isCancelled { return }
        }
    }

    /// One pass: the pending site-hours (at most `hoursPerPass`), then the loggers. Returns the alarms raised or
    /// cleared.
    @discardableResult
    public func pass() async throws -> [AlarmRecord] {
        let pending = try await store.pendingAlarmHours(limit: Self.hoursPerPass)
        var changed: [AlarmRecord] = []
        for (code, hours) in Dictionary(grouping: pending, by: \.siteCode).sorted(by: { $0.key < $1.key }) {
            changed += try await judge(siteCode: code, hours: hours.map(\.hourStart))
        }
        try await store.clearPendingAlarmHours(pending)
        changed += try await judgeLoggers()
        if !changed.isEmpty { signal?.notify() }
        return changed
    }

    /// Judges some hours of one site, oldest first, and records what they gave in one transaction.
    func judge(siteCode: String, hours: [Timestamp]) async throws -> [AlarmRecord] {
        guard let site = try await store.site(code: siteCode), let first = hours.min(), let last = hours.max() else { return [] }
        let base = rules.adjusted(for: site.kind)
        let (siteRules, problems) = base.applying(attributes: site.attributes)
        if !problems.isEmpty {
            logger.warning("site alarm settings ignored", metadata: ["site": "\(siteCode)", "problems": "\(problems.joined(separator: "; "))"])
        }
        let permit = try await store.permit(siteCode: siteCode)?.permit
        // The Beijing day before the first hour's (runs, variation, the day's 有效传输率) to the end of the last
        // hour's day (daily means).
        let from = CivilDateTime.dayStart(of: first).adding(milliseconds: -Timestamp.millisecondsPerDay)
        let to = CivilDateTime.dayStart(of: last).adding(milliseconds: Timestamp.millisecondsPerDay)
        let values = AlarmScreening.HourlyValues(try await store.hourValues(siteCode: siteCode, from: from, to: to))
        let resent = try await store.resentValues(siteCode: siteCode, from: first, to: last.adding(milliseconds: Timestamp.millisecondsPerHour))
        let firstHours = try await firstHours(siteCode: siteCode, values: values)
        var judgements: [AlarmJudgement] = []
        for hour in hours.sorted() {
            var input = AlarmScreening.Input(
                site: site, hour: hour, values: values, permit: permit, catalogue: catalogue, rules: problems.isEmpty ? siteRules : base)
            input.resent = resent
            input.firstHours = firstHours
            let outcome = AlarmScreening.screen(input)
            judgements += outcome.normal.sorted { ($0.type.rawValue, $0.check, $0.parameterCode) < ($1.type.rawValue, $1.check, $1.parameterCode) }
                .map { .normal($0, hour: hour) }
            judgements += outcome.findings.map { .found($0, hour: hour) }
        }
        judgements += try await judgeLoads(site: site, permit: permit, at: last, rules: problems.isEmpty ? siteRules : base)
        return try await store.record(judgements, at: now(), notification: AlarmNotification.body)
    }

    /// The first stored hour of each parameter among the values loaded (one index seek each).
    func firstHours(siteCode: String, values: AlarmScreening.HourlyValues) async throws -> [String: Timestamp] {
        var first: [String: Timestamp] = [:]
        for parameter in values.parameters {
            let page = try await store.observations(ObservationQuery(siteCode: siteCode, parameterCode: parameter, interval: .hour, limit: 1))
            first[parameter] = page.items.first?.periodStart
        }
        return first
    }

    /// Each permitted annual quantity against the rolling 12 months of reported emissions up to `hour`.
    func judgeLoads(site: Site, permit: Permit?, at hour: Timestamp, rules: AlarmRules) async throws -> [AlarmJudgement] {
        guard let permit, permit.isValid(at: hour), rules.runs(AlarmType.load.rawValue) else { return [] }
        var judgements: [AlarmJudgement] = []
        let end = hour.adding(milliseconds: Timestamp.millisecondsPerHour)
        for (parameter, tonnes) in permit.annualTonnes.sorted(by: { $0.key < $1.key }) {
            let year = try await store.emissionKilograms(
                siteCode: site.code, parameterCode: parameter, from: hour.adding(milliseconds: -365 * Timestamp.millisecondsPerDay), to: end)
            let recent = try await store.emissionKilograms(
                siteCode: site.code, parameterCode: parameter, from: hour.adding(milliseconds: -30 * Timestamp.millisecondsPerDay), to: end)
            let result = PermittedLoad.judge(
                siteCode: site.code, parameter: parameter, name: catalogue.parameter(for: parameter)?.nameZh ?? parameter, permittedTonnes: tonnes,
                emissions: PermittedLoad.Emissions(rollingKilograms: year.kilograms, rollingHours: year.hours, recentKilograms: recent.kilograms),
                at: hour)
            judgements += result.normal.map { .normal($0, hour: hour) } + result.findings.map { .found($0, hour: hour) }
        }
        return judgements
    }

    /// A logger seen by the gateway and silent for longer than `silentMinutes`; seen again, its alarm clears.
    func judgeLoggers() async throws -> [AlarmRecord] {
        let now = now()
        let silence = Int64(rules.silentMinutes) * Timestamp.millisecondsPerMinute
        var judgements: [AlarmJudgement] = []
        guard rules.runs(AlarmType.loggerSilent.rawValue) else { return [] }
        // A logger heard in time is news only when it has an open alarm to clear: thousands of loggers cost one
        // read a pass, not one each.
        let open = Set(
            try await store.alarms(AlarmFilter(status: .active, types: [.loggerSilent], limit: Int.max)).map(\.originator))
        for seen in try await loggers().sorted(by: { $0.mn < $1.mn }) {
            let originator = AlarmOriginator(siteCode: seen.siteCode, type: .loggerSilent, check: "silent", parameterCode: seen.mn)
            let silent = now.millisecondsSinceEpoch - seen.lastSeen.millisecondsSinceEpoch
            guard silent > silence else {
                if open.contains(originator) { judgements.append(.normal(originator, hour: now)) }
                continue
            }
            let minutes = silent / Timestamp.millisecondsPerMinute
            judgements.append(
                .found(
                    AlarmFinding(
                        siteCode: seen.siteCode, type: .loggerSilent, check: "silent", parameterCode: seen.mn,
                        severity: minutes >= 24 * 60 ? .major : .minor,
                        summary: "数采仪 \(seen.mn) 已 \(minutes) 分钟无数据（最后上报 \(RFC3339.format(seen.lastSeen))）",
                        evidence: AlarmEvidence(
                            from: seen.lastSeen, to: now, rule: "超过 \(rules.silentMinutes) 分钟未收到任何报文", observed: Double(minutes),
                            limit: Double(rules.silentMinutes), unit: "分钟")), hour: now))
        }
        return try await store.record(judgements, at: now, notification: AlarmNotification.body)
    }
}
