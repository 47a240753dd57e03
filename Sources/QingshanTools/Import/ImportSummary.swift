public import QingshanCore

/// What an import did, for the summary printed at the end.
public struct ImportSummary: Sendable {
    public var files = 0
    public var rowsRead = 0
    public var valuesRead = 0
    public var valuesStored = 0
    public var valuesAlreadyPresent = 0
    public var sitesCreated: [String] = []
    /// Every refused row or cell, as `file:line: reason`.
    public var issues: [ImportIssue] = []

    public init() {}

    /// The summary in the words an operator reads.
    public func report(maximumIssues: Int = 50) -> String {
        var lines = [
            "files: \(files)",
            "rows read: \(rowsRead)",
            "values read: \(valuesRead)",
            "values stored: \(valuesStored) new, \(valuesAlreadyPresent) already present",
            "sites created: \(sitesCreated.count)\(sitesCreated.isEmpty ? "" : " (" + sitesCreated.prefix(12).joined(separator: ", ") + (sitesCreated.count > 12 ? ", …" : "") + ")")",
            "rows or cells rejected: \(issues.count)",
        ]
        for issue in issues.prefix(maximumIssues) { lines.append("  \(issue)") }
        if issues.count > maximumIssues { lines.append("  … and \(issues.count - maximumIssues) more") }
        return lines.joined(separator: "\n")
    }
}
