import ArgumentParser
import Foundation
import QingshanCore
import QingshanServer
import QingshanTools

/// `qingshan calc`: the standards' calculations on CSV, standard input to standard output.
struct Calc: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Standards calculations on CSV (standard input → standard output).",
        subcommands: [AQI.self, Water.self, Groundwater.self, TLI.self])

    struct AQI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "aqi",
            abstract: "HJ 633 AQI of each row: hour (so2,no2,pm10,co,o3,pm25) or day (so2,no2,pm10,co,o3_8h,o3_1h_max,pm25).",
            discussion: "µg/m³, CO in mg/m³; an empty cell is a missing value; an optional time column (RFC 3339) picks the edition in force.")
        @Option(help: "hour or day.") var period: String = "hour"
        @Option(help: "2012, 2026 or auto (the edition in force at each row's time, or today).") var edition: String = "auto"
        @Flag(help: "Daily AQI: let the O3 daily maximum 1-hour value count too (sources disagree for 2012).") var o3OneHour = false

        func run() throws {
            guard let period = AQITableCalculator.Period(rawValue: period) else { fail("--period '\(period)' must be hour or day", code: 2) }
            let chosen: AQIEdition?
            switch edition {
            case "auto": chosen = nil
            default:
                guard let parsed = AQIEdition(rawValue: edition) else { fail("--edition '\(edition)' must be 2012, 2026 or auto", code: 2) }
                chosen = parsed
            }
            let now = Timestamp(millisecondsSinceEpoch: Int64(Date.now.timeIntervalSince1970 * 1000))
            try runTable { header throws(CalcHeaderError) in
                try AQITableCalculator(header: header, period: period, edition: chosen, now: now, oneHourO3Enters: o3OneHour)
            }
        }
    }

    struct Water: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "GB 3838-2002 class of each sample (single-factor), 水质状况, main pollutants; target attainment with a target column.",
            discussion: """
                Columns: ph, do, codmn, cod, bod5, nh3n, tp, tn, cu, zn, fluoride, se, as, hg, cd, cr6, pb, cyanide, phenol, \
                petroleum, las, sulfide, coliform in mg/L (coliform per litre), or HJ 212 codes (w21003 …) in the \
                catalogue's units; an optional target column (Ⅲ, III or 3).
                """)
        @Option(help: "river or lake (lakes and reservoirs use the lake TP limits).") var waterbody: String = "river"

        func run() throws {
            guard let waterbody = GB3838.Waterbody(rawValue: waterbody) else { fail("--waterbody '\(waterbody)' must be river or lake", code: 2) }
            try runTable { header throws(CalcHeaderError) in try WaterTables.surfaceWater(header: header, waterbody: waterbody) }
        }
    }

    struct Groundwater: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "GB/T 14848-2017 class of each groundwater sample and the indicators that decide it.",
            discussion: """
                Columns: ph, hardness, tds, sulfate, chloride, fe, mn, cu, zn, al, phenol, las, codmn, nh3n, sulfide, na, \
                coliform, bacteria, nitrite, nitrate, cyanide, fluoride, iodide, hg, as, se, cd, cr6, pb in mg/L (or HJ 212 codes).
                """)

        func run() throws {
            try runTable { header throws(CalcHeaderError) in try WaterTables.groundwater(header: header) }
        }
    }

    struct TLI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tli",
            abstract: "Lake trophic state index TLI(Σ) and state of each sample.",
            discussion: "Columns: chla (mg/m³), tp, tn, codmn (mg/L), sd (m); any subset, weights renormalised.")

        func run() throws {
            try runTable { header throws(CalcHeaderError) in try WaterTables.trophicState(header: header) }
        }
    }
}

/// Reads a CSV from standard input, writes each row with its results to standard output and the notes to
/// standard error; exits 2 on an unusable header and 1 when any row had bad input.
func runTable(_ make: (Substring) throws(CalcHeaderError) -> some CalcTable) throws {
    let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    // Lines split on the bytes: "\n" is ASCII, and splitting Characters would cost more than the work.
    var lines = input.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }[...]
    if lines.last?.isEmpty == true { lines = lines.dropLast() }
    guard let headerLine = lines.popFirst() else { fail("standard input is empty: send a CSV with a header line", code: 2) }
    let table: any CalcTable
    do {
        table = try make(headerLine)
    } catch {
        fail(error.description, code: 2)
    }
    var output = table.outputHeader + "\n"
    var problems = 0
    for (offset, line) in lines.enumerated() {
        let (row, notes) = table.row(line, number: offset + 2)
        output += row
        output += "\n"
        for note in notes { FileHandle.standardError.write(Data("qingshan: \(note)\n".utf8)) }
        if notes.contains(where: \.isProblem) { problems += 1 }
        if output.utf8.count > 1 << 16 {
            FileHandle.standardOutput.write(Data(output.utf8))
            output = ""
        }
    }
    FileHandle.standardOutput.write(Data(output.utf8))
    if problems > 0 { throw ExitCode(1) }
}
