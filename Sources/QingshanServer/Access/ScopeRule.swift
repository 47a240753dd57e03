import QingshanCore
import QingshanStore

/// What scope a role takes, checked against the registry, for tokens and people alike: a typo cannot create an
/// account that sees nothing.
enum ScopeRule {
    static func validate(role: AccessRole, scope: String?, store: any PlatformStore) async throws {
        guard let code = scope else {
            if role.needsScope {
                throw ConfigurationError("the \(role.rawValue) role needs --scope (\(what(role)))")
            }
            return
        }
        if role.refusesScope { throw ConfigurationError("--scope is not taken by the \(role.rawValue) role, which sees every site") }
        switch role {
        case .county, .reader:
            let regions = try await store.regions()
            guard regions.contains(where: { $0.code == code }) else {
                throw ConfigurationError("--scope '\(code)' is not a region code; known: \(regions.map(\.code).joined(separator: ", "))")
            }
        case .enterprise:
            guard try await store.enterprises().contains(where: { $0.code == code }) else {
                throw ConfigurationError("--scope '\(code)' is not an enterprise code of the registry (qingshan registry export lists them)")
            }
        case .maintainer:
            guard try await store.sites(SiteFilter()).contains(where: { $0.attributes[Principal.maintainerAttribute] == code }) else {
                throw ConfigurationError(
                    "--scope '\(code)' is not named by any site's \(Principal.maintainerAttribute) attribute; set it in the profile first")
            }
        case .admin, .city, .station: return
        }
    }

    static func what(_ role: AccessRole) -> String {
        switch role {
        case .county, .reader: "a region code"
        case .enterprise: "an enterprise code"
        case .maintainer: "the company code sites name in their maintainer attribute"
        default: "none"
        }
    }
}
