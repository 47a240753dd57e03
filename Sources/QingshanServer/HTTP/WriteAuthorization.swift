import Hummingbird

import Foundation

/// The token that guards every API write (`api.write_token`); without one, writes are off. It is presented as
/// `Authorization: Bearer TOKEN`, or as the password of HTTP Basic (what SensorThings clients send).
struct WriteAuthorization: Sendable {
    let token: String?

    func check(_ request: Request) throws {
        guard let token else {
            throw ProblemDetails(status: .forbidden, code: "writes_disabled", title: "写入未开放 (writes disabled)",
                                 detail: "this server accepts no API writes; set api.write_token (QINGSHAN_API_WRITE_TOKEN) to enable them")
        }
        guard Self.constantTimeEqual(Self.presentedToken(request.headers[.authorization] ?? ""), token) else {
            throw ProblemDetails(status: .unauthorized, code: "unauthorized", title: "未授权 (unauthorized)",
                                 detail: "send the write token as Authorization: Bearer TOKEN (or as the password of HTTP Basic)")
        }
    }

    static func presentedToken(_ header: String) -> String {
        if header.hasPrefix("Bearer ") { return String(header.dropFirst(7)) }
        guard header.hasPrefix("Basic "), let data = Data(base64Encoded: String(header.dropFirst(6))),
            let credentials = String(data: data, encoding: .utf8), let colon = credentials.firstIndex(of: ":")
        else { return "" }
        return String(credentials[credentials.index(after: colon)...])
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }
}
