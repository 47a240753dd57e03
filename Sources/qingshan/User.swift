import ArgumentParser
import Foundation
import QingshanCore
import QingshanServer
import QingshanStore

/// `qingshan user add|list|disable|enable|reset-password|set-role`: the people who sign in to the console. Every
/// change is in the audit log as made by `cli:<login name>`.
struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "People who sign in to the console: add, list, disable, reset passwords, change roles.",
        discussion: """
            Roles: admin (市局管理员, everything and people), city (市局业务), station (监测站), county --scope REGION (旗县区分局), \
            enterprise --scope ENTERPRISE (企业), maintainer --scope COMPANY (运维: the sites whose maintainer attribute names it), \
            reader [--scope REGION] (共享只读).
            """,
        subcommands: [Add.self, List.self, Disable.self, Enable.self, ResetPassword.self, SetRole.self])

    static var actor: String { "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "unknown") }

    static func role(_ text: String) -> AccessRole {
        guard let role = AccessRole(rawValue: text) else {
            fail("--role '\(text)' must be one of \(AccessRole.allCases.map(\.rawValue).joined(separator: ", "))", code: 2)
        }
        return role
    }

    /// Runs a change with the configured store; configuration mistakes exit 2, the rest 1.
    static func change<T: Sendable>(
        _ command: String, _ options: StoreOptions, _ body: @escaping @Sendable (UserAdministration) async throws -> T
    ) async -> T {
        do {
            let config = try await loadConfig(options)
            return try await withConfiguredStore(config) { store in
                try await body(UserAdministration(store: store, bcryptCost: config.auth.bcryptCost, actor: actor))
            }
        } catch let error as ConfigurationError {
            fail("user \(command): \(error.description)", code: 2)
        } catch {
            fail("user \(command): \(error)", code: 1)
        }
    }

    static func showOneTimePassword(_ username: String, _ password: String) {
        print(password)
        FileHandle.standardError.write(
            Data("one-time password of \(username) shown above, only this once; it must be changed at the first sign-in (/sign-in)\n".utf8))
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a person and print their one-time password.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "User name: letters, digits, '.', '_' or '-'.") var username: String
        @Option(help: "admin, city, station, county, enterprise, maintainer or reader.") var role: String
        @Option(help: "Region code (county, reader), enterprise code (enterprise) or company code (maintainer).") var scope: String?
        @Option(name: .customLong("name"), help: "The person's name as the console shows it.") var displayName: String?

        func run() async throws {
            let (username, role, scope, displayName) = (username, User.role(role), scope, displayName)
            let password = await User.change("add", options) { admin in
                try await admin.add(username: username, displayName: displayName, role: role, scope: scope)
            }
            User.showOneTimePassword(username, password)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List people (never their passwords).")
        @OptionGroup var options: StoreOptions

        func run() async throws {
            do {
                let users = try await withConfiguredStore(options) { store in try await store.users() }
                print("user\tname\trole\tscope\tstate\tcreated")
                for user in users {
                    let state =
                        user.disabledAt != nil
                        ? "disabled"
                        : (user.mustChangePassword ? "one-time password" : (user.lockedUntil.map { $0 > .now } == true ? "locked" : "active"))
                    print(
                        [user.username, user.displayName, user.role.rawValue, user.scope ?? "", state, RFC3339.format(user.createdAt)].joined(
                            separator: "\t"))
                }
            } catch {
                fail("user list: \(error)", code: 1)
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a person: their sessions end and their API tokens stop working.")
        @OptionGroup var options: StoreOptions
        @Argument var username: String

        func run() async throws {
            let username = username
            await User.change("disable", options) { admin in try await admin.setDisabled(username: username, true) }
            print("user \(username) disabled")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled person again.")
        @OptionGroup var options: StoreOptions
        @Argument var username: String

        func run() async throws {
            let username = username
            await User.change("enable", options) { admin in try await admin.setDisabled(username: username, false) }
            print("user \(username) enabled")
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password", abstract: "Give a person a new one-time password (and end their sessions, lift a lock).")
        @OptionGroup var options: StoreOptions
        @Argument var username: String

        func run() async throws {
            let username = username
            let password = await User.change("reset-password", options) { admin in try await admin.resetPassword(username: username) }
            User.showOneTimePassword(username, password)
        }
    }

    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-role", abstract: "Change a person's role and scope (their sessions end).")
        @OptionGroup var options: StoreOptions
        @Argument var username: String
        @Option(help: "admin, city, station, county, enterprise, maintainer or reader.") var role: String
        @Option(help: "Region, enterprise or company code, as the role needs.") var scope: String?

        func run() async throws {
            let (username, role, scope) = (username, User.role(role), scope)
            await User.change("set-role", options) { admin in try await admin.setRole(username: username, role: role, scope: scope) }
            print("user \(username) is now \(role.rawValue)\(scope.map { " " + $0 } ?? "")")
        }
    }
}
