import Foundation
public import QingshanCore

/// `qingshan calc aqi`: a CSV of concentrations in, the same rows with their sub-indexes and AQI out.
///
/// Hourly columns `so2, no2, pm10, co, o3, pm25`; daily `so2, no2, pm10, co, o3_8h, o3_1h_max, pm25`; an
/// optional `time` (RFC 3339) picks the edition in force for each row when the edition is automatic. Any
/// other column is passed through. An empty cell is a missing value. A bad row keeps its place in the
/// output with empty results and gets a message naming its line, column and value.
public struct AQITableCalculator: CalcTable {
    public enum Period: String, Sendable, CaseIterable {
        case hour, day

        var columns: [String] {
            switch self {
            case .hour: ["so2", "no2", "pm10", "co", "o3", "pm25"]
            case .day: ["so2", "no2", "pm10", "co", "o3_8h", "o3_1h_max", "pm25"]
            }
        }
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

    /// Numbers as the CNEMC release prints them (500 for a sub-index or AQI beyond the table), and the 爆表
    /// mark in a column of its own, so that a numeric column never holds text.
    static let resultColumns = AQIPollutant.allCases.map { "iaqi_\($0.rawValue)" } + ["aqi", "level", "category", "primary", "beyond_table"]

    public init(header line: Substring, period: Period, edition: AQIEdition?, now: Timestamp, oneHourO3Enters: Bool = false) throws(CalcHeaderError) {
        header = CalcCells.header(line)
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() where index[name] == nil { index[name] = position }
        let missing = period.columns.filter { index[$0] == nil }
        guard missing.isEmpty else {
            throw CalcHeaderError(
                description:
                    "line 1: missing column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); a \(period.rawValue) table needs \(period.columns.joined(separator: ",")) (and optionally time)"
            )
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
    public func row(_ line: Substring, number: Int) -> (output: String, notes: [CalcNote]) {
        var (output, fields) = CalcCells.echo(line, width: header.count)
        var notes: [CalcNote] = []
        func note(_ message: String, isProblem: Bool = true) { notes.append(CalcNote(line: number, message: message, isProblem: isProblem)) }
        var blank: String { output + String(repeating: ",", count: Self.resultColumns.count) }
        var values: [ExactDecimal?] = []
        values.reserveCapacity(columnIndexes.count)
        for (name, position) in zip(columnNames, columnIndexes) {
            let cell = CalcCells.trimmed(fields[position])
            guard !cell.isEmpty else {
                values.append(nil)
                continue
            }
            guard let value = CalcCells.number(cell) else {
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
            guard let time = try? RFC3339.parse(String(CalcCells.trimmed(fields[position]))) else {
                note("time '\(fields[position])' is not RFC 3339 (2024-01-01T00:00:00+08:00); needed to pick the edition")
                return (blank, notes)
            }
            rowEdition = AQIEdition.inForce(at: time)
        }
        let result =
            switch period {
            case .hour: AQICalculator.hourly(exact: values, edition: rowEdition)
            case .day: AQICalculator.daily(exact: values, edition: rowEdition, oneHourO3Enters: oneHourO3Enters)
            }
        for (pollutant, subIndex) in zip(AQIPollutant.allCases, result.orderedSubIndexes) {
            output += ","
            switch subIndex {
            case .value(let value): output += String(value)
            case .beyondTable:
                output += "500"
                note(
                    "\(pollutant.label) is beyond the HJ 633 table (爆表): its sub-index is 500, not extrapolated, and the row is marked 爆表",
                    isProblem: false)
            case .notCalculated:
                note("\(pollutant.label) is above where its column ends: not calculated under HJ 633-\(rowEdition.rawValue)", isProblem: false)
            case nil: break
            }
        }
        if let aqi = result.aqi, let level = result.level {
            output += ",\(aqi),"
            output += String(level.level)
            output += ","
            output += level.categoryZh
            output += ","
            output += CalcCells.quoted(result.primaryPollutants.map(\.label).joined(separator: ","))
            output += result.beyondTable ? ",爆表" : ","
        } else {
            output += ",,,,,"
        }
        return (output, notes)
    }
}
