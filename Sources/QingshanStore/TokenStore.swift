public import QingshanCore

/// API tokens: kept as a record and the SHA-256 of the secret, never the secret.
public protocol TokenStore: Sendable {
    func addToken(_ token: APIToken, secretSHA256: String) async throws
    /// The token with this id and the hash of its secret, revoked or not.
    func token(id: String) async throws -> (token: APIToken, secretSHA256: String)?
    func tokens() async throws -> [APIToken]
    /// Marks a token revoked; false when no live token has that id.
    func revokeToken(id: String, at: Timestamp) async throws -> Bool
}
