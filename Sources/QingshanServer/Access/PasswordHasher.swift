import HummingbirdBcrypt
import NIOPosix

/// bcrypt on NIO's thread pool: a hash costs a quarter of a second at cost 12 by design, and must not hold up the
/// tasks serving requests. The cost is `auth.bcrypt_cost` (tests lower it).
struct PasswordHasher: Sendable {
    var cost: UInt8

    func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A hash of 32 random bytes at this cost, checked against when the account does not exist, so that a wrong
    /// name takes as long as a wrong password.
    func decoy() async throws -> String { try await hash(SecretText.base64URL(32)) }
}
