public import QingshanCore
public import QingshanStore

/// Creates, lists and revokes API tokens (`qingshan token …`); a token's scope must name a registered region or
/// enterprise, so a typo cannot create a token that sees nothing.
public enum TokenIssuer {
    public struct Issued: Sendable {
        public var token: APIToken
        /// The full token text, shown once and never stored.
        public var text: String
    }

    /// A token of `role` and `scope`, or one that belongs to the person `owner` and acts with their role and scope.
    public static func create(
        store: any PlatformStore, role: AccessRole, scope: String?, name: String, now: Timestamp, owner: String? = nil, actor: String = "cli"
    ) async throws -> Issued {
        var (role, scope) = (role, scope)
        if let owner {
            guard let user = try await store.user(named: owner)?.user, user.disabledAt == nil else {
                throw ConfigurationError("--user '\(owner)' is not an enabled user (qingshan user list)")
            }
            (role, scope) = (user.role, user.scope)
        } else {
            try await ScopeRule.validate(role: role, scope: scope, store: store)
        }
        let (id, text) = APITokenSecret.make()
        let token = APIToken(id: id, name: name, role: role, scope: scope, createdAt: now, owner: owner)
        try await store.addToken(token, secretSHA256: APITokenSecret.sha256Hex(text))
        try await Auditor(store: store).record(actor, address: nil, action: "token.create", target: "token:\(id)", after: token, at: now)
        return Issued(token: token, text: text)
    }
}
