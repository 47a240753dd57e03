import QingshanCore
import Synchronization

/// Wrong passwords per client address, kept in memory: past the free ones, the address waits before it may try
/// again, longer each time (`SignInLockout`'s schedule). At most `capacity` addresses are tracked.
final class AddressThrottle: Sendable {
    let schedule: SignInLockout
    let capacity: Int
    private let addresses = Mutex<[String: (failures: Int, until: Int64)]>([:])

    init(schedule: SignInLockout, capacity: Int = 10_000) {
        self.schedule = schedule
        self.capacity = capacity
    }

    /// Seconds the address must still wait, or nil.
    func wait(_ address: String, now: Timestamp) -> Int64? {
        addresses.withLock { table in
            guard let entry = table[address], entry.until > now.millisecondsSinceEpoch else { return nil }
            return (entry.until - now.millisecondsSinceEpoch + 999) / 1_000
        }
    }

    func failed(_ address: String, now: Timestamp) {
        addresses.withLock { table in
            if table[address] == nil, table.count >= capacity {
                table = table.filter { $0.value.until > now.millisecondsSinceEpoch }
                if table.count >= capacity { table.removeAll() }
            }
            let failures = (table[address]?.failures ?? 0) + 1
            let until = schedule.lockedUntil(afterFailures: failures, now: now)?.millisecondsSinceEpoch ?? 0
            table[address] = (failures, until)
        }
    }

    func succeeded(_ address: String) {
        addresses.withLock { table in _ = table.removeValue(forKey: address) }
    }
}
