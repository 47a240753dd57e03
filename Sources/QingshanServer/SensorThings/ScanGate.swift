import SensorThings

/// Lets one SensorThings scan run at a time: a request that must read rows one by one (a filter the database
/// cannot evaluate, a sort it cannot do) holds a reader connection and a core for as long as its row budget
/// allows. One at a time leaves the other core and reader to everyone else, so such requests, hostile or not,
/// do not raise the latency of ordinary ones. A few more may wait in line; beyond that the answer is 503
/// `server_busy`, to be retried.
actor ScanGate {
    let queueLimit: Int
    private var running = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(queueLimit: Int = 8) {
        self.queueLimit = queueLimit
    }

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        do {
            let result = try await body()
            release()
            return result
        } catch {
            release()
            throw error
        }
    }

    private func acquire() async throws {
        guard running else {
            running = true
            return
        }
        guard waiters.count < queueLimit else {
            throw QueryError(
                "the server is busy with other scans of observations; retry in a few seconds, or narrow the request so the database can answer it (phenomenonTime and result comparisons)",
                code: "server_busy")
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            running = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
