import Synchronization

/// Tasks waiting for a condition on some shared state (a logger online, a device command answered), resumed
/// by the change that makes it true, or when their time is up: an await instead of a sleep-and-poll loop.
/// The owner of the state calls `changed` after each change; the state is read only while someone waits.
final class StateWaiters<State>: Sendable {
    private struct Waiter {
        var id: UInt64
        var condition: @Sendable (State) -> Bool
        var continuation: CheckedContinuation<Bool, Never>
    }

    private let waiters = Mutex<(next: UInt64, list: [Waiter])>((0, []))

    init() {}

    /// Resumes the waiters whose condition the new state meets.
    func changed(_ state: () -> State) {
        let ready = waiters.withLock { waiters -> [Waiter] in
            guard !waiters.list.isEmpty else { return [] }
            let current = state()
            let ready = waiters.list.filter { $0.condition(current) }
            waiters.list.removeAll { waiter in ready.contains { $0.id == waiter.id } }
            return ready
        }
        for waiter in ready { waiter.continuation.resume(returning: true) }
    }

    /// Waits until `condition` holds, at most `timeout`; true when it held. `current` reads the state now, so
    /// a change made just before the wait began is not missed.
    func wait(
        until condition: @escaping @Sendable (State) -> Bool, current: @escaping @Sendable () -> State, timeout: Duration
    ) async -> Bool {
        let id = waiters.withLock { waiters -> UInt64 in
            waiters.next += 1
            return waiters.next
        }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    self.waiters.withLock { $0.list.append(Waiter(id: id, condition: condition, continuation: continuation)) }
                    // Registered first, checked second: a change in between resumes it either way, exactly once.
                    if condition(current()) { self.release(id, met: true) }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.release(id, met: false)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    /// Resumes one waiter if it is still waiting (whoever removes it from the list resumes it).
    private func release(_ id: UInt64, met: Bool) {
        let waiter = waiters.withLock { waiters -> Waiter? in
            guard let index = waiters.list.firstIndex(where: { $0.id == id }) else { return nil }
            return waiters.list.remove(at: index)
        }
        waiter?.continuation.resume(returning: met)
    }
}
