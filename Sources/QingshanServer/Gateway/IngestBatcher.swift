import NIOCore
import QingshanCore
import QingshanStore
import Synchronization

/// Group commit for the gateway: connections hand in their values and wait; one writer commits everything
/// that arrived while the previous transaction ran, then wakes all of them. A device is answered only after
/// the batch holding its frame is committed.
///
/// Waiters are event-loop promises: after a commit, each event loop is woken once for all of its
/// connections, not once per frame.
final class IngestBatcher: Sendable {
    private struct State {
        var pending: [Observation] = []
        var waiters: [EventLoopPromise<Void>] = []
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

    /// Completes once the values are committed; fails if the write failed or the gateway is stopping.
    func submit(_ observations: [Observation], on loop: any EventLoop) -> EventLoopFuture<Void> {
        let promise = loop.makePromise(of: Void.self)
        let accepted = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.pending += observations
            state.waiters.append(promise)
            return true
        }
        if accepted { ring.yield() } else { promise.fail(Closed()) }
        return promise.futureResult
    }

    /// Completes the promises, one wake-up per event loop.
    private static func complete(_ waiters: [EventLoopPromise<Void>], with result: Result<Void, any Error>) {
        var byLoop: [ObjectIdentifier: [EventLoopPromise<Void>]] = [:]
        for waiter in waiters { byLoop[ObjectIdentifier(waiter.futureResult.eventLoop), default: []].append(waiter) }
        for promises in byLoop.values {
            promises[0].futureResult.eventLoop.execute {
                for promise in promises { promise.completeWith(result) }
            }
        }
    }

    /// The writer loop; ends when the task is cancelled, failing whatever still waits.
    func run() async {
        for await _ in doorbell {
            while true {
                let (batch, waiters) = state.withLock { state in
                    defer {
                        state.pending = []
                        state.waiters = []
                    }
                    return (state.pending, state.waiters)
                }
                guard !waiters.isEmpty else { break }
                do {
                    _ = try await store.write(batch)
                    Self.complete(waiters, with: .success(()))
                } catch {
                    Self.complete(waiters, with: .failure(error))
                }
            }
            if Task.isCancelled { break }
        }
        let left = state.withLock { state in
            state.closed = true
            defer { state.waiters = [] }
            return state.waiters
        }
        Self.complete(left, with: .failure(Closed()))
    }

    func stop() {
        ring.finish()
    }
}
