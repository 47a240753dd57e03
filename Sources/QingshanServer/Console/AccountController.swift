import Foundation
import HTTPTypes
import Hummingbird
import QingshanCore
import QingshanStore

/// 登录, 我的账户 and 审计: signing in and out, changing one's password, one's sessions, and the audit log for the
/// administrator. Every form posts with the session's CSRF token; the sign-in form, which has no session yet,
/// with a token of its own cookie.
struct AccountController<Context: AccessRequestContext>: Sendable {
    let accounts: AccountService
    let store: any PlatformStore
    let templates: ConsoleTemplates

    func addRoutes(to router: Router<Context>) {
        router.get("sign-in", use: signInPage)
        router.post("sign-in", use: signIn)
        router.post("sign-out", use: signOut)
        router.get("account", use: account)
        router.get("account/password", use: account)
        router.post("account/password", use: changePassword)
        router.post("account/sessions/:id/revoke", use: revokeSession)
        router.get("audit", use: auditPage)
    }

    struct SignInPage {
        var title = "登录"
        var nav = ConsoleViews.navigation(current: "/sign-in")
        var csrf: String
        var username: String
        var message: String?
    }

    @Sendable func signInPage(_ request: Request, context: Context) async throws -> Response {
        if context.session != nil { return Self.redirect("/") }
        return try signInForm(request, context: context, username: "", message: nil, status: .ok)
    }

    func signInForm(_ request: Request, context: Context, username: String, message: String?, status: HTTPResponse.Status) throws -> Response {
        let csrf = SecretText.base64URL(24)
        var response = try templates.page("sign-in", SignInPage(csrf: csrf, username: username, message: message), for: request, context: context)
        response.status = status
        response.headers[values: .setCookie].append(
            SessionCookie.header(SessionCookie.signInName, csrf, maxAge: 3_600, secure: accounts.settings.secureCookies))
        return response
    }

    @Sendable func signIn(_ request: Request, context: Context) async throws -> Response {
        let form = try await FormBody.read(request, session: nil)
        guard let expected = request.cookies[SessionCookie.signInName]?.value,
            TokenAuthenticator.constantTimeEqual(form["_csrf"], expected)
        else {
            return try signInForm(
                request, context: context, username: form["username"], message: "表单已过期，请重新登录 (the form expired; sign in again)",
                status: .forbidden)
        }
        let outcome = try await accounts.signIn(
            username: form["username"], password: form["password"], address: context.clientAddress,
            userAgent: request.headers[.userAgent], now: .now)
        switch outcome {
        case .signedIn(_, let cookie, let user):
            var response = Self.redirect(user.mustChangePassword ? "/account/password" : "/")
            response.headers[values: .setCookie] = [
                SessionCookie.header(
                    SessionCookie.name, cookie, maxAge: Int(accounts.settings.sessionHours * 3_600), secure: accounts.settings.secureCookies),
                SessionCookie.clearing(SessionCookie.signInName, secure: accounts.settings.secureCookies),
            ]
            return response
        case .refused:
            return try signInForm(
                request, context: context, username: form["username"], message: "用户名或密码不正确 (wrong user name or password)",
                status: .unauthorized)
        case .locked(let seconds):
            return try signInForm(
                request, context: context, username: form["username"],
                message: "密码错误次数过多，账户已锁定，请 \(seconds) 秒后再试 (too many wrong passwords: locked for \(seconds) s)",
                status: HTTPResponse.Status(code: 423, reasonPhrase: "Locked"))
        case .throttled(let seconds):
            var response = try signInForm(
                request, context: context, username: form["username"],
                message: "此地址登录失败过多，请 \(seconds) 秒后再试 (too many failures from this address: wait \(seconds) s)",
                status: .tooManyRequests)
            response.headers[.retryAfter] = "\(seconds)"
            return response
        }
    }

    @Sendable func signOut(_ request: Request, context: Context) async throws -> Response {
        guard case .user(let user) = context.principal, let session = context.session else { return Self.redirect("/") }
        _ = try await FormBody.read(request, session: session)
        try await accounts.signOut(user: user, session: session, address: context.clientAddress, now: .now)
        var response = Self.redirect("/")
        response.headers[.setCookie] = SessionCookie.clearing(SessionCookie.name, secure: accounts.settings.secureCookies)
        return response
    }

    struct AccountPage {
        var title = "我的账户"
        var nav = ConsoleViews.navigation(current: "/account")
        var username, displayName, role, scope, csrf: String
        var mustChange: Bool
        var message: String?
        var changed: Bool
        var sessions: [SessionRow]
    }

    struct SessionRow {
        var id, created, lastSeen, address, userAgent, state, csrf: String
        var current, revocable: Bool
    }

    @Sendable func account(_ request: Request, context: Context) async throws -> Response {
        try await accountPage(request, context: context, message: nil, changed: request.uri.queryParameters["changed"] != nil, status: .ok)
    }

    func accountPage(_ request: Request, context: Context, message: String?, changed: Bool, status: HTTPResponse.Status) async throws -> Response {
        guard case .user(let user) = context.principal, let session = context.session else { return Self.redirect("/sign-in") }
        let now = Timestamp.now
        let rows = try await store.sessions(username: user.username).prefix(50).map { record in
            SessionRow(
                id: record.id, created: CivilDateTime(record.createdAt).minuteText, lastSeen: CivilDateTime(record.lastSeenAt).minuteText,
                address: record.address ?? "", userAgent: String((record.userAgent ?? "").prefix(60)),
                state: record.revokedAt != nil ? "已退出" : (record.isLive(at: now) ? "有效" : "已过期"), csrf: session.csrf,
                current: record.id == session.id, revocable: record.id != session.id && record.isLive(at: now))
        }
        let page = AccountPage(
            username: user.username, displayName: user.displayName, role: user.role.nameZh,
            scope: ConsoleAccountArea.describe(user.role, user.scope), csrf: session.csrf, mustChange: user.mustChangePassword,
            message: message, changed: changed, sessions: Array(rows))
        var response = try templates.page("account", page, for: request, context: context)
        response.status = status
        return response
    }

    @Sendable func changePassword(_ request: Request, context: Context) async throws -> Response {
        guard case .user(let user) = context.principal, let session = context.session else { return Self.redirect("/sign-in") }
        let form = try await FormBody.read(request, session: session)
        if let problem = try await accounts.changePassword(
            user: user, session: session, current: form["current"], new: form["new"], confirmation: form["confirmation"],
            address: context.clientAddress, now: .now)
        {
            var context = context
            if case .user(var changed) = context.principal {
                changed.mustChangePassword = user.mustChangePassword
                context.principal = .user(changed)
            }
            return try await accountPage(request, context: context, message: problem, changed: false, status: .badRequest)
        }
        return Self.redirect("/account?changed=1")
    }

    @Sendable func revokeSession(_ request: Request, context: Context) async throws -> Response {
        guard case .user(let user) = context.principal, let session = context.session else { return Self.redirect("/sign-in") }
        _ = try await FormBody.read(request, session: session)
        let id = try context.parameters.require("id")
        _ = try await accounts.revoke(sessionID: id, of: user, address: context.clientAddress, now: .now)
        return Self.redirect("/account")
    }

    struct AuditPage {
        var title = "审计日志"
        var nav = ConsoleViews.navigation(current: "/audit")
        var entries: [AuditRow]
        var next: Int64?
        var verified: String
        var verifiedClass: String
    }

    struct AuditRow {
        var position: Int64
        var at, actor, address, action, target, before, after: String
    }

    @Sendable func auditPage(_ request: Request, context: Context) async throws -> Response {
        guard context.principal != .anonymous else { return Self.redirect("/sign-in") }
        try context.principal.requireAdministrator("the audit log")
        let before = request.uri.queryParameters["before"].flatMap { Int64(String($0)) } ?? .max
        let entries = try await store.auditEntries(from: before, limit: 100, descending: true)
        let check = try await store.verifyAudit()
        let page = AuditPage(
            entries: entries.map {
                AuditRow(
                    position: $0.position, at: CivilDateTime($0.record.at).minuteText, actor: $0.record.actor, address: $0.record.address ?? "",
                    action: $0.record.action, target: $0.record.target, before: $0.record.before ?? "", after: $0.record.after ?? "")
            }, next: entries.count == 100 ? entries.last?.position : nil,
            verified: check.problem.map { "哈希链校验未通过：\($0.description)" } ?? "哈希链完整：已校验 \(check.checked) 条记录",
            verifiedClass: check.problem == nil ? "ok" : "error")
        return try templates.page("audit", page, for: request, context: context)
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
