/// What a person or an API token may see and change (DESIGN: Access). Anonymous clients see published data only.
public enum AccessRole: String, Codable, Sendable, Hashable, CaseIterable {
    /// 市局管理员: everything, people and the audit log included.
    case admin
    /// 市局业务: every site, read and write, alarms, permits and the devices (the bureau's own staff; the role
    /// API tokens have had from the start).
    case city
    /// 监测站 (the monitoring centre): every site, its data and devices; not permits, alarms' handling or people.
    case station
    /// 旗县区分局, scoped to a region code: the public sites and every site of its region; writes there.
    case county
    /// 排污单位, scoped to an enterprise code: the public sites and its own outlets; writes to its outlets.
    case enterprise
    /// 运维公司, scoped to its company code: the public sites and the sites whose `maintainer` attribute names it;
    /// their devices' status and commands, nothing else written.
    case maintainer
    /// 共享部门 (another department the data are shared with): every site, read only; scoped to a region if given.
    case reader

    /// Whether a token or user of this role must be given a scope.
    public var needsScope: Bool { self == .county || self == .enterprise || self == .maintainer }

    /// Whether a scope is refused (these roles see every site).
    public var refusesScope: Bool { self == .admin || self == .city || self == .station }

    public var nameZh: String {
        switch self {
        case .admin: "市局管理员"
        case .city: "市局业务"
        case .station: "监测站"
        case .county: "旗县区分局"
        case .enterprise: "企业"
        case .maintainer: "运维"
        case .reader: "共享只读"
        }
    }
}
