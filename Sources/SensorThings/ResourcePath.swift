import Foundation

/// The resource part of a SensorThings URL: `Things('2195A')/Datastreams`, `Datastreams('x')/Observations`,
/// `Things('2195A')/name/$value`, `Datastreams/$ref`.
public struct ResourcePath: Sendable, Hashable {
    public struct Segment: Sendable, Hashable {
        public var name: String
        public var id: String?
    }

    public var segments: [Segment]
    /// A single property of the addressed entity (`…/name`).
    public var property: String?
    /// `…/name/$value`: the property's raw value.
    public var rawValue = false
    /// `…/$ref`: links only.
    public var referencesOnly = false

    public static func parse(_ path: String) throws(QueryError) -> ResourcePath {
        var result = ResourcePath(segments: [])
        var parts: [String] = []
        var current = ""
        var quoted = false
        for c in path {
            if c == "'" { quoted.toggle() }
            if c == "/", !quoted {
                parts.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        parts.append(current)
        parts = parts.filter { !$0.isEmpty }
        for (index, part) in parts.enumerated() {
            if part == "$ref" {
                guard index == parts.count - 1 else { throw QueryError("$ref must end the path") }
                result.referencesOnly = true
                continue
            }
            if part == "$value" {
                guard index == parts.count - 1, result.property != nil else { throw QueryError("$value must follow a property") }
                result.rawValue = true
                continue
            }
            if let open = part.firstIndex(of: "(") {
                guard part.hasSuffix(")") else { throw QueryError("'\(part)': the id in parentheses is not closed") }
                let name = String(part[..<open])
                let inner = String(part[part.index(after: open)..<part.index(before: part.endIndex)])
                let id: String
                if inner.hasPrefix("'"), inner.hasSuffix("'"), inner.count >= 2 {
                    id = String(inner.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
                } else if !inner.isEmpty, inner.allSatisfy(\.isNumber) {
                    id = inner
                } else {
                    throw QueryError("'\(inner)' is not an id: write a number or a quoted text, e.g. Things('2195A')")
                }
                guard result.property == nil else { throw QueryError("'\(part)' cannot follow the property '\(result.property!)'") }
                result.segments.append(Segment(name: name, id: id))
            } else if part.first?.isUppercase == true || result.segments.isEmpty {
                guard result.property == nil else { throw QueryError("'\(part)' cannot follow the property '\(result.property!)'") }
                result.segments.append(Segment(name: part, id: nil))
            } else {
                guard result.property == nil, result.segments.last?.id != nil || result.segments.count > 1 else {
                    throw QueryError("'\(part)' must follow an entity, e.g. Things('2195A')/\(part)")
                }
                result.property = part
            }
        }
        return result
    }
}
