import ArgumentParser
import Foundation
import QingshanCore
import QingshanServer
import QingshanStore

struct Registry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load or export the registry (regions, sites, enterprises, devices, parameters).",
        subcommands: [Load.self, Export.self, Publish.self])

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Load a profile YAML file; existing records with the same codes are replaced.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "Profile YAML file.") var file: String

        func run() async throws {
            let profile: RegistryProfileBox
            do { profile = RegistryProfileBox(value: try ProfileFile.read(path: file)) } catch { fail("\(error)", code: 1) }
            do {
                let file = file
                try await withConfiguredStore(options) { store in
                    try await store.load(profile.value)
                    let loaded = profile.value
                    // The registry as changed, never its device secrets (only how many devices came).
                    try await Auditor(store: store).record(
                        User.actor, address: nil, action: "registry.load", target: "profile:\(loaded.name)",
                        after: [
                            "file": file, "regions": "\(loaded.regions.count)", "sites": loaded.sites.map(\.code).joined(separator: ","),
                            "enterprises": "\(loaded.enterprises.count)", "devices": "\(loaded.devices.count)",
                        ])
                }
                print(
                    "loaded \(file): \(profile.value.regions.count) regions, \(profile.value.sites.count) sites, "
                        + "\(profile.value.enterprises.count) enterprises, \(profile.value.devices.count) devices")
            } catch {
                fail("registry load: \(error)", code: 1)
            }
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish source outlets' data to everyone (信息公开), or withdraw them with --withdraw.",
            discussion: "Ambient sites (air, water, groundwater, noise) are public without this.")
        @OptionGroup var options: StoreOptions
        @Argument(help: "Site codes.") var codes: [String]
        @Flag(help: "Withdraw the publication: only the enterprise, its county and the city see the data again.") var withdraw = false

        func run() async throws {
            let (codes, at) = (self.codes, withdraw ? nil : Timestamp.now)
            do {
                let unknown = try await withConfiguredStore(options) { store in
                    var unknown: [String] = []
                    for code in codes {
                        if try await store.setPublished(siteCode: code, at: at) {
                            try await Auditor(store: store).record(
                                User.actor, address: nil, action: at == nil ? "site.withdraw" : "site.publish", target: "site:\(code)")
                        } else {
                            unknown.append(code)
                        }
                    }
                    return unknown
                }
                guard unknown.isEmpty else { fail("registry publish: no site with code \(unknown.joined(separator: ", "))", code: 1) }
                print("\(codes.count) site(s) \(at == nil ? "withdrawn" : "published")")
            } catch {
                fail("registry publish: \(error)", code: 1)
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the registry as a profile YAML file (standard output by default).")
        @OptionGroup var options: StoreOptions
        @Option(name: .shortAndLong, help: "Output file.") var output: String?
        @Option(help: "Profile name written into the file.") var name = "export"

        func run() async throws {
            let name = self.name
            do {
                let yaml = try await withConfiguredStore(options) { store in try ProfileFile.yaml(try await store.export(name: name)) }
                if let output {
                    try yaml.write(toFile: output, atomically: true, encoding: .utf8)
                } else {
                    print(yaml, terminator: "")
                }
            } catch {
                fail("registry export: \(error)", code: 1)
            }
        }
    }
}

/// Carries a profile into a `@Sendable` closure.
struct RegistryProfileBox: Sendable {
    let value: RegistryProfile
}
