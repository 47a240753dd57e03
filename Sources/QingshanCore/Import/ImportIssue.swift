/// A problem with one row (or cell) of an input file: where it is and why it was refused.
public struct ImportIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String

    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    /// `file:line: reason`, the form editors and terminals link to.
    public var description: String { "\(file):\(line): \(reason)" }
}

/// A file that cannot be imported at all (wrong format, unreadable header).
public struct ImportFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var reason: String

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file): \(reason)" }
}
