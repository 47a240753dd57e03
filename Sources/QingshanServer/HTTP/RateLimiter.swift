import Synchronization

/// Token buckets per client: `rate` requests a second on average, bursts of `burst`. A client is its token when
/// it presents one (so a tool behind a shared address keeps its own allowance) and its address otherwise.
final class RateLimiter: Sendable {
    let rate: Double
    let burst: Double
    /// Buckets idle this long are dropped, so the table stays as small as the set of active clients.
    static let idleSeconds = 300.0

    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let buckets = Mutex<(table: [String: Bucket], lastSweep: Double)>(([:], 0))

    init(rate: Double, burst: Double) {
        self.rate = rate
        self.burst = burst
    }

    /// Nil when the request may go ahead; otherwise the whole seconds until it may (for `Retry-After`).
    func admit(_ client: String, now: Double) -> Int? {
        buckets.withLock { state in
            if now - state.lastSweep > Self.idleSeconds {
                state.table = state.table.filter { now - $0.value.updated < Self.idleSeconds }
                state.lastSweep = now
            }
            var bucket = state.table[client] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            defer { state.table[client] = bucket }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up))) }
            bucket.tokens -= 1
            return nil
        }
    }

    /// Takes `units` more from an admitted client's bucket (what its request read). The bucket may go below
    /// zero, down to minus one burst: the client then waits until the rate has paid the debt.
    func debit(_ client: String, units: Double, now: Double) {
        buckets.withLock { state in
            var bucket = state.table[client] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            bucket.tokens = max(-burst, bucket.tokens - units)
            state.table[client] = bucket
        }
    }
}
