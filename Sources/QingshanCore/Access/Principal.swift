/// Who is asking: nobody in particular, or the holder of a token. Decides which sites a request can see and write.
public enum Principal: Sendable, Hashable {
    case anonymous
    case token(APIToken)

    /// A site whose data this principal may read: public sites for everyone; the rest by role and scope.
    public func canRead(_ site: Site) -> Bool {
        if site.isPublic { return true }
        guard case .token(let token) = self else { return false }
        switch token.role {
        case .city: return true
        case .reader: return token.scope == nil || site.regionCode == token.scope
        case .county: return site.regionCode == token.scope
        case .enterprise: return site.enterpriseCode == token.scope
        }
    }

    /// A site this principal may write observations to.
    public func canWrite(_ site: Site) -> Bool {
        guard case .token(let token) = self else { return false }
        switch token.role {
        case .city: return true
        case .reader: return false
        case .county: return site.regionCode == token.scope
        case .enterprise: return site.enterpriseCode == token.scope
        }
    }

    /// Registering devices, quarantining them and sending them commands: the city bureau's job.
    public var canManageDevices: Bool {
        if case .token(let token) = self { return token.role == .city }
        return false
    }

    /// Whether any site could be written by this principal (the first check of a write, before the site is known).
    public var canWriteAnything: Bool {
        if case .token(let token) = self { return token.role != .reader }
        return false
    }

    /// Sees every site there is, so lists need no filtering.
    public var seesEverything: Bool {
        if case .token(let token) = self { return token.role == .city || (token.role == .reader && token.scope == nil) }
        return false
    }

    /// Clearing and assigning a site's alarms: the city bureau, or the county bureau of the site's 旗县区. An
    /// enterprise may acknowledge and comment on its own outlets' alarms (`canWrite`), never clear them.
    public func canHandleAlarms(of site: Site) -> Bool {
        guard case .token(let token) = self else { return false }
        switch token.role {
        case .city: return true
        case .county: return site.regionCode == token.scope
        case .enterprise, .reader: return false
        }
    }

    /// Changing permits: the city bureau.
    public var canManagePermits: Bool {
        if case .token(let token) = self { return token.role == .city }
        return false
    }
}
