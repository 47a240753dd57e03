import Foundation
import QingshanCore
import QingshanStore
import Synchronization

/// The registered devices, cached for the gateway; an unknown MN triggers at most one reload every few
/// seconds, so a flood of strangers cannot hammer the database.
final class DeviceDirectory: Sendable {
    private let store: any PlatformStore
    private let cache = Mutex<(devices: [String: Device], loaded: ContinuousClock.Instant?)>(([:], nil))
    /// Keys replaced by CN 1014, still tried for frames the logger encrypted before it switched.
    private let previousKeys = Mutex<[String: String]>([:])
    private static let reloadInterval: Duration = .seconds(5)

    init(store: any PlatformStore) {
        self.store = store
    }

    /// The device if the cache has it, without waiting: the gateway's fast path on the event loop.
    func cached(_ mn: String) -> Device? {
        cache.withLock { $0.devices[mn] }
    }

    func device(_ mn: String) async throws -> Device? {
        let (known, stale) = cache.withLock { cache -> (Device?, Bool) in
            let stale = cache.loaded.map { ContinuousClock.now - $0 > Self.reloadInterval } ?? true
            return (cache.devices[mn], stale)
        }
        if let known { return known }
        guard stale else { return nil }
        let devices = try await store.devices()
        return cache.withLock { cache in
            cache.devices = Dictionary(devices.map { ($0.mn, $0) }, uniquingKeysWith: { $1 })
            cache.loaded = .now
            return cache.devices[mn]
        }
    }

    /// Saves a changed device and serves it from now on.
    func save(_ device: Device) async throws {
        let old = try await self.device(device.mn)
        try await store.addDevices([device])
        if let oldKey = old?.sm4KeyHex, oldKey != device.sm4KeyHex { previousKeys.withLock { $0[device.mn] = oldKey } }
        cache.withLock { $0.devices[device.mn] = device }
    }

    /// Forgets the cache, so the next lookup reads the registry (after an operator changed a device).
    func invalidate() {
        cache.withLock { $0 = ([:], nil) }
    }

    func previousKey(_ mn: String) -> String? { previousKeys.withLock { $0[mn] } }
}
