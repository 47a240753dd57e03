/// Back-off for clients that keep failing to authenticate (HJ 212 loggers with a wrong access password):
/// each closure of a client's connection for failures refuses the client for a while, twice as long as the
/// last time, up to `maximum`. Forgets a client once its back-off has passed and it stays quiet as long again.
/// At most `capacity` clients are tracked, so a flood of addresses cannot grow it without bound.
public struct FailureBackoff: Sendable {
    public let initialMilliseconds: Int64
    public let maximumMilliseconds: Int64
    public let capacity: Int
    private var clients: [String: (closures: Int, until: Int64)] = [:]

    public init(initialMilliseconds: Int64, maximumMilliseconds: Int64 = 3_600_000, capacity: Int = 10_000) {
        self.initialMilliseconds = initialMilliseconds
        self.maximumMilliseconds = max(initialMilliseconds, maximumMilliseconds)
        self.capacity = capacity
    }

    /// Milliseconds the client must still wait, or nil when it may connect.
    public func remaining(_ client: String, now: Timestamp) -> Int64? {
        guard let entry = clients[client], entry.until > now.millisecondsSinceEpoch else { return nil }
        return entry.until - now.millisecondsSinceEpoch
    }

    /// Records that the client was disconnected for failing; returns the back-off it now serves.
    @discardableResult
    public mutating func failed(_ client: String, now: Timestamp) -> Int64 {
        let time = now.millisecondsSinceEpoch
        var closures = 1
        if let entry = clients[client], entry.until == .max || time - entry.until < backoff(entry.closures) {
            closures = entry.closures + 1
        }
        let wait = backoff(closures)
        if clients[client] == nil, clients.count >= capacity { forgetExpired(now: time) }
        if clients[client] == nil, clients.count >= capacity, let any = clients.keys.first { clients[any] = nil }
        let (until, overflow) = time.addingReportingOverflow(wait)
        clients[client] = (closures, overflow ? .max : until)
        return wait
    }

    /// The back-off after `closures` closures: the initial one, doubled for each closure after the first.
    func backoff(_ closures: Int) -> Int64 {
        let doublings = min(max(closures - 1, 0), 40)
        let (value, overflow) = initialMilliseconds.multipliedReportingOverflow(by: Int64(1) << Int64(doublings))
        return overflow ? maximumMilliseconds : min(value, maximumMilliseconds)
    }

    public var trackedClients: Int { clients.count }

    private mutating func forgetExpired(now: Int64) {
        clients = clients.filter { $0.value.until == .max || $0.value.until - now > -backoff($0.value.closures) }
    }
}
