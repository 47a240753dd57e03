import QingshanCore

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

/// Stored rollups, and the days whose observations changed since they were last taken.
public protocol RollupStore: Sendable {
    /// Inserts or replaces rollups by (site, parameter, period, period start), in one transaction.
    func writeRollups(_ rollups: [Rollup]) async throws

    /// One site's rollups of one parameter and period in [from, to), oldest first.
    func rollups(siteCode: String, parameterCode: String, period: RollupPeriod, from: Timestamp, to: Timestamp) async throws -> [Rollup]

    /// The parameters a site has observations of.
    func parameterCodes(siteCode: String) async throws -> [String]

    /// The days touched by writes since the last call (kept in memory; `qingshan rollup rebuild` repairs what a
    /// crash forgets).
    func takeTouchedDays() -> [TouchedDay]
}
