import Foundation
public import QingshanStore
import SystemPackage

/// The key device secrets are sealed with: `security.secret_key` (base64 of 32 bytes) from the configuration, or
/// else `<data.directory>/secret.key`, created at the first start with mode 0600. Losing it loses the devices'
/// passwords and SM4 keys (they must then be set again); back it up with the database.
public enum SecretKeyFile {
    public static func path(_ config: AppConfig) -> String { config.dataDirectory + "/secret.key" }

    /// The sealer for the configured key, creating the key file when there is none.
    public static func sealer(_ config: AppConfig) throws -> SecretSealer {
        if let configured = config.secretKey { return try parse(configured, from: "security.secret_key") }
        let path = path(config)
        if let text = try? String(contentsOfFile: path, encoding: .utf8) { return try parse(text, from: path) }
        let sealer = try create(at: path)
        return sealer.sealer
    }

    /// A new random key written to `path` (mode 0600, never overwriting a file), with its sealer.
    public static func create(at path: String) throws -> (sealer: SecretSealer, text: String) {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = Data(bytes).base64EncodedString() + "\n"
        do {
            let descriptor = try FileDescriptor.open(
                FilePath(path), .writeOnly, options: [.create, .exclusiveCreate], permissions: [.ownerRead, .ownerWrite])
            try descriptor.closeAfter { _ = try descriptor.writeAll(Array(text.utf8)) }
        } catch {
            throw ConfigurationError("cannot create the secret key file \(path): \(error)")
        }
        return (SecretSealer(key: bytes)!, text)
    }

    static func parse(_ text: String, from source: String) throws -> SecretSealer {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), let sealer = SecretSealer(key: Array(data)) else {
            throw ConfigurationError("\(source) must hold 32 bytes in base64 (openssl rand -base64 32)")
        }
        return sealer
    }
}
