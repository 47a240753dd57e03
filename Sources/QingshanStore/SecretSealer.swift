import Crypto
import Foundation

/// Device secrets (HJ 212 access passwords, SM4 keys) as the database keeps them: AES-256-GCM under the platform's
/// secret key, written `aesgcm1:<base64 of nonce, ciphertext and tag>`. A value without the prefix is one written
/// before secrets were sealed; `SQLStore.useSecretKey` seals those.
public struct SecretSealer: Sendable {
    static let prefix = "aesgcm1:"
    let key: SymmetricKey

    /// A key of exactly 32 bytes.
    public init?(key bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        key = SymmetricKey(data: bytes)
    }

    func seal(_ secret: String) throws -> String {
        guard let combined = try AES.GCM.seal(Data(secret.utf8), using: key).combined else {
            throw StoreError.invalid("a device secret could not be sealed")
        }
        return Self.prefix + combined.base64EncodedString()
    }

    /// The secret a stored value holds; an unsealed (older) value as it is.
    func open(_ stored: String) throws -> String {
        guard stored.hasPrefix(Self.prefix) else { return stored }
        guard let data = Data(base64Encoded: String(stored.dropFirst(Self.prefix.count))),
            let box = try? AES.GCM.SealedBox(combined: data), let plain = try? AES.GCM.open(box, using: key)
        else {
            throw StoreError.invalid(
                "a device secret cannot be opened with the configured secret key (security.secret_key or the key file); was the key changed without qingshan secrets rotate?"
            )
        }
        return String(decoding: plain, as: UTF8.self)
    }

    static func isSealed(_ stored: String) -> Bool { stored.hasPrefix(prefix) }
}
