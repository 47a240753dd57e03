import Foundation
import HJ212
import Hummingbird
import QingshanCore
import QingshanStore

/// `/api/v1/devices`: every registered data logger with what the gateway saw of it since start; an operator's
/// settings per device (edition, lenient CRC, quarantine, key); requests sent to a connected logger.
struct DevicesController<Context: AccessRequestContext>: Sendable {
    let store: any PlatformStore
    let gateway: GatewayState
    var auditor: Auditor { Auditor(store: store) }

    struct DeviceDTO: ResponseEncodable, Sendable {
        var mn: String
        var site: String
        var origin: String
        var configuredEdition: String?
        var lenientCRC: Bool
        var mode: String
        var encrypted: Bool
        var online: Bool
        var lastSeen: String?
        var edition: String?
        var peer: String?
        var framesAccepted: Int
        var framesRejected: [String: Int]
        var crcVariants: [String: Int]
        var splitUploadsComplete: Int
        var splitUploadsIncomplete: Int
    }

    /// `PUT /devices/{mn}`: fields left out keep their value (or the default for a new device).
    struct Settings: Decodable {
        var site: String?
        var password: String?
        var edition: String?
        var lenientCRC: Bool?
        var mode: String?
        var sm4Key: String?
    }

    /// `POST /devices/{mn}/commands`.
    struct CommandBody: Decodable {
        var cn: String
        /// 1062: the real-time interval in seconds.
        var interval: Int?
        /// 2051/2061/2031: the history range, RFC 3339.
        var begin: String?
        var end: String?
        /// Seconds to wait for the logger's answer before replying (0–30, default 5).
        var wait: Double?
    }

    struct CommandsDTO: ResponseEncodable, Sendable {
        var items: [HJ212CommandCenter.Record]
    }

    struct FramesDTO: ResponseEncodable, Sendable {
        var mn: String
        var mode: String
        /// The latest frames as `qingshan hj212 decode` prints them, oldest first.
        var frames: [String]
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("devices", use: list)
        group.put("devices/:mn", use: update)
        group.get("devices/:mn/frames", use: frames)
        group.get("devices/:mn/commands", use: commandList)
        group.post("devices/:mn/commands", use: command)
        group.get("devices/:mn/commands/:qn", use: commandRecord)
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> ItemsDTO<DeviceDTO> {
        let live = Dictionary(gateway.status.all().map { ($0.mn, $0) }, uniquingKeysWith: { $1 })
        let principal = context.principal
        let sites = Dictionary(try await store.sites(SiteFilter()).map { ($0.code, $0) }, uniquingKeysWith: { $1 })
        let visible = try await store.devices().filter { device in sites[device.siteCode].map(principal.canRead) ?? principal.seesEverything }
        return ItemsDTO(
            items: visible.map { device in
                var dto = Self.dto(device, seen: live[device.mn])
                // A logger's network address is for the people who run the network, not for the public.
                if principal == .anonymous { dto.peer = nil }
                return dto
            })
    }

    /// A registered device with what the gateway saw of it.
    static func dto(_ device: Device, seen: DeviceStatusBoard.Status?) -> DeviceDTO {
        DeviceDTO(
            mn: device.mn, site: device.siteCode, origin: device.origin.rawValue, configuredEdition: device.edition?.rawValue,
            lenientCRC: device.lenientCRC, mode: device.mode.rawValue, encrypted: device.sm4KeyHex != nil,
            online: seen?.online ?? false, lastSeen: seen?.lastSeen, edition: seen?.edition, peer: seen?.peer,
            framesAccepted: seen?.framesAccepted ?? 0, framesRejected: seen?.framesRejected ?? [:],
            crcVariants: seen?.crcVariants ?? [:], splitUploadsComplete: seen?.splitUploadsComplete ?? 0,
            splitUploadsIncomplete: seen?.splitUploadsIncomplete ?? 0)
    }

    /// Registers or changes a device. An MN never seen before needs no site: one is created with the MN as its
    /// code (as `hj212 enroll` does), so a stranger can be put into quarantine in one call.
    @Sendable func update(_ request: Request, context: Context) async throws -> EditedResponse<DeviceDTO> {
        try context.principal.requireDeviceManagement()
        let mn = try context.parameters.require("mn")
        let settings = try await JSONBody.decode(
            Settings.self, from: request, example: #"{"mode": "quarantine", "lenientCRC": false, "edition": "2017", "password": "123456"}"#)
        let existing = try await store.devices().first { $0.mn == mn }
        var device = existing ?? Device(mn: mn, siteCode: settings.site ?? mn, origin: .manual)
        if let site = settings.site { device.siteCode = site }
        if let password = settings.password { device.password = password.isEmpty ? nil : password }
        if let edition = settings.edition {
            guard edition.isEmpty || HJ212Edition(rawValue: edition) != nil else {
                throw ProblemDetails.badRequest(code: "invalid_edition", "edition '\(edition)' must be 2005, 2017, 2025 or empty (detect)")
            }
            device.edition = HJ212Edition(rawValue: edition)
        }
        if let lenient = settings.lenientCRC { device.lenientCRC = lenient }
        if let mode = settings.mode {
            guard let parsed = Device.Mode(rawValue: mode) else {
                throw ProblemDetails.badRequest(code: "invalid_mode", "mode '\(mode)' must be active or quarantine")
            }
            device.mode = parsed
        }
        if let key = settings.sm4Key {
            guard key.isEmpty || HJ212Encryption.key(key) != nil else {
                throw ProblemDetails.badRequest(code: "invalid_key", "sm4Key must be 32 hex digits or 16 characters (empty removes it)")
            }
            device.sm4KeyHex = key.isEmpty ? nil : key
        }
        if device.siteCode == mn, existing == nil, try await store.site(code: mn) == nil {
            _ = try await store.addMissingSites([
                Site(code: mn, nameZh: mn, kind: .sourceGas, attributes: ["registered_by": "PUT /api/v1/devices"], origin: .manual)
            ])
        }
        do {
            try await gateway.devices.save(device)
        } catch StoreError.invalid(let reason) {
            throw ProblemDetails.badRequest(code: "invalid_device", reason)
        }
        // The audit keeps the settings, never the password or key (only whether there is one).
        try await context.audit(
            auditor, existing == nil ? "device.create" : "device.update", target: "device:\(mn)", before: existing.map(AuditedDevice.init),
            after: AuditedDevice(device))
        return EditedResponse(status: existing == nil ? .created : .ok, response: Self.dto(device, seen: gateway.status.status(mn)))
    }

    @Sendable func frames(_ request: Request, context: Context) async throws -> FramesDTO {
        let mn = try context.parameters.require("mn")
        let device = try await operable(mn, context.principal)
        return FramesDTO(mn: mn, mode: device.mode.rawValue, frames: gateway.status.quarantinedFrames(mn))
    }

    @Sendable func commandList(_ request: Request, context: Context) async throws -> CommandsDTO {
        let mn = try context.parameters.require("mn")
        _ = try await operable(mn, context.principal)
        return CommandsDTO(items: gateway.commands.records(for: mn))
    }

    /// Sends a request to a connected logger and waits a little for its answer: 201 with the record, whose
    /// `state` tells how far it got (sent, accepted, refused, done, failed).
    @Sendable func command(_ request: Request, context: Context) async throws -> EditedResponse<HJ212CommandCenter.Record> {
        let mn = try context.parameters.require("mn")
        let device = try await operable(mn, context.principal)
        let body = try await JSONBody.decode(
            CommandBody.self, from: request, example: #"{"cn": "2061", "begin": "2024-01-01T00:00:00+08:00", "end": "2024-01-02T00:00:00+08:00"}"#)
        guard gateway.commands.isConnected(mn) else {
            throw ProblemDetails(
                status: .conflict, code: "device_offline", title: "设备不在线 (device offline)",
                detail: "MN \(mn) has no open HJ 212 connection; requests can be sent only while it is connected")
        }
        let now = Timestamp.now
        var record: HJ212CommandCenter.Record
        switch body.cn {
        case "1012":
            record = try await gateway.commands.send(.setTime(now), to: mn, now: now)
        case "1062":
            guard let interval = body.interval, HJ212Command.realTimeIntervals.contains(interval) else {
                throw ProblemDetails.badRequest(code: "invalid_interval", "1062 needs interval: the real-time upload interval in seconds, 1 to 3600")
            }
            record = try await gateway.commands.send(.setRealTimeInterval(seconds: interval), to: mn, now: now)
        case let cn where HJ212Command.HistoryKind(rawValue: cn) != nil:
            guard let beginText = body.begin, let endText = body.end, let begin = try? RFC3339.parse(beginText),
                let end = try? RFC3339.parse(endText), begin <= end
            else {
                throw ProblemDetails.badRequest(code: "invalid_range", "\(body.cn) needs begin and end, RFC 3339 times with begin ≤ end")
            }
            record = try await gateway.commands.send(.history(HJ212Command.HistoryKind(rawValue: cn)!, begin: begin, end: end), to: mn, now: now)
        case "1014":
            guard device.sm4KeyHex != nil else {
                throw ProblemDetails.badRequest(code: "no_key", "MN \(mn) has no SM4 key; set sm4Key with PUT /api/v1/devices/\(mn) first")
            }
            record = try await gateway.commands.sendNewKey(to: device, now: now)
        default:
            throw ProblemDetails.badRequest(
                code: "unsupported_command",
                "cn '\(body.cn)' is not one the API sends: 1012 (set time), 1062 (real-time interval), 2051/2061/2031 (history), 1014 (new key)")
        }
        try await context.audit(auditor, "device.command", target: "device:\(mn)", after: ["cn": body.cn, "qn": record.qn])
        record = await gateway.commands.finalRecord(record.qn, timeout: Self.waitDuration(body.wait)) ?? record
        return EditedResponse(status: .created, response: record)
    }

    /// `GET /devices/{mn}/commands/{qn}?wait=S`: one request's record, answered as soon as it is final or after
    /// `wait` seconds (0–30, default 0), so that a client awaits the logger's answer instead of polling.
    @Sendable func commandRecord(_ request: Request, context: Context) async throws -> HJ212CommandCenter.Record {
        let mn = try context.parameters.require("mn")
        _ = try await operable(mn, context.principal)
        let qn = try context.parameters.require("qn")
        let waitText = request.uri.queryParameters["wait"].map(String.init)
        guard waitText == nil || Double(waitText!) != nil else {
            throw ProblemDetails.badRequest(code: "invalid_wait", "wait must be seconds, 0 to 30")
        }
        guard let current = gateway.commands.record(qn), current.mn == mn else {
            throw ProblemDetails.notFound(code: "command_not_found", "no request \(qn) to MN \(mn); see /api/v1/devices/\(mn)/commands")
        }
        return await gateway.commands.finalRecord(qn, timeout: Self.waitDuration(waitText.flatMap(Double.init) ?? 0)) ?? current
    }

    /// A device the principal may operate: 401 without credentials, 404 for one it may not see (as for one that does
    /// not exist), 403 for one it sees but may not operate.
    func operable(_ mn: String, _ principal: Principal) async throws -> Device {
        try principal.requireSignedIn("device status and commands")
        let device = try await store.devices().first(where: { $0.mn == mn })
        var site: Site?
        if let device { site = try await store.site(code: device.siteCode) }
        guard let device, principal.canManageDevices || site.map(principal.canRead) == true else {
            throw ProblemDetails.notFound(code: "device_not_found", "no device with MN '\(mn)'; see /api/v1/devices")
        }
        if !principal.canManageDevices { try principal.requireDeviceOperation(site!) }
        return device
    }

    /// A device's settings as the audit log keeps them: whether it has a password or key, never what they are.
    struct AuditedDevice: Encodable, Sendable {
        var mn, site, mode: String
        var edition: String?
        var lenientCRC, hasPassword, hasKey: Bool

        init(_ device: Device) {
            mn = device.mn
            site = device.siteCode
            mode = device.mode.rawValue
            edition = device.edition?.rawValue
            lenientCRC = device.lenientCRC
            hasPassword = device.password != nil
            hasKey = device.sm4KeyHex != nil
        }
    }

    /// The seconds a client asked to wait, within 0–30 (default 5).
    static func waitDuration(_ seconds: Double?) -> Duration {
        .milliseconds(Int((min(max(seconds ?? 5, 0), 30) * 1000).rounded()))
    }
}

extension HJ212CommandCenter.Record: ResponseEncodable {}
