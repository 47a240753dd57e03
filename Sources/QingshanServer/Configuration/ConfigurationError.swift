/// A configuration problem, told in one line: which key, what was wrong, how to write it.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
