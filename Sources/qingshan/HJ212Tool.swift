import ArgumentParser
import Foundation
import QingshanServer
import QingshanTools

struct HJ212Tool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hj212", abstract: "HJ 212 tools.", subcommands: [Decode.self, Enroll.self, Replay.self])

    struct Enroll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register every MN of a capture, with its password, as an imported device and site (code = MN).")
        @OptionGroup var options: StoreOptions
        @Argument(help: "Capture file.") var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { fail("\(file): no such file or not readable", code: 1) }
            do {
                let outcome = try await withConfiguredStore(options) { store in
                    try await HJ212Enrollment.enroll(capture: [UInt8](data), into: store)
                }
                print("devices enrolled: \(outcome.devices)\nsites created: \(outcome.sitesCreated)")
            } catch {
                fail("hj212 enroll: \(error)", code: 1)
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay a capture to a centre, one connection per MN, waiting for answers where asked.")
        @Option(help: "The centre, HOST:PORT.") var to: String
        @Option(help: "Frames per second over all connections (default: as fast as answered).") var rate: Double?
        @Option(help: "Connections at the same time.") var connections = 100
        @Argument(help: "Capture file.") var file: String

        func run() async throws {
            guard let target = HostAndPort(parsing: to) else { fail("--to '\(to)' must be HOST:PORT", code: 2) }
            guard let data = FileManager.default.contents(atPath: file) else { fail("\(file): no such file or not readable", code: 1) }
            do {
                let outcome = try await HJ212Replay.run(
                    capture: [UInt8](data), host: target.host, port: target.port, rate: rate, connections: max(1, connections))
                print(outcome.report)
                if outcome.brokenConnections > 0 {
                    fail(
                        "hj212 replay: \(outcome.brokenConnections) connection(s) ended early; the counts above say what was acknowledged before",
                        code: 1)
                }
            } catch {
                fail("hj212 replay: \(error)", code: 1)
            }
        }
    }

    struct Decode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decode frames from a file or standard input: one JSON object a line, good or bad.")
        @Flag(help: "Accept the Modbus CRC variants (reported as crc_variant).") var lenient = false
        @Flag(help: "Print only the counts of good and bad frames (for benchmarks and quick checks).") var summary = false
        @Argument(help: "Capture file (standard input when absent).") var file: String?

        func run() async throws {
            let data: Data
            if let file {
                guard let contents = FileManager.default.contents(atPath: file) else { fail("\(file): no such file or not readable", code: 1) }
                data = contents
            } else {
                data = FileHandle.standardInput.readDataToEndOfFile()
            }
            if summary {
                let counts = HJ212DecodeReport.count([UInt8](data), lenientCRC: lenient)
                let seconds = counts.seconds
                print("frames: \(counts.frames)\nrejected: \(counts.rejected)\nbytes: \(data.count)")
                print(
                    String(
                        format: "seconds: %.4f\nMB/s: %.1f\nframes/s: %.0f", seconds,
                        Double(data.count) / seconds / 1e6, Double(counts.frames) / seconds))
                return
            }
            var output = ""
            HJ212DecodeReport.decode([UInt8](data), lenientCRC: lenient) { line in
                output += line
                output += "\n"
                if output.utf8.count > 1 << 16 {
                    FileHandle.standardOutput.write(Data(output.utf8))
                    output = ""
                }
            }
            FileHandle.standardOutput.write(Data(output.utf8))
        }
    }
}
