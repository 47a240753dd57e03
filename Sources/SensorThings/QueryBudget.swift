import Synchronization

/// What one request may cost: rows read from the store or entities rendered, and wall-clock time. A request
/// that goes over stops at its next charge with a `QueryError` naming the limit, so that no anonymous query
/// can hold the server's memory or a core for long.
public final class QueryBudget: Sendable {
    public let maximumRows: Int
    public let deadline: ContinuousClock.Instant
    private let spent = Atomic<Int>(0)
    private let scanned = Atomic<Int>(0)

    public init(maximumRows: Int, timeLimit: Duration, clock: ContinuousClock = ContinuousClock()) {
        self.maximumRows = maximumRows
        self.deadline = clock.now.advanced(by: timeLimit)
    }

    /// Rows read or rendered so far.
    public var rows: Int { spent.load(ordering: .relaxed) }

    /// Rows the database went through to answer (a sort by value, a value condition over whole series), beyond
    /// those it returned: not limited here (the database does that work quickly), but charged to the client's
    /// rate like rows read.
    public var examined: Int { scanned.load(ordering: .relaxed) }

    public func noteExamined(_ rows: Int) {
        scanned.add(rows, ordering: .relaxed)
    }

    /// Counts `rows` more; throws once the request has read more than it may, or has run out of time.
    public func charge(_ rows: Int) throws(QueryError) {
        let total = spent.add(rows, ordering: .relaxed).newValue
        guard total <= maximumRows else {
            throw QueryError(
                "the request reads more than \(maximumRows) rows; narrow it with a phenomenonTime or Datastream filter, or page with a smaller $top",
                code: "query_too_costly")
        }
        guard ContinuousClock.now < deadline else {
            throw QueryError(
                "the request ran out of its time allowance after \(total) rows; narrow it with a phenomenonTime or Datastream filter",
                code: "query_timeout")
        }
    }
}
