import HTTPTypes
import Synchronization

/// The methods registered for each route pattern, so that a known path asked with another method is a 405
/// with `Allow` rather than a 404. Filled once, after the routes are registered.
final class AllowedMethods: Sendable {
    private let routes = Mutex<[(pattern: [Substring], method: HTTPRequest.Method)]>([])

    func register(_ routes: [(path: String, method: HTTPRequest.Method)]) {
        self.routes.withLock { $0 = routes.map { (Self.segments($0.path), $0.method) } }
    }

    /// The methods that answer `path`, in registration order; empty for an unknown path.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let asked = Self.segments(path)
        var found: [HTTPRequest.Method] = []
        for route in routes.withLock({ $0 }) where Self.matches(route.pattern, asked) && !found.contains(route.method) {
            found.append(route.method)
        }
        return found
    }

    static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    /// `:name` and `*` match one segment, `**` the rest (one or more).
    static func matches(_ pattern: [Substring], _ path: [Substring]) -> Bool {
        for (index, part) in pattern.enumerated() {
            if part == "**" { return path.count > index }
            guard index < path.count else { return false }
            if part == "*" || part.hasPrefix(":") || part.hasPrefix("{") { continue }
            guard part == path[index] else { return false }
        }
        return pattern.count == path.count
    }
}
