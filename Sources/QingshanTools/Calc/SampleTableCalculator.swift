public import QingshanCore

/// `qingshan calc water|groundwater|tli`: rows of samples, one column per item, in; the same rows with the
/// standard's results appended, out. Columns are recognised by the standard's short names (in its units) or by
/// HJ 212 parameter codes and aliases (in the catalogue's units, converted); others pass through. A bad cell
/// leaves the row's results empty with a message naming line, column and value.
public struct SampleTableCalculator: CalcTable {
    /// One recognised input column.
    public struct Column: Sendable, Hashable {
        public var position: Int
        public var name: String
        /// The item it feeds (the standard's short name).
        public var item: String
        /// Decimal places to shift the value by to reach the standard's unit: 3 for µg/L → mg/L, −3 for mg/L → µg/L.
        public var shift: Int
    }

    /// What one standard does with a row: its values by item, the items of the recognised columns in header order,
    /// and the raw fields; it answers result cells (as many as `resultColumns`) and notes.
    public typealias Evaluate =
        @Sendable (_ values: [String: ExactDecimal], _ items: [String], _ fields: [Substring])
        -> (cells: [String], notes: [String])

    let header: [String]
    let columns: [Column]
    let resultColumns: [String]
    let evaluate: Evaluate
    /// Items with a range of their own (pH 0–14); every other value must not be negative.
    let bounds: [String: ClosedRange<Int>]

    /// `resolve` maps a header name to (item, shift), nil for a column to pass through.
    init(
        header line: Substring, standard: String, resolve: (String) -> (item: String, shift: Int)?,
        resultColumns: (_ items: [String]) -> [String], bounds: [String: ClosedRange<Int>] = [:], evaluate: @escaping Evaluate
    ) throws(CalcHeaderError) {
        header = CalcCells.header(line)
        var columns: [Column] = []
        var seen: Set<String> = []
        for (position, name) in header.enumerated() {
            guard let (item, shift) = resolve(name) else { continue }
            guard seen.insert(item).inserted else {
                throw CalcHeaderError(
                    description: "line 1: columns '\(columns.first { $0.item == item }!.name)' and '\(name)' are both \(item); keep one")
            }
            columns.append(Column(position: position, name: name, item: item, shift: shift))
        }
        guard !columns.isEmpty else {
            throw CalcHeaderError(
                description:
                    "line 1: no column is an item of \(standard); name columns by the standard's short names or by HJ 212 codes (see qingshan calc --help)"
            )
        }
        self.columns = columns
        self.resultColumns = resultColumns(columns.map(\.item))
        self.bounds = bounds
        self.evaluate = evaluate
    }

    public var outputHeader: String { (header + resultColumns).joined(separator: ",") }

    public func row(_ line: Substring, number: Int) -> (output: String, notes: [CalcNote]) {
        let (echo, fields) = CalcCells.echo(line, width: header.count)
        let blank = echo + String(repeating: ",", count: resultColumns.count)
        var values: [String: ExactDecimal] = [:]
        for column in columns {
            let cell = CalcCells.trimmed(fields[column.position])
            if cell.isEmpty { continue }
            guard var value = CalcCells.number(cell) else {
                return (blank, [CalcNote(line: number, message: "\(column.name) '\(cell)' is not a number")])
            }
            if let range = bounds[column.item] {
                guard value >= ExactDecimal(units: range.lowerBound, scale: 0), value <= ExactDecimal(units: range.upperBound, scale: 0) else {
                    return (blank, [CalcNote(line: number, message: "\(column.name) \(cell) is outside \(range.lowerBound)–\(range.upperBound)")])
                }
            } else if value.units < 0 {
                return (blank, [CalcNote(line: number, message: "\(column.name) \(cell) is negative; a concentration cannot be")])
            }
            value.scale += column.shift
            while value.scale < 0 {
                value.units *= 10
                value.scale += 1
            }
            values[column.item] = value
        }
        let (cells, messages) = evaluate(values, columns.map(\.item), fields)
        let notes = messages.map { CalcNote(line: number, message: $0) }
        guard cells.count == resultColumns.count else { return (blank, notes) }
        return (echo + "," + cells.map(CalcCells.quoted).joined(separator: ","), notes)
    }
}
