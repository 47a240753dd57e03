import Hummingbird
import QingshanCore
import QingshanStore

/// `/api/v1/devices`: every registered data logger with what the gateway saw of it since start.
struct DevicesController<Context: RequestContext>: Sendable {
    let store: SQLStore
    let status: DeviceStatusBoard

    struct DeviceDTO: ResponseEncodable, Sendable {
        var mn: String
        var site: String
        var origin: String
        var configuredEdition: String?
        var online: Bool
        var lastSeen: String?
        var edition: String?
        var peer: String?
        var framesAccepted: Int
        var framesRejected: [String: Int]
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("devices", use: list)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> ItemsDTO<DeviceDTO> {
        let live = Dictionary(status.all().map { ($0.mn, $0) }, uniquingKeysWith: { $1 })
        return ItemsDTO(items: try await store.devices().map { device in
            let seen = live[device.mn]
            return DeviceDTO(
                mn: device.mn, site: device.siteCode, origin: device.origin.rawValue, configuredEdition: device.edition?.rawValue,
                online: seen?.online ?? false, lastSeen: seen?.lastSeen, edition: seen?.edition, peer: seen?.peer,
                framesAccepted: seen?.framesAccepted ?? 0, framesRejected: seen?.framesRejected ?? [:])
        })
    }
}
