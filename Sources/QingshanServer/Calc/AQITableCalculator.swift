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
        self.period = period
        self.edition = edition
        self.now = now
        self.oneHourO3Enters = oneHourO3Enters
    }

    public var outputHeader: String { (header + Self.resultColumns).joined(separator: ",") }

    /// The output line for input line number `number`, and what to say about it.
    public func row(_ line: Substring, number: Int) -> (output: String, notes: [Note]) {
        var fields = CSVFields.split(line).map(String.init)
        var notes: [Note] = []
        func note(_ message: String) { notes.append(Note(line: number, message: message)) }
        if fields.count < header.count { fields += Array(repeating: "", count: header.count - fields.count) }
        let passthrough = fields.map(Self.quoted).joined(separator: ",")
        let blank = passthrough + String(repeating: ",", count: Self.resultColumns.count)
        var values: [String: Double] = [:]
        for name in period.columns {
            let cell = fields[index[name]!].trimmedOfSpaces()
            guard !cell.isEmpty else { continue }
            guard let value = Double(cell), value.isFinite else {
                note("\(name) '\(cell)' is not a number")
                return (blank, notes)
            }
            guard value >= 0 else {
                note("\(name) \(cell) is negative; concentrations cannot be")
                return (blank, notes)
            }
            values[name] = value
        }
        var rowEdition = edition ?? AQIEdition.inForce(at: now)
        if edition == nil, let position = index["time"], !fields[position].isEmpty {
            guard let time = try? RFC3339.parse(fields[position].trimmedOfSpaces()) else {
                note("time '\(fields[position])' is not RFC 3339 (2024-01-01T00:00:00+08:00); needed to pick the edition")
                return (blank, notes)
            }
            rowEdition = AQIEdition.inForce(at: time)
        }
        let result: AQIResult
        do {
            switch period {
            case .hour:
                result = try AQICalculator.hourly(
                    AQICalculator.HourlyInput(so2: values["so2"], no2: values["no2"], pm10: values["pm10"], co: values["co"],
                                              o3: values["o3"], pm25: values["pm25"]), edition: rowEdition)
            case .day:
                result = try AQICalculator.daily(
                    AQICalculator.DailyInput(so2: values["so2"], no2: values["no2"], pm10: values["pm10"], co: values["co"],
                                             o3MaximumEightHour: values["o3_8h"], o3MaximumOneHour: values["o3_1h_max"], pm25: values["pm25"]),
                    edition: rowEdition, oneHourO3Enters: oneHourO3Enters)
            }
        } catch {
            note(error.description)
            return (blank, notes)
        }
        var cells: [String] = []
        for pollutant in AQIPollutant.allCases {
            switch result.subIndexes[pollutant] {
            case .value(let value): cells.append(String(value))
            case .beyondTable:
                cells.append(">500")
                note("\(pollutant.label) is beyond the HJ 633 table (爆表): its sub-index is shown as >500, not extrapolated")
            case .notCalculated:
                cells.append("")
                note("\(pollutant.label) is above where its column ends: not calculated under HJ 633-\(rowEdition.rawValue)")
            case nil: cells.append("")
            }
        }
        if let aqi = result.aqi, let level = result.level {
            cells += [result.beyondTable ? ">500" : String(aqi), String(level.level), level.categoryZh,
                      result.primaryPollutants.map(\.label).joined(separator: ",")]
        } else {
            cells += ["", "", "", ""]
        }
        return (passthrough + "," + cells.map(Self.quoted).joined(separator: ","), notes)
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(",") || field.contains("\"") else { return field }
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
