public import QingshanCore

/// What a batch write did: rows new to the store and rows it already held (identical identity).
public struct WriteOutcome: Sendable, Hashable {
    public var inserted: Int
    public var alreadyPresent: Int

    public init(inserted: Int = 0, alreadyPresent: Int = 0) {
        self.inserted = inserted
        self.alreadyPresent = alreadyPresent
    }

    public static func + (lhs: WriteOutcome, rhs: WriteOutcome) -> WriteOutcome {
        WriteOutcome(inserted: lhs.inserted + rhs.inserted, alreadyPresent: lhs.alreadyPresent + rhs.alreadyPresent)
    }
}

/// The time-series store.
public protocol ObservationStore: Sendable {
    /// Writes a batch in one transaction and returns only once it is committed: a caller may acknowledge
    /// the data as soon as this returns. Writing an identity that is already stored changes nothing.
    func write(_ observations: [Observation]) async throws -> WriteOutcome

    /// One page of a series, oldest first.
    func observations(_ query: ObservationQuery) async throws -> ObservationPage

    /// Every value of one series in [from, to), oldest first, without paging (rollups and evaluations).
    func values(siteCode: String, parameterCode: String, interval: ObservationInterval, from: Timestamp, to: Timestamp)
        async throws -> [SeriesPoint]

    /// The newest value of every parameter and interval at a site.
    func latest(siteCode: String) async throws -> [Observation]

    /// How many observations the store holds (for summaries and tests).
    func observationCount() async throws -> Int

    /// Whether the store holds any observation at all (one index probe, not a count).
    func hasObservations() async throws -> Bool

    /// How many values a query matches (its time range and value conditions; paging ignored).
    func count(_ query: ObservationQuery) async throws -> Int

    /// How many values each series holds in a range, in the order given: one statement per few hundred series,
    /// where `count(_:)` costs a round trip per series.
    func counts(of series: [SeriesKey], in range: ObservationRange) async throws -> [Int]

    /// Every value of each series in a range, oldest first, in the order given (the caller keeps the total
    /// small; `counts(of:in:)` tells it how many there are).
    func observations(of series: [SeriesKey], in range: ObservationRange) async throws -> [[Observation]]

    /// Every (site, parameter, interval) that has observations, sorted.
    func series() async throws -> [SeriesKey]
}
