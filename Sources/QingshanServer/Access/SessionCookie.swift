import HTTPTypes

/// The console's session cookie: `qs_session=<id>.<secret>`, HttpOnly, SameSite=Strict, Secure when the console
/// is served over TLS. The store keeps the id and the SHA-256 of the whole text.
enum SessionCookie {
    static let name = "qs_session"
    /// The sign-in form's own CSRF cookie (there is no session yet): the form carries the same value.
    static let signInName = "qs_signin"

    static func make() -> (id: String, text: String) {
        let id = SecretText.hex(8)
        return (id, id + "." + SecretText.base64URL(32))
    }

    /// The id of a cookie value in the `<id>.<secret>` form, or nil.
    static func id(of text: String) -> String? {
        let parts = text.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 16, parts[0].allSatisfy(\.isHexDigit), parts[1].count >= 32 else { return nil }
        return String(parts[0])
    }

    static func header(_ name: String, _ value: String, maxAge: Int, secure: Bool) -> String {
        "\(name)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    static func clearing(_ name: String, secure: Bool) -> String { header(name, "", maxAge: 0, secure: secure) }
}
