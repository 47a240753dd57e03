import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import QingshanCore
import QingshanStore
import Testing

@testable import QingshanServer

/// Signing in to the console through the real application: one-time passwords, the cookie's attributes, CSRF on
/// every form and on cookie-authenticated API changes, sessions and sign-out; and brute force against the account
/// and from one address.
@Suite struct AccountTests {
    /// The value of a `name=value` cookie among Set-Cookie headers, with the header itself.
    static func cookie(_ response: TestResponse, _ name: String) -> (value: String, header: String)? {
        for header in response.headers[values: .setCookie] where header.hasPrefix(name + "=") {
            let value = header.dropFirst(name.count + 1).prefix { $0 != ";" }
            return (String(value), header)
        }
        return nil
    }

    static func hidden(_ html: String, _ name: String) -> String? {
        guard let range = html.range(of: #"name="\#(name)" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func form(_ fields: [String: String]) -> ByteBuffer {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return ByteBuffer(
            string: fields.sorted { $0.key < $1.key }.map {
                "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
            }.joined(separator: "&"))
    }

    static let formType: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    /// Signs in through the form; returns the response to the POST.
    static func signIn(_ client: any TestClientProtocol, _ username: String, _ password: String) async throws -> TestResponse {
        let page = try await client.execute(uri: "/sign-in", method: .get)
        let csrf = try #require(hidden(page.text, "_csrf"))
        let signInCookie = try #require(cookie(page, SessionCookie.signInName)).value
        var headers = formType
        headers[.cookie] = "\(SessionCookie.signInName)=\(signInCookie)"
        return try await client.execute(
            uri: "/sign-in", method: .post, headers: headers, body: form(["_csrf": csrf, "username": username, "password": password]))
    }

    @Test func oneTimePasswordSessionAndCSRF() async throws {
        try await withApp { client, store in
            let admin = UserAdministration(store: store, bcryptCost: 4, actor: "test")
            let oneTime = try await admin.add(username: "wang", displayName: "王科长", role: .county, scope: "150823")
            // Wrong password: 401 and the form again, no session.
            let wrong = try await Self.signIn(client, "wang", "not-the-password")
            #expect(wrong.status == .unauthorized && Self.cookie(wrong, SessionCookie.name) == nil)
            #expect(wrong.text.contains("用户名或密码不正确"))
            // The one-time password signs in and leads to the password form.
            let signedIn = try await Self.signIn(client, "wang", oneTime)
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/account/password")
            let (session, header) = try #require(Self.cookie(signedIn, SessionCookie.name))
            #expect(header.contains("HttpOnly") && header.contains("SameSite=Strict") && header.contains("Path=/") && !header.contains("Secure"))
            let cookie: HTTPFields = [.cookie: "\(SessionCookie.name)=\(session)"]
            // Until it is changed, pages redirect to the form and the API refuses.
            let overview = try await client.execute(uri: "/", method: .get, headers: cookie)
            #expect(overview.status == .seeOther && overview.headers[.location] == "/account/password")
            let api = try await client.execute(uri: "/api/v1/alarms", method: .get, headers: cookie)
            #expect(api.status == .forbidden && api.text.contains("password_change_required"))
            let account = try await client.execute(uri: "/account/password", method: .get, headers: cookie)
            #expect(account.status == .ok && account.text.contains("一次性密码"))
            let csrf = try #require(Self.hidden(account.text, "_csrf"))
            var post = cookie
            post[.contentType] = "application/x-www-form-urlencoded"
            let newPassword = "青山绿水-2026-Bayannur"
            // A form without the session's token changes nothing.
            let forged = try await client.execute(
                uri: "/account/password", method: .post, headers: post,
                body: Self.form(["_csrf": "forged", "current": oneTime, "new": newPassword, "confirmation": newPassword]))
            #expect(forged.status == .forbidden)
            let weak = try await client.execute(
                uri: "/account/password", method: .post, headers: post,
                body: Self.form(["_csrf": csrf, "current": oneTime, "new": "short", "confirmation": "short"]))
            #expect(weak.status == .badRequest && weak.text.contains("至少 10 个字符"))
            let changed = try await client.execute(
                uri: "/account/password", method: .post, headers: post,
                body: Self.form(["_csrf": csrf, "current": oneTime, "new": newPassword, "confirmation": newPassword]))
            #expect(changed.status == .seeOther && changed.headers[.location] == "/account?changed=1")
            // Now the console shows the person and the scope their pages are limited to.
            let page = try await client.execute(uri: "/", method: .get, headers: cookie)
            #expect(page.status == .ok && page.text.contains("王科长（旗县区分局 · 150823）") && page.text.contains(#"action="/sign-out""#))
            // A cookie-authenticated API change needs X-CSRF-Token.
            var write = cookie
            write[.contentType] = "application/json"
            let body = #"{"parameter": "a34004", "interval": "hour", "items": [{"time": "2026-03-02T08:00:00+08:00", "value": 35}]}"#
            let site = try #require(try await store.sites(SiteFilter(regionCode: "150823")).first)
            let withoutToken = try await client.execute(
                uri: "/api/v1/sites/\(site.code)/observations", method: .post, headers: write, body: ByteBuffer(string: body))
            #expect(withoutToken.status == .forbidden && withoutToken.text.contains("csrf"))
            write[AccessMiddleware<AppRequestContext>.csrfHeader] = csrf
            let withToken = try await client.execute(
                uri: "/api/v1/sites/\(site.code)/observations", method: .post, headers: write, body: ByteBuffer(string: body))
            #expect(withToken.status == .created, "\(withToken.text)")
            // The session is listed; signing out ends it.
            let sessions = try await store.sessions(username: "wang")
            #expect(sessions.count == 1 && sessions[0].revokedAt == nil)
            let out = try await client.execute(uri: "/sign-out", method: .post, headers: post, body: Self.form(["_csrf": csrf]))
            #expect(out.status == .seeOther && Self.cookie(out, SessionCookie.name)?.header.contains("Max-Age=0") == true)
            let after = try await client.execute(uri: "/account", method: .get, headers: cookie)
            #expect(after.status == .seeOther && after.headers[.location] == "/sign-in")
            // And the audit log has it all, in order, chained.
            let actions = try await store.auditEntries(from: 1, limit: 100, descending: false).map(\.record.action)
            #expect(actions == ["user.create", "sign_in.failed", "sign_in", "user.password_changed", "data.enter", "sign_out"])
            #expect(try await store.verifyAudit().problem == nil)
        }
    }

    /// Five wrong passwords lock the account for a minute (doubling after); the right password during the lock is
    /// refused, after it works. Ten failures from one address make it wait, whatever account it tries.
    @Test func bruteForceLocksTheAccountAndSlowsTheAddress() async throws {
        try await withPreparedStore { store, _ in
            let admin = UserAdministration(store: store, bcryptCost: 4, actor: "test")
            let password = try await admin.add(username: "li", displayName: nil, role: .city, scope: nil)
            let accounts = try await AccountService(store: store, settings: AccountService.Settings(bcryptCost: 4))
            let start = Timestamp.now
            for attempt in 1...5 {
                let outcome = try await accounts.signIn(
                    username: "li", password: "guess-\(attempt)", address: "10.1.1.\(attempt)", userAgent: nil, now: start)
                guard case .refused = outcome else {
                    Issue.record("attempt \(attempt): \(outcome)")
                    return
                }
            }
            let user = try #require(try await store.user(named: "li")?.user)
            #expect(user.failedSignIns == 5 && user.lockedUntil == start.adding(milliseconds: 60_000))
            let during = try await accounts.signIn(
                username: "li", password: password, address: "10.1.1.9", userAgent: nil, now: start.adding(milliseconds: 30_000))
            guard case .locked(let seconds) = during else {
                Issue.record("not locked: \(during)")
                return
            }
            #expect(seconds == 30)
            let later = try await accounts.signIn(
                username: "li", password: password, address: "10.1.1.9", userAgent: nil, now: start.adding(milliseconds: 61_000))
            guard case .signedIn(_, _, let signedIn) = later else {
                Issue.record("not signed in after the lock: \(later)")
                return
            }
            #expect(signedIn.failedSignIns == 0)
            #expect(try await store.user(named: "li")?.user.lockedUntil == nil)
            // One address trying names: ten free failures, then it waits (1 s, then 2 s …), even for a right password.
            for attempt in 1...10 {
                let outcome = try await accounts.signIn(
                    username: "nobody\(attempt)", password: "x", address: "203.0.113.7", userAgent: nil, now: start)
                guard case .refused = outcome else {
                    Issue.record("address attempt \(attempt): \(outcome)")
                    return
                }
            }
            let throttled = try await accounts.signIn(username: "li", password: password, address: "203.0.113.7", userAgent: nil, now: start)
            guard case .throttled(let wait) = throttled else {
                Issue.record("address not throttled: \(throttled)")
                return
            }
            #expect(wait == 1)
            // Another address is not held up.
            let elsewhere = try await accounts.signIn(username: "li", password: password, address: "198.51.100.1", userAgent: nil, now: start)
            guard case .signedIn = elsewhere else {
                Issue.record("other address refused: \(elsewhere)")
                return
            }
            let failed = try await store.auditEntries(from: 1, limit: 100, descending: false).filter { $0.record.action == "sign_in.failed" }
            #expect(failed.count == 15 && failed.contains { $0.record.address == "203.0.113.7" && $0.record.target == "unknown user" })
        }
    }

    /// A disabled person's sessions and tokens stop working; a token that belongs to a person takes their new role.
    @Test func disablingAPersonEndsTheirSessionsAndTokens() async throws {
        try await withApp { client, store in
            let admin = UserAdministration(store: store, bcryptCost: 4, actor: "test")
            _ = try await admin.add(username: "zhao", displayName: nil, role: .reader, scope: nil)
            let token = try await TokenIssuer.create(store: store, role: .reader, scope: nil, name: "zhao's", now: .now, owner: "zhao")
            let bearer: HTTPFields = [.authorization: "Bearer \(token.text)"]
            #expect(try await client.execute(uri: "/api/v1/alarms", method: .get, headers: bearer).status == .ok)
            try await admin.setRole(username: "zhao", role: .admin, scope: nil)
            // The token acts with the new role (the authenticator caches answers 10 s; a new token text is a new key).
            let second = try await TokenIssuer.create(store: store, role: .reader, scope: nil, name: "zhao's 2", now: .now, owner: "zhao")
            #expect(try await client.execute(uri: "/api/v1/audit", method: .get, headers: [.authorization: "Bearer \(second.text)"]).status == .ok)
            // A token of the person first used after they are disabled is refused (one used before is cached up to 10 s).
            let late = try await TokenIssuer.create(store: store, role: .reader, scope: nil, name: "zhao's 3", now: .now, owner: "zhao")
            try await admin.setDisabled(username: "zhao", true)
            let refused = try await client.execute(uri: "/api/v1/alarms", method: .get, headers: [.authorization: "Bearer \(late.text)"])
            #expect(refused.status == .unauthorized)
            let actions = try await store.auditEntries(from: 1, limit: 100, descending: false).map(\.record.action)
            #expect(actions == ["user.create", "token.create", "user.role", "token.create", "token.create", "user.disable"])
        }
    }

    /// Every answer carries the security headers; CORS only on open-data routes and only for configured origins.
    @Test func securityHeadersAndCORS() async throws {
        var config = AppConfig(dataDirectory: Fixture.temporaryDirectory())
        config.corsOrigins = ["https://open.example.gov.cn"]
        try await withApp(config: config) { client, _ in
            for uri in ["/", "/api/v1/sites", "/sta/v1.1/Things", "/nothing-here"] {
                let response = try await client.execute(uri: uri, method: .get, headers: [.origin: "https://open.example.gov.cn"])
                #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true, "\(uri)")
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true, "\(uri)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin", "\(uri)")
                let open = uri.hasPrefix("/api/") || uri.hasPrefix("/sta/")
                #expect((response.headers[.accessControlAllowOrigin] == "https://open.example.gov.cn") == open, "\(uri)")
            }
            let stranger = try await client.execute(uri: "/api/v1/sites", method: .get, headers: [.origin: "https://evil.example"])
            #expect(stranger.headers[.accessControlAllowOrigin] == nil)
            let audit = try await client.execute(uri: "/api/v1/audit", method: .get, headers: [.origin: "https://open.example.gov.cn"])
            #expect(audit.headers[.accessControlAllowOrigin] == nil && audit.status == .unauthorized)
            let preflight = try await client.execute(
                uri: "/api/v1/sites", method: .options, headers: [.origin: "https://open.example.gov.cn", .accessControlRequestMethod: "GET"])
            #expect(preflight.status == .noContent && preflight.headers[.accessControlAllowMethods] == "GET, HEAD")
            #expect(preflight.headers[.accessControlAllowCredentials] == nil)
        }
    }
}

/// The alarm page's forms for people signed in: each sees the actions their role allows, and what they do is the
/// API's (history, audit log).
@Suite struct ConsoleAlarmActionTests {
    /// Signs a person in with a password already chosen; returns the cookie header and the session's CSRF token.
    static func session(
        _ client: any TestClientProtocol, _ store: SQLStore, _ username: String, role: AccessRole, scope: String?
    ) async throws -> (headers: HTTPFields, csrf: String) {
        let password = try await UserAdministration(store: store, bcryptCost: 4, actor: "test").add(
            username: username, displayName: nil, role: role, scope: scope)
        try await store.setPassword(username: username, hash: try await PasswordHasher(cost: 4).hash(password), mustChange: false)
        let signedIn = try await AccountTests.signIn(client, username, password)
        let cookie = try #require(AccountTests.cookie(signedIn, SessionCookie.name)).value
        let csrf = try #require(try await store.sessions(username: username).first).csrf
        return ([.cookie: "\(SessionCookie.name)=\(cookie)", .contentType: "application/x-www-form-urlencoded"], csrf)
    }

    @Test func peopleActOnAlarmsFromTheConsole() async throws {
        try await withApp { client, store in
            let id = try await raiseOutletAlarm(store)
            let county = try await Self.session(client, store, "county-zhou", role: .county, scope: "150823")
            let enterprise = try await Self.session(client, store, "e07-sun", role: .enterprise, scope: "E07")
            // The public sees how to act, no forms; the enterprise acknowledges and comments; the county also assigns and clears.
            // (An unpublished outlet's alarm is not the public's at all.)
            #expect(try await client.execute(uri: "/alarms/\(id)", method: .get).status == .notFound)
            let enterprisePage = try await client.execute(uri: "/alarms/\(id)", method: .get, headers: enterprise.headers).text
            #expect(enterprisePage.contains(#"action="/alarms/\#(id)/ack""#) && enterprisePage.contains(#"action="/alarms/\#(id)/comment""#))
            #expect(!enterprisePage.contains(#"action="/alarms/\#(id)/clear""#) && !enterprisePage.contains(#"action="/alarms/\#(id)/assign""#))
            let countyPage = try await client.execute(uri: "/alarms/\(id)", method: .get, headers: county.headers).text
            #expect(countyPage.contains(#"action="/alarms/\#(id)/assign""#) && countyPage.contains(#"action="/alarms/\#(id)/clear""#))
            func post(_ who: (headers: HTTPFields, csrf: String), _ action: String, _ fields: [String: String] = [:], csrf: String? = nil)
                async throws -> HTTPResponse.Status
            {
                var form = fields
                form["_csrf"] = csrf ?? who.csrf
                return try await client.execute(uri: "/alarms/\(id)/\(action)", method: .post, headers: who.headers, body: AccountTests.form(form))
                    .status
            }
            #expect(try await post(enterprise, "ack", csrf: "forged") == .forbidden)
            #expect(try await post(enterprise, "clear") == .forbidden)
            #expect(try await post(enterprise, "ack") == .seeOther)
            #expect(try await post(enterprise, "comment", ["text": "脱硫塔检修，已恢复"]) == .seeOther)
            #expect(try await post(county, "comment", ["text": "   "]) == .badRequest)
            #expect(try await post(county, "assign", ["assignee": "王工"]) == .seeOther)
            #expect(try await post(county, "clear") == .seeOther)
            #expect(try await post(county, "escalate") == .notFound)
            let alarm = try #require(try await store.alarm(id: id))
            #expect(alarm.acknowledged && alarm.assignee == "王工" && alarm.status == .cleared)
            let events = try await store.alarmEvents(id: id)
            #expect(events.map(\.action) == [.raised, .acknowledged, .commented, .assigned, .cleared])
            #expect(events.contains { $0.action == .commented && $0.actor.contains("e07-sun") })
            let audited = try await store.auditEntries(from: 1, limit: 100, descending: false).filter { $0.record.action.hasPrefix("alarm.") }
            #expect(audited.map(\.record.action) == ["alarm.acknowledge", "alarm.comment", "alarm.assign", "alarm.clear"])
            #expect(audited.map(\.record.actor) == ["user:e07-sun", "user:e07-sun", "user:county-zhou", "user:county-zhou"])
        }
    }
}
