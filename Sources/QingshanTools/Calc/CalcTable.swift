import Foundation
import QingshanCore

/// A `qingshan calc` table: a CSV header in, then each data line in and the same line with results out.
public protocol CalcTable: Sendable {
    var outputHeader: String { get }
    /// The output line for input line number `number` (1 is the header), and what to say about it.
    func row(_ line: Substring, number: Int) -> (output: String, notes: [CalcNote])
}

/// Something about one input line, for standard error. A problem (bad input) makes the command exit 1; a
/// remark (爆表, not calculated) does not.
public struct CalcNote: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var isProblem: Bool

    public init(line: Int, message: String, isProblem: Bool = true) {
        self.line = line
        self.message = message
        self.isProblem = isProblem
    }

    public var description: String { "line \(line): \(message)" }
}

/// The header cannot be used: a required column is missing, or no column is known.
public struct CalcHeaderError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Cell handling shared by the tables.
enum CalcCells {
    static func trimmed(_ cell: Substring) -> Substring {
        var cell = cell
        while cell.utf8.first == UInt8(ascii: " ") { cell = cell.dropFirst() }
        while cell.utf8.last == UInt8(ascii: " ") { cell = cell.dropLast() }
        return cell
    }

    /// The cell as an exact decimal, parsed from its bytes; nil when it is not a number.
    static func number(_ cell: Substring) -> ExactDecimal? {
        cell.utf8.withContiguousStorageIfAvailable { ExactDecimal(utf8: $0) }
            ?? {
                var text = String(cell)
                return text.withUTF8 { ExactDecimal(utf8: $0) }
            }()
    }

    /// The header's column names, trimmed and lower-cased.
    static func header(_ line: Substring) -> [String] {
        CSVFields.split(line).map { String(trimmed($0)).lowercased() }
    }

    /// The line as it came (CR dropped) padded to `width` fields, and its fields.
    static func echo(_ line: Substring, width: Int) -> (output: String, fields: [Substring]) {
        var fields = CSVFields.split(line)
        var output = line.utf8.last == UInt8(ascii: "\r") ? String(line.dropLast()) : String(line)
        if fields.count < width {
            output += String(repeating: ",", count: width - fields.count)
            fields += Array(repeating: "", count: width - fields.count)
        }
        return (output, fields)
    }

    static func quoted(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
