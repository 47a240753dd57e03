import ArgumentParser
import Foundation
import QingshanCore
import QingshanServer
import QingshanStore

/// `qingshan token create|list|revoke`: API tokens for people and systems (DESIGN: Access).
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "API tokens: who may read unpublished data and who may write.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print it once (only its SHA-256 is kept).",
            discussion: """
                Roles: city (every site, read and write, devices), county --scope REGION (public sites and its region's, \
                writes there), enterprise --scope ENTERPRISE (public sites and its own outlets, writes to them), \
                reader [--scope REGION] (every site, or a region's, read only).
                """)
        @OptionGroup var options: StoreOptions
        @Option(help: "admin, city, station, county, enterprise, maintainer or reader (not with --user).") var role: String?
        @Option(help: "The person the token belongs to: it acts with their role and scope, and stops when they are disabled.") var user: String?
        @Option(help: "Region code (county, reader) or enterprise code (enterprise).") var scope: String?
        @Option(help: "Who or what the token is for, shown in listings.") var name: String?

        func run() async throws {
            guard (role == nil) != (user == nil) else { fail("give either --role or --user", code: 2) }
            let role = role.map(User.role) ?? .reader
            let (scope, owner) = (self.scope, self.user)
            let name = self.name ?? (owner.map { "token of \($0)" } ?? "\(role.rawValue) token")
            do {
                let issued = try await withConfiguredStore(options) { store in
                    try await TokenIssuer.create(store: store, role: role, scope: scope, name: name, now: .now, owner: owner, actor: User.actor)
                }
                print(issued.text)
                FileHandle.standardError.write(
                    Data(
                        "token qs_\(issued.token.id)_… (\(issued.token.role.rawValue)\(issued.token.scope.map { " " + $0 } ?? "")) created; it is shown only this once\n"
                            .utf8))
            } catch let error as ConfigurationError {
                fail("token create: \(error.description)", code: 2)
            } catch {
                fail("token create: \(error)", code: 1)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (ids, roles, scopes; never the secrets).")
        @OptionGroup var options: StoreOptions

        func run() async throws {
            do {
                let tokens = try await withConfiguredStore(options) { store in try await store.tokens() }
                print("id\trole\tscope\tname\tcreated\trevoked")
                for token in tokens {
                    print(
                        [
                            token.id, token.role.rawValue, token.scope ?? "", token.name, RFC3339.format(token.createdAt),
                            token.revokedAt.map { RFC3339.format($0) } ?? "",
                        ].joined(separator: "\t"))
                }
            } catch {
                fail("token list: \(error)", code: 1)
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a token by its id (the 8 hex digits after qs_); servers stop accepting it within 10 s.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "Token id.") var id: String

        func run() async throws {
            let id = self.id
            do {
                let revoked = try await withConfiguredStore(options) { store in
                    let revoked = try await store.revokeToken(id: id, at: .now)
                    if revoked { try await Auditor(store: store).record(User.actor, address: nil, action: "token.revoke", target: "token:\(id)") }
                    return revoked
                }
                guard revoked else { fail("token revoke: no live token with id '\(id)' (qingshan token list)", code: 1) }
                print("token qs_\(id)_… revoked")
            } catch {
                fail("token revoke: \(error)", code: 1)
            }
        }
    }
}
