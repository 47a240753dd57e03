import ArgumentParser
import Foundation
import QingshanServer
import QingshanStore

/// `qingshan secrets rotate`: a new key for the device secrets sealed at rest.
struct Secrets: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The key that seals device passwords and SM4 keys at rest.", subcommands: [Rotate.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Seal every device secret under a new key file (stop serve first; back up the database and the old key).",
            discussion: """
                The new key is written to <data.directory>/secret.key.next, every device secret is opened with the old key and \
                sealed with the new one in one transaction, and only then does the new file replace secret.key (the old one is \
                kept as secret.key.old). A key given as security.secret_key is rotated by hand: run with --new-key-file, then \
                set the configuration to that file's contents.
                """)
        @OptionGroup var options: StoreOptions
        @Option(name: .customLong("new-key-file"), help: "Where to write the new key (default: <data.directory>/secret.key).")
        var newKeyFile: String?

        func run() async throws {
            let config = try await loadConfig(options)
            let current = SecretKeyFile.path(config)
            let target = newKeyFile ?? current
            if config.secretKey != nil, newKeyFile == nil {
                fail("secrets rotate: the key comes from security.secret_key; give --new-key-file PATH and then configure its contents", code: 2)
            }
            let staging = target + ".next"
            try? FileManager.default.removeItem(atPath: staging)
            do {
                let old = try SecretKeyFile.sealer(config)
                let new = try SecretKeyFile.create(at: staging)
                let rewritten = try await withConfiguredStore(config) { store in
                    let count = try await store.useSecretKey(new.sealer, previous: old)
                    try await Auditor(store: store).record(
                        User.actor, address: nil, action: "secrets.rotate", target: "devices", after: ["devices": "\(count)"])
                    return count
                }
                if FileManager.default.fileExists(atPath: target) {
                    try? FileManager.default.removeItem(atPath: target + ".old")
                    try FileManager.default.moveItem(atPath: target, toPath: target + ".old")
                }
                try FileManager.default.moveItem(atPath: staging, toPath: target)
                print(
                    "device secrets of \(rewritten) devices sealed under the new key in \(target); the old key is in \(target).old until you remove it"
                )
            } catch let error as ConfigurationError {
                try? FileManager.default.removeItem(atPath: staging)
                fail("secrets rotate: \(error.description)", code: 2)
            } catch {
                try? FileManager.default.removeItem(atPath: staging)
                fail("secrets rotate: \(error)", code: 1)
            }
        }
    }
}
