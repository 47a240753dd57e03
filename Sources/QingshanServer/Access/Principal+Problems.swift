import HTTPTypes
import QingshanCore

/// The checks routes make, as problem documents that say how to get access.
extension Principal {
    /// 404 for a site this principal may not see, worded as for a site that does not exist (no hint that it does).
    func requireRead(_ site: Site?, code: String) throws -> Site {
        guard let site, canRead(site) else {
            throw ProblemDetails.notFound(code: "site_not_found", "no site with code '\(code)'; see /api/v1/sites")
        }
        return site
    }

    /// Before a write is looked at: 401 without a token, 403 for a read-only one.
    func requireWriter() throws {
        guard role != nil else {
            throw TokenAuthenticator.unauthorized(
                "writes need an API token: send Authorization: Bearer TOKEN (the bureau creates one with qingshan token create)")
        }
        guard canWriteAnything else { throw Self.forbidden("\(label) reads only") }
    }

    /// A write to one site: 403 when the token's role and scope do not cover it.
    func requireWrite(_ site: Site) throws {
        try requireWriter()
        guard canWrite(site) else { throw Self.forbidden("\(label) may not write to site \(site.code)") }
    }

    func requireDeviceManagement() throws {
        guard role != nil else {
            throw TokenAuthenticator.unauthorized(
                "devices are managed with a city-role API token: send Authorization: Bearer TOKEN (qingshan token create --role city)")
        }
        guard canManageDevices else {
            throw Self.forbidden("\(label) may not manage devices: registering devices and sending them commands needs a city-role token")
        }
    }

    /// Alarms are for the people who act on them: 401 without a token.
    func requireSignedIn(_ what: String) throws {
        guard role != nil else {
            throw TokenAuthenticator.unauthorized("\(what) need an API token: send Authorization: Bearer TOKEN (qingshan token create)")
        }
    }

    /// Acknowledging or commenting on a site's alarm: anyone who may write to the site.
    func requireAlarmResponse(_ site: Site) throws {
        try requireSignedIn("alarm actions")
        guard canWrite(site) else { throw Self.forbidden("\(label) may not act on alarms of site \(site.code)") }
    }

    /// Clearing or assigning a site's alarm: the city bureau or the site's county bureau.
    func requireAlarmHandling(_ site: Site) throws {
        try requireSignedIn("alarm actions")
        guard canHandleAlarms(of: site) else {
            throw Self.forbidden("\(label) may not clear or assign alarms of site \(site.code): the city or its county bureau does")
        }
    }

    func requirePermitManagement() throws {
        try requireSignedIn("permit changes")
        guard canManagePermits else { throw Self.forbidden("\(label) may not change permits: that needs a city-role token") }
    }

    /// People, roles and the audit log: 401 without credentials, 403 for anyone but the administrator.
    func requireAdministrator(_ what: String) throws {
        try requireSignedIn(what)
        guard isAdministrator else { throw Self.forbidden("\(label) may not see or change \(what): that is the administrator's (role admin)") }
    }

    /// Devices of one site: their live status and commands.
    func requireDeviceOperation(_ site: Site) throws {
        try requireSignedIn("device commands")
        guard canOperateDevices(of: site) else {
            throw Self.forbidden(
                "\(label) may not operate the devices of site \(site.code): the bureau, the monitoring centre or the site's maintainer does")
        }
    }

    func requirePlanEntry() throws {
        try requireSignedIn("plan entries")
        guard canEnterPlanValues else { throw Self.forbidden("\(label) may not enter plan values: the city bureau (role city or admin) does") }
    }

    func requireDustDayMarking() throws {
        try requireSignedIn("dust days")
        guard canMarkDustDays else { throw Self.forbidden("\(label) may not mark dust days: the monitoring centre or the city bureau does") }
    }

    /// How a principal is named in errors: the token's public id, role and scope, never its secret.
    var label: String {
        switch self {
        case .anonymous: return "an anonymous client"
        case .token(let token): return "token qs_\(token.id)_… (\(token.role.rawValue)\(token.scope.map { " " + $0 } ?? ""))"
        case .user(let user): return "user \(user.username) (\(user.role.rawValue)\(user.scope.map { " " + $0 } ?? ""))"
        }
    }

    private static func forbidden(_ detail: String) -> ProblemDetails {
        ProblemDetails(status: .forbidden, code: "forbidden", title: "无权限 (forbidden)", detail: detail)
    }
}
