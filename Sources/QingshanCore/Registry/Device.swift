/// A data logger (数采仪) that talks HJ 212 to the centre.
public struct Device: Codable, Sendable, Hashable {
    /// What the gateway does with a device's frames.
    public enum Mode: String, Codable, Sendable, Hashable {
        /// Checked, stored and answered.
        case active
        /// Decoded and kept for an operator to look at (`/api/v1/devices/{mn}/frames`); neither stored nor
        /// answered. For a stranger whose traffic should be understood before it is trusted.
        case quarantine
    }

    /// The MN (设备唯一标识), treated as opaque text.
    public var mn: String
    public var siteCode: String
    /// Edition forced by the operator; `nil` means detect from each frame.
    public var edition: HJ212Edition?
    /// The access password (PW) the device must send.
    public var password: String?
    /// HJ 212-2025 SM4 key as 32 hex digits, when the device encrypts its CP area.
    public var sm4KeyHex: String?
    /// Accept the Modbus CRC variants from this device (reported as such), for loggers that cannot be fixed.
    public var lenientCRC: Bool
    public var mode: Mode
    public var origin: RecordOrigin

    public init(
        mn: String, siteCode: String, edition: HJ212Edition? = nil, password: String? = nil, sm4KeyHex: String? = nil,
        lenientCRC: Bool = false, mode: Mode = .active, origin: RecordOrigin = .profile
    ) {
        self.mn = mn
        self.siteCode = siteCode
        self.edition = edition
        self.password = password
        self.sm4KeyHex = sm4KeyHex
        self.lenientCRC = lenientCRC
        self.mode = mode
        self.origin = origin
    }

    enum CodingKeys: String, CodingKey {
        case mn, siteCode, edition, password, sm4KeyHex, lenientCRC, mode, origin
    }

    /// Profiles written before `lenientCRC` and `mode` existed still load.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            mn: try container.decode(String.self, forKey: .mn),
            siteCode: try container.decode(String.self, forKey: .siteCode),
            edition: try container.decodeIfPresent(HJ212Edition.self, forKey: .edition),
            password: try container.decodeIfPresent(String.self, forKey: .password),
            sm4KeyHex: try container.decodeIfPresent(String.self, forKey: .sm4KeyHex),
            lenientCRC: try container.decodeIfPresent(Bool.self, forKey: .lenientCRC) ?? false,
            mode: try container.decodeIfPresent(Mode.self, forKey: .mode) ?? .active,
            origin: try container.decode(RecordOrigin.self, forKey: .origin))
    }
}
