import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// The console's templates and static files, read once from the module's resources at start-up.
struct ConsoleTemplates: Sendable {
    struct Asset: Sendable {
        var bytes: [UInt8]
        var contentType: String
    }

    let library: MustacheLibrary
    /// `console.css`, `map.js`: served under `/assets/`.
    let assets: [String: Asset]
    /// The API document's operations, for the 开放数据 page.
    let openAPI: OpenAPISummary

    struct MissingResources: Error, CustomStringConvertible {
        var description: String { "the console's templates are missing from the build (Resources/console); rebuild qingshan" }
    }

    static func load() async throws -> ConsoleTemplates {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("console").path else { throw MissingResources() }
        let library = try await MustacheLibrary(directory: directory)
        var assets: [String: Asset] = [:]
        for (name, type) in [
            ("console.css", "text/css; charset=utf-8"), ("map.js", "text/javascript; charset=utf-8"), ("live.js", "text/javascript; charset=utf-8"),
            ("alarms.js", "text/javascript; charset=utf-8"),
        ] {
            guard let data = FileManager.default.contents(atPath: directory + "/" + name) else { throw MissingResources() }
            assets[name] = Asset(bytes: Array(data), contentType: type)
        }
        return ConsoleTemplates(library: library, assets: assets, openAPI: OpenAPISummary.load())
    }

    /// A whole page: the template rendered with `view`, in the language the request asks for, as an HTML response.
    func page(_ template: String, _ view: Any, for request: Request, context: some AccessRequestContext) throws -> Response {
        guard var html = library.render(view, withTemplate: template) else {
            throw ProblemDetails(
                status: .internalServerError, code: "template_missing", title: "页面模板缺失 (template missing)",
                detail: "the console template '\(template)' is not in the build")
        }
        html = html.replacingOccurrences(of: "<!--account-->", with: ConsoleAccountArea.html(context.principal, session: context.session))
        if ConsoleLanguage(request) == .english { html = ConsoleEnglish.translate(html) }
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"]
        if let cookie = ConsoleLanguage.cookie(for: request) { headers[.setCookie] = cookie }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
