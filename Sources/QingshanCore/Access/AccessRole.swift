/// What an API token may see and change (DESIGN: Access). Anonymous clients see published data only.
public enum AccessRole: String, Codable, Sendable, Hashable, CaseIterable {
    /// 市生态环境局: every site, read and write, and the devices.
    case city
    /// 旗县区分局, scoped to a region code: the public sites and every site of its region; writes there.
    case county
    /// 排污单位, scoped to an enterprise code: the public sites and its own outlets; writes to its outlets.
    case enterprise
    /// 共享部门 (another department the data are shared with): every site, read only; scoped to a region if given.
    case reader

    /// Whether `token create` must be given a `--scope`.
    public var needsScope: Bool { self == .county || self == .enterprise }

    public var nameZh: String {
        switch self {
        case .city: "市局"
        case .county: "旗县区"
        case .enterprise: "企业"
        case .reader: "共享只读"
        }
    }
}
