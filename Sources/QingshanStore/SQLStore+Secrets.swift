public import QingshanCore
import SQLKit
import Synchronization

/// Device secrets sealed at rest (see `SecretSealer`).
extension SQLStore {
    /// From now on, seals device secrets with `sealer`, and seals those the database still holds in clear (or
    /// under `previous`, the key being rotated away from). Returns how many devices were rewritten.
    @discardableResult
    public func useSecretKey(_ sealer: SecretSealer, previous: SecretSealer? = nil) async throws -> Int {
        let rows = try await engine.read { db in
            try await db.raw("SELECT mn, password, sm4_key FROM devices").all().map { row in
                (
                    try row.decode(column: "mn", as: String.self), try row.decode(column: "password", as: String?.self),
                    try row.decode(column: "sm4_key", as: String?.self)
                )
            }
        }
        // A database sealed under another key (another server's key file) is refused before anything is written.
        if previous == nil, let sealed = rows.lazy.flatMap({ [$0.1, $0.2] }).compactMap({ $0 }).first(where: SecretSealer.isSealed) {
            guard (try? sealer.open(sealed)) != nil else {
                throw StoreError.unavailable(
                    "the device secrets in this database were sealed with another key: give every server the same security.secret_key (or copy the secret.key file it was sealed with)"
                )
            }
        }
        var rewritten: [(mn: String, password: String?, key: String?)] = []
        for (mn, password, key) in rows {
            let needsSealing = [password, key].contains { value in value.map { !SecretSealer.isSealed($0) } ?? false }
            guard needsSealing || previous != nil else { continue }
            let opener = previous ?? sealer
            rewritten.append(
                (mn, try password.map { try sealer.seal(try opener.open($0)) }, try key.map { try sealer.seal(try opener.open($0)) }))
        }
        if !rewritten.isEmpty {
            let rewritten = rewritten
            try await engine.transaction { session in
                for row in rewritten {
                    try await session.sql.raw(
                        "UPDATE devices SET password = \(bind: row.password), sm4_key = \(bind: row.key) WHERE mn = \(bind: row.mn)"
                    ).run()
                }
            }
        }
        self.sealer.withLock { $0 = sealer }
        registryChanged()
        return rewritten.count
    }

    /// The device as it is written: secrets sealed when a key is in use.
    func sealed(_ device: Device) throws -> Device {
        guard let sealer = sealer.withLock({ $0 }) else { return device }
        var device = device
        device.password = try device.password.map(sealer.seal)
        device.sm4KeyHex = try device.sm4KeyHex.map(sealer.seal)
        return device
    }

    /// The device as it is read: secrets opened.
    func opened(_ device: Device) throws -> Device {
        var device = device
        if let password = device.password, SecretSealer.isSealed(password) {
            guard let sealer = sealer.withLock({ $0 }) else { throw Self.noKey }
            device.password = try sealer.open(password)
        }
        if let key = device.sm4KeyHex, SecretSealer.isSealed(key) {
            guard let sealer = sealer.withLock({ $0 }) else { throw Self.noKey }
            device.sm4KeyHex = try sealer.open(key)
        }
        return device
    }

    static var noKey: StoreError {
        StoreError.invalid("device secrets are sealed but no secret key is in use (security.secret_key or <data.directory>/secret.key)")
    }
}
