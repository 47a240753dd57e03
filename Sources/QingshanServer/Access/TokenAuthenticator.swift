import Foundation
import HTTPTypes
import QingshanCore
import QingshanStore
import Synchronization

/// Turns the `Authorization` header into a `Principal`. Tokens are looked up by id and their secret checked
/// against the stored SHA-256; the answer is remembered for `cacheSeconds`, so a revoked token stops working
/// within that time and a busy client costs one database read per interval, not per request.
final class TokenAuthenticator: Sendable {
    static let cacheSeconds: Int64 = 10
    /// Cached answers beyond this many are dropped (a client trying random tokens cannot grow the table).
    static let cacheLimit = 10_000

    let store: any TokenStore & AccountStore
    /// `api.write_token` from the configuration: a city-role token that is not in the database.
    let configuredToken: String?

    private let cache = Mutex<[String: (principal: Principal?, checkedAt: Int64)]>([:])

    init(store: any TokenStore & AccountStore, configuredToken: String?) {
        self.store = store
        self.configuredToken = configuredToken
    }

    /// `.anonymous` without credentials; the token's principal for a valid one; a 401 problem otherwise (a
    /// client that sends a wrong token is told so rather than silently shown less).
    func principal(authorization header: String?, now: Timestamp) async throws -> Principal {
        guard let header, !header.isEmpty else { return .anonymous }
        let text = Self.presentedToken(header)
        guard !text.isEmpty else {
            throw Self.unauthorized("the Authorization header must be 'Bearer TOKEN' (or HTTP Basic with the token as password)")
        }
        let digest = APITokenSecret.sha256Hex(text)
        if let cached = cache.withLock({ $0[digest] }), now.millisecondsSinceEpoch - cached.checkedAt < Self.cacheSeconds * 1000 {
            return try Self.accept(cached.principal, text)
        }
        let principal = try await lookUp(text, digest: digest)
        cache.withLock { table in
            if table.count >= Self.cacheLimit { table.removeAll(keepingCapacity: true) }
            table[digest] = (principal, now.millisecondsSinceEpoch)
        }
        return try Self.accept(principal, text)
    }

    private func lookUp(_ text: String, digest: String) async throws -> Principal? {
        if let configuredToken, Self.constantTimeEqual(text, configuredToken) {
            return .token(APIToken(id: "config", name: "api.write_token", role: .city, createdAt: Timestamp(millisecondsSinceEpoch: 0)))
        }
        guard let id = APITokenSecret.id(of: text), let stored = try await store.token(id: id),
            stored.token.revokedAt == nil, Self.constantTimeEqual(digest, stored.secretSHA256)
        else { return nil }
        var token = stored.token
        // A person's token acts as the person does now: a new role applies, a disabled person's token fails.
        if let owner = token.owner {
            guard let user = try await store.user(named: owner)?.user, user.disabledAt == nil else { return nil }
            (token.role, token.scope) = (user.role, user.scope)
        }
        return .token(token)
    }

    private static func accept(_ principal: Principal?, _ text: String) throws -> Principal {
        guard let principal else {
            let named = APITokenSecret.id(of: text).map { "token qs_\($0)_… " } ?? "the token sent "
            throw unauthorized(named + "is unknown or revoked; ask the bureau for a token (qingshan token create)")
        }
        return principal
    }

    static func unauthorized(_ detail: String) -> ProblemDetails {
        ProblemDetails(status: .unauthorized, code: "unauthorized", title: "未授权 (unauthorized)", detail: detail)
    }

    /// The token of `Bearer TOKEN`, or the password of HTTP Basic (what SensorThings clients send); "" otherwise.
    /// The scheme's name is case-insensitive (RFC 9110 §11.1): `bearer` and `BASIC` are the same schemes.
    static func presentedToken(_ header: String) -> String {
        let scheme = header.prefix { $0 != " " }.lowercased()
        let credentials = header.drop { $0 != " " }.trimmingCharacters(in: .whitespaces)
        if scheme == "bearer" { return credentials }
        guard scheme == "basic", let data = Data(base64Encoded: credentials),
            let credentials = String(data: data, encoding: .utf8), let colon = credentials.firstIndex(of: ":")
        else { return "" }
        return String(credentials[credentials.index(after: colon)...])
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }
}
