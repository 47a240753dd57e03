import QingshanCore
import QingshanStore

/// The header's corner that says who is looking: a sign-in link for the public; for a person, their name, role
/// and scope (so each user sees what their pages are limited to), their account, the administrator's pages, and
/// sign-out (a form with the session's CSRF token).
enum ConsoleAccountArea {
    static func html(_ principal: Principal, session: SessionRecord?) -> String {
        switch principal {
        case .anonymous:
            return #"<span class="account"><span>公众访问</span><a href="/sign-in">登录</a></span>"#
        case .token(let token):
            return #"<span class="account"><span>API 令牌 qs_\#(escape(token.id))_…（\#(escape(describe(token.role, token.scope)))）</span></span>"#
        case .user(let user):
            var parts = [#"<span title="\#(escape(user.username))">\#(escape(user.displayName))（\#(escape(describe(user.role, user.scope)))）</span>"#]
            parts.append(#"<a href="/account">账户</a>"#)
            if principal.isAdministrator { parts.append(#"<a href="/audit">审计</a>"#) }
            if let session {
                parts.append(
                    #"<form method="post" action="/sign-out" class="inline"><input type="hidden" name="_csrf" value="\#(escape(session.csrf))"><button type="submit">退出</button></form>"#
                )
            }
            return #"<span class="account">\#(parts.joined())</span>"#
        }
    }

    /// 旗县区分局 · 150823 — the role in Chinese and the scope it is limited to.
    static func describe(_ role: AccessRole, _ scope: String?) -> String {
        role.nameZh + (scope.map { " · " + $0 } ?? (role.refusesScope ? " · 全市" : ""))
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
