import Crypto
import Foundation
public import QingshanCore

/// The audit log's hash chain: each entry's hash is the SHA-256 of its position, its fields and the hash of
/// the entry before it (64 zeros before the first). Changing an entry breaks its own hash; removing one leaves a
/// gap in the positions; moving one makes its hash fit another position than the one it holds.
public enum AuditChain {
    public static let genesis = String(repeating: "0", count: 64)

    /// The hash of an entry with these contents. Each field is written as its UTF-8 length, `:` and its bytes
    /// (`-` for none), so no two different entries write the same bytes.
    public static func hash(position: Int64, record: AuditRecord, previousHash: String) -> String {
        var bytes: [UInt8] = []
        func field(_ text: String?) {
            guard let text else { return bytes.append(UInt8(ascii: "-")) }
            bytes += Array("\(text.utf8.count):".utf8) + Array(text.utf8)
        }
        field(String(position))
        field(String(record.at.millisecondsSinceEpoch))
        field(record.actor)
        field(record.address)
        field(record.action)
        field(record.target)
        field(record.before)
        field(record.after)
        field(previousHash)
        return SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// What `verify` found wrong first, naming the position.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public enum Kind: String, Sendable {
            case altered, removed, reordered, unlinked
        }

        public var position: Int64
        public var kind: Kind
        public var detail: String

        public var description: String { "position \(position): \(detail)" }
    }

    /// Checks entries read in position order, continuing a chain that ended with `previous` (position and hash):
    /// the first problem, or nil.
    public static func check(_ entries: [AuditEntry], after previous: (position: Int64, hash: String)) -> Problem? {
        var expected = previous
        for entry in entries {
            let position = expected.position + 1
            if entry.position != position {
                return Problem(
                    position: position, kind: .removed,
                    detail: "entry \(position) is missing (the next one held is \(entry.position)): removed")
            }
            if hash(position: entry.position, record: entry.record, previousHash: entry.previousHash) != entry.hash {
                return Problem(
                    position: position, kind: .altered, detail: "entry \(position)'s contents do not match its hash: altered after it was written")
            }
            if entry.previousHash != expected.hash {
                return Problem(
                    position: position, kind: .unlinked,
                    detail: "entry \(position) does not follow entry \(expected.position): the chain was cut here (entries removed or reordered)")
            }
            expected = (entry.position, entry.hash)
        }
        return nil
    }

    /// An entry whose contents fit another position than its own was moved there: that position, if any in `candidates`.
    public static func originalPosition(of entry: AuditEntry, among candidates: ClosedRange<Int64>) -> Int64? {
        candidates.first { $0 != entry.position && hash(position: $0, record: entry.record, previousHash: entry.previousHash) == entry.hash }
    }
}
