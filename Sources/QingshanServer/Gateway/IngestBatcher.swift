import QingshanCore
import QingshanStore
import Synchronization

/// Group commit for the gateway: connections hand in their values and wait; one writer commits everything
/// that arrived while the previous transaction ran, then wakes all of them. A device is answered only after
/// the batch holding its frame is committed.
final class IngestBatcher: Sendable {
    private struct State {
        var pending: [Observation] = []
        var waiters: [CheckedContinuation<Void, any Error>] = []
        var closed = false
    }

    private let store: any ObservationStore
    private let state = Mutex(State())
    private let doorbell: AsyncStream<Void>
    private let ring: AsyncStream<Void>.Continuation

    init(store: any ObservationStore) {
        self.store = store
        (doorbell, ring) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    struct Closed: Error, CustomStringConvertible {
        var description: String { "the gateway is shutting down" }
    }

    /// Returns once the values are committed; throws if the write failed or the gateway is stopping.
    func submit(_ observations: [Observation]) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let accepted = state.withLock { state -> Bool in
                guard !state.closed else { return false }
                state.pending += observations
                state.waiters.append(continuation)
                return true
            }
            if accepted { ring.yield() } else { continuation.resume(throwing: Closed()) }
        }
    }

    /// The writer loop; ends when the task is cancelled, failing whatever still waits.
    func run() async {
        for await _ in doorbell {
            while true {
                let (batch, waiters) = state.withLock { state in
                    defer { state.pending = []; state.waiters = [] }
                    return (state.pending, state.waiters)
                }
                guard !waiters.isEmpty else { break }
                do {
                    _ = try await store.write(batch)
                    for waiter in waiters { waiter.resume() }
                } catch {
                    for waiter in waiters { waiter.resume(throwing: error) }
                }
            }
            if Task.isCancelled { break }
        }
        let left = state.withLock { state in
            state.closed = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in left { waiter.resume(throwing: Closed()) }
    }

    func stop() {
        ring.finish()
    }
}
