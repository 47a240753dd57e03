import QingshanCore
import Testing

/// The back-off for wrong device passwords and the window for future timestamps.
@Suite struct AbuseLimitTests {
    static let start = Timestamp(millisecondsSinceEpoch: 1_800_000_000_000)

    @Test func backoffDoublesAndIsBounded() {
        var backoff = FailureBackoff(initialMilliseconds: 10_000, maximumMilliseconds: 35_000)
        #expect(backoff.remaining("10.0.0.1", now: Self.start) == nil)
        var now = Self.start
        var waits: [Int64] = []
        for _ in 0..<4 {
            let wait = backoff.failed("10.0.0.1", now: now)
            waits.append(wait)
            #expect(backoff.remaining("10.0.0.1", now: now) == wait)
            #expect(backoff.remaining("10.0.0.1", now: now.adding(milliseconds: wait - 1)) == 1)
            #expect(backoff.remaining("10.0.0.1", now: now.adding(milliseconds: wait)) == nil)
            // It fails again as soon as it may connect.
            now = now.adding(milliseconds: wait)
        }
        #expect(waits == [10_000, 20_000, 35_000, 35_000])
        // Another address is not held back.
        #expect(backoff.remaining("10.0.0.2", now: now) == nil)
        // Quiet for as long as its back-off: the count starts again.
        let quiet = now.adding(milliseconds: 35_000 + 35_000)
        #expect(backoff.failed("10.0.0.1", now: quiet) == 10_000)
    }

    @Test func backoffTracksABoundedNumberOfClients() {
        var backoff = FailureBackoff(initialMilliseconds: 1_000, capacity: 100)
        for index in 0..<1_000 { backoff.failed("client-\(index)", now: Self.start) }
        #expect(backoff.trackedClients <= 100)
        #expect(backoff.remaining("client-999", now: Self.start) == 1_000)
    }

    @Test func hugeBackoffDoesNotOverflow() {
        var backoff = FailureBackoff(initialMilliseconds: Int64.max / 2, maximumMilliseconds: Int64.max)
        var now = Self.start
        for _ in 0..<3 {
            _ = backoff.failed("x", now: now)
            now = now.adding(milliseconds: 1)
        }
        #expect(backoff.remaining("x", now: now) ?? 0 > 0)
    }

    /// 600 s is accepted, 600 s and one millisecond is not; the past is always accepted.
    @Test func futureWindowBoundary() {
        let limit = FutureTimeLimit(seconds: 600)
        #expect(limit.refusal(Self.start.adding(milliseconds: 600_000), now: Self.start) == nil)
        #expect(limit.refusal(Self.start.adding(milliseconds: 600_001), now: Self.start) != nil)
        #expect(limit.refusal(Timestamp(millisecondsSinceEpoch: 0), now: Self.start) == nil)
        let year9999 = CivilDateTime(year: 9999, month: 12, day: 31, hour: 23, offsetMinutes: 480).timestamp
        #expect(limit.refusal(year9999, now: Self.start)?.contains("9999-12-31T23:00:00+08:00") == true)
    }
}
