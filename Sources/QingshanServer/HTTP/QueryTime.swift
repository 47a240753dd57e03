import QingshanCore

/// A time in a query string (`from=…`, `to=…`): RFC 3339, or a 400 that names the parameter.
enum QueryTime {
    static func parse(_ text: Substring?, name: String) throws -> Timestamp? {
        guard let text, !text.isEmpty else { return nil }
        do {
            return try RFC3339.parse(String(text))
        } catch {
            throw ProblemDetails.badRequest(code: "invalid_time", "\(name): \(error.description)")
        }
    }
}
