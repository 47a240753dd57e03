import ArgumentParser
import QingshanCore
import QingshanServer
import QingshanTools

/// Option values parsed by ArgumentParser, each with the error a user can act on (`--from '2016-1-1' must be a
/// date YYYY-MM-DD`): ArgumentParser prints it and exits before anything is opened.
enum ArgumentValue {
    static func parse<T>(_ text: String, option: String, expected: String, _ make: (String) -> T?) throws -> T {
        guard let value = make(text) else { throw ValidationError("\(option) '\(text)' must be \(expected)") }
        return value
    }
}

/// `--from` and `--to`: whole days in Beijing time, both included — the same two options for every command.
struct DayRange: ParsableArguments {
    @Option(help: "First day, YYYY-MM-DD (Beijing time).", transform: { try DayRange.day($0, option: "--from") })
    var from: CivilDateTime
    @Option(help: "Last day, YYYY-MM-DD (included).", transform: { try DayRange.day($0, option: "--to") })
    var to: CivilDateTime

    static func day(_ text: String, option: String) throws -> CivilDateTime {
        try ArgumentValue.parse(text, option: option, expected: "a date YYYY-MM-DD") { CivilDateTime(dateText: $0) }
    }

    func validate() throws {
        guard from.timestamp <= to.timestamp else {
            throw ValidationError("--from \(from.dateText) is after --to \(to.dateText)")
        }
    }
}

/// How a report is printed.
enum ReportFormat: String, CaseIterable {
    case json
    case md

    static func parse(_ text: String) throws -> ReportFormat {
        try ArgumentValue.parse(text, option: "--format", expected: "json or md") { ReportFormat(rawValue: $0) }
    }
}

extension HostAndPort {
    /// A `--to HOST:PORT` option.
    static func argument(_ text: String) throws -> HostAndPort {
        try ArgumentValue.parse(text, option: "--to", expected: "HOST:PORT") { HostAndPort(parsing: $0) }
    }
}
