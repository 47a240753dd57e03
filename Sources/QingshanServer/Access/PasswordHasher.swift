import Dispatch
import HummingbirdBcrypt

/// bcrypt off the tasks serving requests: a hash costs a quarter of a second at cost 12 by design. It runs on a
/// queue of its own, not on NIO's thread pool, where the SQLite driver's blocking calls wait for a thread and a
/// few sign-ins would hold up every query. The cost is `auth.bcrypt_cost` (tests lower it).
struct PasswordHasher: Sendable {
    var cost: UInt8

    /// One hash at a time: a burst of sign-ins queues here rather than taking every core.
    private static let queue = DispatchQueue(label: "qingshan.bcrypt", qos: .userInitiated)

    func hash(_ password: String) async throws -> String {
        let cost = cost
        return await Self.run { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        await Self.run { Bcrypt.verify(password, hash: hash) }
    }

    /// A hash of 32 random bytes at this cost, checked against when the account does not exist, so that a wrong
    /// name takes as long as a wrong password.
    func decoy() async throws -> String { try await hash(SecretText.base64URL(32)) }

    private static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in queue.async { continuation.resume(returning: work()) } }
    }
}
