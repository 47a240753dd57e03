import Foundation

/// An RFC 9457 problem document as it goes over the wire (`application/problem+json`): what every API error
/// answers, and what a client decodes. `code` is the stable member clients switch on.
public struct ProblemDocument: Codable, Sendable, Hashable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var instance: String
    public var code: String

    public init(type: String, title: String, status: Int, detail: String, instance: String, code: String) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.instance = instance
        self.code = code
    }

    /// The `type` URI of a problem code.
    public static func type(of code: String) -> String { "https://qingshan.dev/problems/\(code)" }

    /// The document as JSON, members in a fixed order.
    public func jsonBytes() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and integers cannot fail.
        return [UInt8]((try? encoder.encode(self)) ?? Data())
    }
}
