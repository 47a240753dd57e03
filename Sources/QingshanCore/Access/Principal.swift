/// Who is asking: nobody in particular, the holder of an API token, or a person signed in to the console. Decides
/// which sites a request can see and write; this is the one place that does.
public enum Principal: Sendable, Hashable {
    case anonymous
    case token(APIToken)
    case user(UserAccount)

    /// The role granted, nil for the anonymous public.
    public var role: AccessRole? {
        switch self {
        case .anonymous: nil
        case .token(let token): token.role
        case .user(let user): user.role
        }
    }

    public var scope: String? {
        switch self {
        case .anonymous: nil
        case .token(let token): token.scope
        case .user(let user): user.scope
        }
    }

    /// A site whose data this principal may read: public sites for everyone; the rest by role and scope.
    public func canRead(_ site: Site) -> Bool {
        if site.isPublic { return true }
        guard let role else { return false }
        switch role {
        case .admin, .city, .station: return true
        case .reader: return scope == nil || site.regionCode == scope
        case .county: return site.regionCode == scope
        case .enterprise: return site.enterpriseCode == scope
        case .maintainer: return Self.maintains(scope, site)
        }
    }

    /// A site this principal may write observations to.
    public func canWrite(_ site: Site) -> Bool {
        guard let role else { return false }
        switch role {
        case .admin, .city, .station: return true
        case .reader, .maintainer: return false
        case .county: return site.regionCode == scope
        case .enterprise: return site.enterpriseCode == scope
        }
    }

    /// Registering devices, quarantining them and sending any of them commands: the bureau and its monitoring centre.
    public var canManageDevices: Bool {
        [.admin, .city, .station].contains(role)
    }

    /// Reading the live status of a site's devices and sending them commands: who manages devices, and the
    /// maintenance company the site names.
    public func canOperateDevices(of site: Site) -> Bool {
        canManageDevices || (role == .maintainer && Self.maintains(scope, site))
    }

    /// Whether any site could be written by this principal (the first check of a write, before the site is known).
    public var canWriteAnything: Bool {
        guard let role else { return false }
        return role != .reader && role != .maintainer
    }

    /// Sees every site there is, so lists need no filtering.
    public var seesEverything: Bool {
        switch role {
        case .admin, .city, .station: true
        case .reader: scope == nil
        default: false
        }
    }

    /// Clearing and assigning a site's alarms: the city bureau, or the county bureau of the site's 旗县区. An
    /// enterprise may acknowledge and comment on its own outlets' alarms (`canWrite`), never clear them.
    public func canHandleAlarms(of site: Site) -> Bool {
        switch role {
        case .admin, .city: true
        case .county: site.regionCode == scope
        default: false
        }
    }

    /// Changing permits: the city bureau.
    public var canManagePermits: Bool { role == .admin || role == .city }

    /// Entering the plan's values and the autonomous region's yearly targets: 市局业务 and the administrator.
    public var canEnterPlanValues: Bool { role == .admin || role == .city }

    /// Marking dust days for the dust-deducted air figures: the monitoring centre, and the bureau.
    public var canMarkDustDays: Bool { role == .admin || role == .city || role == .station }

    /// People, roles, and the audit log: the administrator.
    public var isAdministrator: Bool { role == .admin }

    /// The site attribute that names the company maintaining a site's monitoring equipment.
    public static let maintainerAttribute = "maintainer"

    static func maintains(_ company: String?, _ site: Site) -> Bool {
        guard let company, let named = site.attributes[maintainerAttribute] else { return false }
        return named == company
    }
}
