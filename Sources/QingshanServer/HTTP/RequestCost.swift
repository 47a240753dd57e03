import Foundation
import Synchronization

/// What a request reads, charged to its client's rate limit as it goes: a request costs one unit to be
/// admitted and one more for every `rowsPerUnit` rows it reads, so that a client asking for a year of data a
/// request cannot outrun the limit that holds back one asking for an hour. `RateLimitMiddleware` attaches the
/// client's bucket; routes charge what they read (a streamed export charges each chunk as it is sent).
final class RequestCost: Sendable {
    /// A SensorThings request that spends its whole row budget (100,000 rows, 400 units) keeps an anonymous
    /// address (50 a second, bursts of 200) waiting 8 s: at most one such scan per address in 8 s.
    static let rowsPerUnit = 250

    private let sink = Mutex<(limiter: RateLimiter, client: String)?>(nil)
    private let rowsRead = Atomic<Int>(0)

    init() {}

    func attach(_ limiter: RateLimiter, client: String) {
        sink.withLock { $0 = (limiter, client) }
    }

    var rows: Int { rowsRead.load(ordering: .relaxed) }

    func charge(rows: Int) {
        guard rows > 0 else { return }
        rowsRead.add(rows, ordering: .relaxed)
        guard let (limiter, client) = sink.withLock({ $0 }) else { return }
        limiter.debit(client, units: Double(rows) / Double(Self.rowsPerUnit), now: Date.now.timeIntervalSince1970)
    }
}
