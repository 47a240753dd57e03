/// How far past the present a period may start and still be stored. Data from a clock that runs ahead would
/// otherwise be shown as the latest value for years (the first write of a period wins); such data are
/// refused, never stored, so that the sender keeps them and sends them again once its clock is right.
public struct FutureTimeLimit: Sendable, Hashable {
    public var maximumMilliseconds: Int64

    public init(seconds: Int) {
        maximumMilliseconds = Int64(seconds) * 1000
    }

    /// The latest period start accepted at `now`.
    public func latestAllowed(now: Timestamp) -> Timestamp {
        now.adding(milliseconds: maximumMilliseconds)
    }

    /// Why `start` is refused at `now`, or nil when it is accepted.
    public func refusal(_ start: Timestamp, now: Timestamp) -> String? {
        guard start > latestAllowed(now: now) else { return nil }
        return
            "\(RFC3339.format(start)) is more than \(maximumMilliseconds / 1000) s after the server's time \(RFC3339.format(now)); check the sender's clock"
    }
}
