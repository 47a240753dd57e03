import Foundation
import Hummingbird
import QingshanStore

/// An `application/x-www-form-urlencoded` body of a console form, at most `maximumBytes`; with a session, its
/// `_csrf` field must be the session's token.
struct FormBody {
    static let maximumBytes = 16 * 1024
    var fields: [String: String]

    static func read(_ request: Request, session: SessionRecord?) async throws -> FormBody {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBytes)
        } catch {
            throw ProblemDetails.bodyTooLarge(limit: maximumBytes)
        }
        let form = FormBody(fields: parse(String(decoding: buffer.readableBytesView, as: UTF8.self)))
        if let session {
            guard let sent = form.fields["_csrf"], TokenAuthenticator.constantTimeEqual(sent, session.csrf) else { throw csrfProblem }
        }
        return form
    }

    static var csrfProblem: ProblemDetails {
        ProblemDetails(
            status: .forbidden, code: "csrf", title: "表单已过期 (form expired)",
            detail: "the form did not carry this session's token; reload the page and submit it again")
    }

    static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            guard let name = parts.first else { continue }
            fields[decode(name)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    subscript(_ name: String) -> String { fields[name] ?? "" }
}
