import ArgumentParser
import Foundation
import QingshanCore
import QingshanServer
import QingshanStore

/// `qingshan audit verify|list`: the hash-chained audit log.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The audit log: verify its hash chain, list its newest entries.", subcommands: [Verify.self, List.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every entry's hash and link; exits 1 naming the first altered, removed or reordered entry.")
        @OptionGroup var options: StoreOptions

        func run() async throws {
            do {
                let result = try await withConfiguredStore(options) { store in try await store.verifyAudit() }
                if let problem = result.problem {
                    print("audit log BROKEN at position \(problem.position) (\(problem.kind.rawValue)): \(problem.detail)")
                    print("entries 1–\(result.checked) verify")
                    throw ExitCode(1)
                }
                print("audit log intact: \(result.checked) entries verify")
            } catch let exit as ExitCode {
                throw exit
            } catch {
                fail("audit verify: \(error)", code: 1)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the newest entries, tab-separated.")
        @OptionGroup var options: StoreOptions
        @Option(help: "How many, 1 to 10000.") var limit = 50

        func run() async throws {
            guard (1...10_000).contains(limit) else { fail("audit list: --limit must be 1 to 10000", code: 2) }
            let limit = limit
            do {
                let entries = try await withConfiguredStore(options) { store in
                    try await store.auditEntries(from: .max, limit: limit, descending: true)
                }
                print("position\tat\tactor\taddress\taction\ttarget\tbefore\tafter")
                for entry in entries {
                    let record = entry.record
                    print(
                        [
                            String(entry.position), RFC3339.format(record.at), record.actor, record.address ?? "", record.action, record.target,
                            record.before ?? "", record.after ?? "",
                        ].joined(separator: "\t"))
                }
            } catch {
                fail("audit list: \(error)", code: 1)
            }
        }
    }
}
