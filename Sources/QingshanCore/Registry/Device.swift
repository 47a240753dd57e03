/// A data logger (数采仪) that talks HJ 212 to the centre.
public struct Device: Codable, Sendable, Hashable {
    public enum Edition: String, Codable, Sendable, Hashable {
        case hj212_2005 = "2005"
        case hj212_2017 = "2017"
        case hj212_2025 = "2025"
    }

    /// The MN (设备唯一标识), treated as opaque text.
    public var mn: String
    public var siteCode: String
    /// Edition forced by the operator; `nil` means detect from each frame.
    public var edition: Edition?
    /// The access password (PW) the device must send.
    public var password: String?
    /// HJ 212-2025 SM4 key as 32 hex digits, when the device encrypts its CP area.
    public var sm4KeyHex: String?
    public var origin: RecordOrigin

    public init(
        mn: String, siteCode: String, edition: Edition? = nil, password: String? = nil, sm4KeyHex: String? = nil,
        origin: RecordOrigin = .profile
    ) {
        self.mn = mn
        self.siteCode = siteCode
        self.edition = edition
        self.password = password
        self.sm4KeyHex = sm4KeyHex
        self.origin = origin
    }
}
