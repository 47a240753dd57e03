import Crypto
import Foundation

/// The text of an API token: `qs_<id>_<secret>`, where the id (8 hex digits) is public and names the token in
/// listings and logs, and the secret is 32 random bytes in base64url. The store keeps only the SHA-256 of the
/// whole text: a stolen database does not hand out working tokens.
enum APITokenSecret {
    static let prefix = "qs_"

    /// A new token's id and full text.
    static func make() -> (id: String, text: String) {
        var generator = SystemRandomNumberGenerator()
        let id = hex((0..<4).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let secret = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
            .base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return (id, prefix + id + "_" + secret)
    }

    /// The id of a token text in the `qs_` form, or nil for anything else.
    static func id(of text: String) -> String? {
        guard text.hasPrefix(prefix) else { return nil }
        let parts = text.dropFirst(prefix.count).split(separator: "_", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 8, parts[0].allSatisfy(\.isHexDigit), parts[1].count >= 32 else { return nil }
        return String(parts[0])
    }

    /// Computed for every request that sends a token (the cache is keyed by it, so secrets are not kept in memory).
    static func sha256Hex(_ text: String) -> String {
        hex(Array(SHA256.hash(data: Data(text.utf8))))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
