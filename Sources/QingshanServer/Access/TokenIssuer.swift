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

    public static func create(store: any PlatformStore, role: AccessRole, scope: String?, name: String, now: Timestamp) async throws -> Issued {
        try await validate(role: role, scope: scope, store: store)
        let (id, text) = APITokenSecret.make()
        let token = APIToken(id: id, name: name, role: role, scope: scope, createdAt: now)
        try await store.addToken(token, secretSHA256: APITokenSecret.sha256Hex(text))
        return Issued(token: token, text: text)
    }

    static func validate(role: AccessRole, scope: String?, store: any PlatformStore) async throws {
        switch (role, scope) {
        case (.city, nil), (.reader, nil): return
        case (.city, _?): throw ConfigurationError("--scope is not taken by the city role, which sees every site")
        case (.county, nil), (.enterprise, nil):
            throw ConfigurationError("the \(role.rawValue) role needs --scope (\(role == .county ? "a region code" : "an enterprise code"))")
        case (.county, let code?), (.reader, let code?):
            let regions = try await store.regions()
            guard regions.contains(where: { $0.code == code }) else {
                throw ConfigurationError("--scope '\(code)' is not a region code; known: \(regions.map(\.code).joined(separator: ", "))")
            }
        case (.enterprise, let code?):
            guard try await store.enterprises().contains(where: { $0.code == code }) else {
                throw ConfigurationError("--scope '\(code)' is not an enterprise code of the registry (qingshan registry export lists them)")
            }
        }
    }
}
