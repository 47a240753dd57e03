import Hummingbird

/// The bearer token that guards every API write (`api.write_token`); without one, writes are off.
struct WriteAuthorization: Sendable {
    let token: String?

    func check(_ request: Request) throws {
        guard let token else {
            throw ProblemDetails(status: .forbidden, code: "writes_disabled", title: "写入未开放 (writes disabled)",
                                 detail: "this server accepts no API writes; set api.write_token (QINGSHAN_API_WRITE_TOKEN) to enable them")
        }
        let header = request.headers[.authorization] ?? ""
        let presented = header.hasPrefix("Bearer ") ? String(header.dropFirst(7)) : ""
        guard Self.constantTimeEqual(presented, token) else {
            throw ProblemDetails(status: .unauthorized, code: "unauthorized", title: "未授权 (unauthorized)",
                                 detail: "send the write token as Authorization: Bearer TOKEN")
        }
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
