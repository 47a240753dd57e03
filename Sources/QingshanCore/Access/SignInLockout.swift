/// When an account is locked after wrong passwords: the first `freeFailures` cost nothing; each one after locks
/// the account for `initialSeconds`, doubled per further failure, up to `maximumSeconds`. A right password after
/// the lock has passed resets the count.
public struct SignInLockout: Sendable, Hashable {
    public var freeFailures: Int
    public var initialSeconds: Int64
    public var maximumSeconds: Int64

    public init(freeFailures: Int = 5, initialSeconds: Int64 = 60, maximumSeconds: Int64 = 3_600) {
        self.freeFailures = max(1, freeFailures)
        self.initialSeconds = max(1, initialSeconds)
        self.maximumSeconds = max(self.initialSeconds, maximumSeconds)
    }

    /// The lock after the `failures`-th wrong password in a row, or nil while it is still free.
    public func lockedUntil(afterFailures failures: Int, now: Timestamp) -> Timestamp? {
        guard failures >= freeFailures else { return nil }
        let doublings = min(failures - freeFailures, 30)
        let seconds = min(initialSeconds << Int64(doublings), maximumSeconds)
        return now.adding(milliseconds: seconds * 1_000)
    }
}
