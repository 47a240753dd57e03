import HTTPTypes
import Hummingbird

/// The console's language: Chinese unless the visitor chose English (`?lang=en`, remembered in a cookie).
enum ConsoleLanguage {
    case chinese
    case english

    static let cookieName = "qs_lang"
    /// The switch in the page header, as the Chinese pages print it and as the English ones do.
    static let switchToEnglish = #"<a class="lang" href="?lang=en" lang="en">English</a>"#
    static let switchToChinese = #"<a class="lang" href="?lang=zh" lang="zh-CN">中文</a>"#

    init(_ request: Request) {
        if let chosen = request.uri.queryParameters["lang"] {
            self = chosen == "en" ? .english : .chinese
        } else {
            let cookies = request.headers[.cookie] ?? ""
            self = cookies.split(separator: ";").contains { $0.trimmingPrefix(" ") == "\(Self.cookieName)=en" } ? .english : .chinese
        }
    }

    /// The cookie that remembers a choice made in this request's query, if it made one.
    static func cookie(for request: Request) -> String? {
        guard let chosen = request.uri.queryParameters["lang"] else { return nil }
        return "\(cookieName)=\(chosen == "en" ? "en" : "zh"); Path=/; Max-Age=31536000; SameSite=Lax"
    }
}
