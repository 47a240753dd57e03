import Foundation
import Synchronization
import Testing

/// A `qingshan` process started by a test, with its output collected as it arrives.
final class RunningProcess: Sendable {
    let process: Process
    private let output = OutputBuffer()

    final class OutputBuffer: Sendable {
        /// Bytes, decoded only when read: a pipe chunk may end inside a Chinese character.
        let bytes = Mutex(Data())
        /// Set when the pipe reaches its end: every byte the process wrote has been read.
        let ended = Mutex(false)
    }

    /// The built executable: `QINGSHAN_BINARY`, or `.build/debug/qingshan` in this package (`make test`
    /// builds it before the tests run).
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["QINGSHAN_BINARY"] { return path }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/qingshan").path
    }

    /// The newest modification time among the package's sources: a binary older than that is stale.
    static let newestSource: Date = {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        var newest = Date.distantPast
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: [.contentModificationDateKey])
        while let file = files?.nextObject() as? URL {
            if let date = try? file.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate, date > newest { newest = date }
        }
        return newest
    }()

    init(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw TestFailure("\(Self.binary) is missing: build it with `swift build` (make test does)")
        }
        // Tests of the command line must run the code under test, not whatever binary an earlier build left.
        if ProcessInfo.processInfo.environment["QINGSHAN_BINARY"] == nil,
            let built = try? FileManager.default.attributesOfItem(atPath: Self.binary)[.modificationDate] as? Date, built < Self.newestSource
        {
            throw TestFailure("\(Self.binary) is older than the sources: build it with `swift build` before the tests (make test does)")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("QINGSHAN_") }
        merged.merge(environment) { $1 }
        process.environment = merged
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [output] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                output.ended.withLock { $0 = true }
            } else {
                output.bytes.withLock { $0.append(data) }
            }
        }
        try process.run()
    }

    var text: String { String(decoding: output.bytes.withLock { $0 }, as: UTF8.self) }

    /// Waits until the output matches `pattern` and returns the first capture group (or the match).
    @discardableResult
    func waitFor(_ pattern: String, timeout: Duration = .seconds(60)) async throws -> String {
        let regex = try Regex(pattern)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let current = text
            if let match = current.firstMatch(of: regex) {
                return match.output.count > 1 ? String(match.output[1].substring ?? "") : String(current[match.range])
            }
            if !process.isRunning, current.firstMatch(of: regex) == nil {
                throw TestFailure("process exited (\(process.terminationStatus)) before printing /\(pattern)/:\n\(current)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("timed out waiting for /\(pattern)/; output so far:\n\(text)")
    }

    /// Every first capture group of `pattern` in the output so far, in order.
    func allMatches(_ pattern: String) throws -> [String] {
        try text.matches(of: Regex(pattern)).map { match in
            match.output.count > 1 ? String(match.output[1].substring ?? "") : ""
        }
    }

    /// Waits until every byte the process wrote has been read (after it ended).
    func waitForEndOfOutput(timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !output.ended.withLock({ $0 }), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
    }

    /// Waits for the process to end and returns its exit status.
    func exitStatus(timeout: Duration = .seconds(120)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.terminate()
                throw TestFailure("process did not exit in time; output:\n\(text)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Runs a command to the end and returns its status and output.
    static func run(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) async throws
        -> (status: Int32, output: String)
    {
        let running = try RunningProcess(arguments, environment: environment, directory: directory)
        let status = try await running.exitStatus()
        // Wait for the end of the pipe, not a fixed time: a loaded machine delivers the last bytes late.
        let deadline = ContinuousClock.now + .seconds(10)
        while !running.output.ended.withLock({ $0 }), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        return (status, running.text)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// HTTP against a separate `qingshan serve` process, through curl (installed by scripts/install-deps.sh test).
enum HTTP {
    static func get(_ url: String) async throws -> (status: Int, body: String) {
        try await request(url, method: "GET", body: nil, headers: [:])
    }

    static func request(_ url: String, method: String, body: String?, headers: [String: String]) async throws
        -> (status: Int, body: String)
    {
        var arguments = ["-s", "-o", "-", "-w", "\n%{http_code}", "-X", method, url]
        for (name, value) in headers { arguments += ["-H", "\(name): \(value)"] }
        if let body { arguments += ["--data-binary", body] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard let newline = text.lastIndex(of: "\n"), let status = Int(text[text.index(after: newline)...]) else {
            throw TestFailure("no HTTP answer from \(url)")
        }
        return (status, String(text[..<newline]))
    }
}
