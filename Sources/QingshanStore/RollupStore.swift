public import QingshanCore

/// A site's parameter on one Beijing day whose minute or hour values changed: its rollups need recomputing.
public struct TouchedDay: Sendable, Hashable {
    public var siteCode: String
    public var parameterCode: String
    /// 00:00 Beijing time.
    public var dayStart: Timestamp

    public init(siteCode: String, parameterCode: String, dayStart: Timestamp) {
        self.siteCode = siteCode
        self.parameterCode = parameterCode
        self.dayStart = dayStart
    }
}

/// A touched day as the pending queue holds it: `generation` tells whether it was touched again since it was read.
public struct PendingRollupDay: Sendable, Hashable {
    public var day: TouchedDay
    public var generation: Int64

    public init(day: TouchedDay, generation: Int64) {
        self.day = day
        self.generation = generation
    }
}

/// Stored rollups, and the days whose observations changed since their rollups were last computed.
public protocol RollupStore: Sendable {
    /// Inserts or replaces rollups by (site, parameter, period, period start), in one transaction.
    func writeRollups(_ rollups: [Rollup]) async throws

    /// One site's rollups of one parameter and period in [from, to), oldest first.
    func rollups(siteCode: String, parameterCode: String, period: RollupPeriod, from: Timestamp, to: Timestamp) async throws -> [Rollup]

    /// The parameters a site has observations of.
    func parameterCodes(siteCode: String) async throws -> [String]

    /// The days touched by committed writes and not yet cleared. They are stored with the observations, in the
    /// same transaction, so they survive a crash.
    func pendingRollupDays() async throws -> [PendingRollupDay]

    /// Clears days once their rollups are written; a day touched again since it was read (a newer generation)
    /// stays pending.
    func clearPendingRollupDays(_ days: [PendingRollupDay]) async throws
}

extension RollupStore {
    /// Forgets every pending day (tests that do not read rollups, so the worker has nothing to do).
    public func discardPendingRollupDays() async throws {
        try await clearPendingRollupDays(pendingRollupDays())
    }
}
