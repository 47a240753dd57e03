import Foundation
import QingshanCore

/// `qingshan calc aqi`: a CSV of concentrations in, the same rows with their sub-indexes and AQI out.
///
/// Hourly columns `so2, no2, pm10, co, o3, pm25`; daily `so2, no2, pm10, co, o3_8h, o3_1h_max, pm25`; an
/// optional `time` (RFC 3339) picks the edition in force for each row when the edition is automatic. Any
/// other column is passed through. An empty cell is a missing value. A bad row keeps its place in the
/// output with empty results and gets a message naming its line, column and value.
public struct AQITableCalculator: Sendable {
    public enum Period: String, Sendable, CaseIterable {
        case hour, day

        var columns: [String] {
            switch self {
            case .hour: ["so2", "no2", "pm10", "co", "o3", "pm25"]
            case .day: ["so2", "no2", "pm10", "co", "o3_8h", "o3_1h_max", "pm25"]
            }
        }
    }

    /// Something about one input line, for standard error.
    public struct Note: Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    public struct HeaderError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public let period: Period
    /// nil: the edition in force at each row's `time`, or at `now` for rows without one.
    public let edition: AQIEdition?
    public let now: Timestamp
    public let oneHourO3Enters: Bool
    private let header: [String]
    private let index: [String: Int]
    /// The period's columns, and where each is in a row.
    private let columnNames: [String]
    private let columnIndexes: [Int]

    static let resultColumns = AQIPollutant.allCases.map { "iaqi_\($0.rawValue)" } + ["aqi", "level", "category", "primary"]

    public init(header line: Substring, period: Period, edition: AQIEdition?, now: Timestamp, oneHourO3Enters: Bool = false) throws(HeaderError) {
        header = CSVFields.split(line).map { $0.trimmedOfSpaces().lowercased() }
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() where index[name] == nil { index[name] = position }
        let missing = period.columns.filter { index[$0] == nil }
        guard missing.isEmpty else {
            throw HeaderError(description: "line 1: missing column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); a \(period.rawValue) table needs \(period.columns.joined(separator: ",")) (and optionally time)")
        }
        self.index = index
        columnNames = period.columns
        columnIndexes = columnNames.map { index[$0]! }
        self.period = period
        self.edition = edition
        self.now = now
        self.oneHourO3Enters = oneHourO3Enters
    }

    public var outputHeader: String { (header + Self.resultColumns).joined(separator: ",") }

    /// The output line for input line number `number`, and what to say about it.
    public func row(_ line: Substring, number: Int) -> (output: String, notes: [Note]) {
        var fields = CSVFields.split(line)
        var notes: [Note] = []
        func note(_ message: String) { notes.append(Note(line: number, message: message)) }
        // The input line goes out as it came (CR dropped), padded to the header's width.
        var output = line.utf8.last == UInt8(ascii: "\r") ? String(line.dropLast()) : String(line)
        if fields.count < header.count {
            output += String(repeating: ",", count: header.count - fields.count)
            fields += Array(repeating: "", count: header.count - fields.count)
        }
        var blank: String { output + String(repeating: ",", count: Self.resultColumns.count) }
        var values: [ExactDecimal?] = []
        values.reserveCapacity(columnIndexes.count)
        for (name, position) in zip(columnNames, columnIndexes) {
            var cell = fields[position]
            while cell.utf8.first == UInt8(ascii: " ") { cell = cell.dropFirst() }
            while cell.utf8.last == UInt8(ascii: " ") { cell = cell.dropLast() }
            guard !cell.isEmpty else {
                values.append(nil)
                continue
            }
            let parsed = cell.utf8.withContiguousStorageIfAvailable { ExactDecimal(utf8: $0) } ?? {
                var text = String(cell)
                return text.withUTF8 { ExactDecimal(utf8: $0) }
            }()
            guard let value = parsed else {
                note("\(name) '\(cell)' is not a number")
                return (blank, notes)
            }
            guard value.units >= 0 else {
                note("\(name) \(cell) is negative; concentrations cannot be")
                return (blank, notes)
            }
            values.append(value)
        }
        var rowEdition = edition ?? AQIEdition.inForce(at: now)
        if edition == nil, let position = index["time"], !fields[position].isEmpty {
            guard let time = try? RFC3339.parse(String(fields[position]).trimmedOfSpaces()) else {
                note("time '\(fields[position])' is not RFC 3339 (2024-01-01T00:00:00+08:00); needed to pick the edition")
                return (blank, notes)
            }
            rowEdition = AQIEdition.inForce(at: time)
        }
        let result = switch period {
        case .hour: AQICalculator.hourly(exact: values, edition: rowEdition)
        case .day: AQICalculator.daily(exact: values, edition: rowEdition, oneHourO3Enters: oneHourO3Enters)
        }
        for (pollutant, subIndex) in zip(AQIPollutant.allCases, result.orderedSubIndexes) {
            output += ","
            switch subIndex {
            case .value(let value): output += String(value)
            case .beyondTable:
                output += ">500"
                note("\(pollutant.label) is beyond the HJ 633 table (爆表): its sub-index is shown as >500, not extrapolated")
            case .notCalculated:
                note("\(pollutant.label) is above where its column ends: not calculated under HJ 633-\(rowEdition.rawValue)")
            case nil: break
            }
        }
        if let aqi = result.aqi, let level = result.level {
            output += result.beyondTable ? ",>500," : ",\(aqi),"
            output += String(level.level)
            output += ","
            output += level.categoryZh
            output += ","
            output += Self.quoted(result.primaryPollutants.map(\.label).joined(separator: ","))
        } else {
            output += ",,,,"
        }
        return (output, notes)
    }

    static func quoted(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension StringProtocol {
    fileprivate func trimmedOfSpaces() -> String {
        var slice = Substring(self)
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }
}
