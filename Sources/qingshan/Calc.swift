import ArgumentParser
import Foundation
import QingshanCore
import QingshanServer

/// `qingshan calc`: the standards' calculations on CSV, standard input to standard output.
struct Calc: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Standards calculations on CSV (standard input → standard output).", subcommands: [AQI.self])

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
            let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            // Lines split on the bytes: "\n" is ASCII, and splitting Characters would cost more than the AQI.
            var lines = input.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }[...]
            if lines.last?.isEmpty == true { lines = lines.dropLast() }
            guard let headerLine = lines.popFirst() else { fail("standard input is empty: send a CSV with a header line", code: 2) }
            let now = Timestamp(millisecondsSinceEpoch: Int64(Date.now.timeIntervalSince1970 * 1000))
            let calculator: AQITableCalculator
            do {
                calculator = try AQITableCalculator(header: headerLine, period: period, edition: chosen, now: now, oneHourO3Enters: o3OneHour)
            } catch {
                fail(error.description, code: 2)
            }
            var output = calculator.outputHeader + "\n"
            var problems = 0
            for (offset, line) in lines.enumerated() {
                let (row, notes) = calculator.row(line, number: offset + 2)
                output += row
                output += "\n"
                for note in notes { FileHandle.standardError.write(Data("qingshan: \(note)\n".utf8)) }
                if notes.contains(where: { !$0.message.contains("爆表") && !$0.message.contains("not calculated") }) { problems += 1 }
                if output.utf8.count > 1 << 16 {
                    FileHandle.standardOutput.write(Data(output.utf8))
                    output = ""
                }
            }
            FileHandle.standardOutput.write(Data(output.utf8))
            if problems > 0 { throw ExitCode(1) }
        }
    }
}
