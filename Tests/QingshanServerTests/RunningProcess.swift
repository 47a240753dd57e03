import Foundation
import Synchronization
import Testing

@testable import QingshanServer

/// A `qingshan` process started by a test, with its output collected as it arrives. Waits are for events (new
/// output, the end of the pipe, the process's exit), each with a deadline; nothing polls.
final class RunningProcess: Sendable {
    let process: Process
    private let output = OutputBuffer()

    final class OutputBuffer: Sendable {
        struct Snapshot: Sendable {
            /// Bytes, decoded only when read: a pipe chunk may end inside a Chinese character.
            var bytes = Data()
            /// Every byte the process wrote has been read.
            var pipeEnded = false
            var exited = false
        }

        let state = Mutex(Snapshot())
        let waiters = StateWaiters<Snapshot>()

        func change(_ body: (inout Snapshot) -> Void) {
            state.withLock { body(&$0) }
            waiters.changed { state.withLock { $0 } }
        }

        /// Waits until the snapshot meets `condition`, at most `timeout`.
        func wait(until condition: @escaping @Sendable (Snapshot) -> Bool, timeout: Duration) async -> Bool {
            await waiters.wait(until: condition, current: { self.state.withLock { $0 } }, timeout: timeout)
        }
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

    /// The `qingshan` process for `arguments`, not yet started; refuses a missing or stale binary.
    static func configured(_ arguments: [String], environment: [String: String], directory: String?) throws -> Process {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw TestFailure("\(binary) is missing: build it with `swift build` (make test does)")
        }
        // Tests of the command line must run the code under test, not whatever binary an earlier build left.
        if ProcessInfo.processInfo.environment["QINGSHAN_BINARY"] == nil,
            let built = try? FileManager.default.attributesOfItem(atPath: binary)[.modificationDate] as? Date, built < newestSource
        {
            throw TestFailure("\(binary) is older than the sources: build it with `swift build` before the tests (make test does)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("QINGSHAN_") }
        merged.merge(environment) { $1 }
        process.environment = merged
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        return process
    }

    init(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws {
        process = try Self.configured(arguments, environment: environment, directory: directory)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [output] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                output.change { $0.pipeEnded = true }
            } else {
                output.change { $0.bytes.append(data) }
            }
        }
        process.terminationHandler = { [output] _ in output.change { $0.exited = true } }
        try process.run()
    }

    var text: String { String(decoding: output.state.withLock { $0.bytes }, as: UTF8.self) }

    /// Waits until the output matches `pattern` and returns the first capture group (or the match).
    @discardableResult
    func waitFor(_ pattern: String, timeout: Duration = .seconds(60)) async throws -> String {
        let regex = try Regex(pattern)
        func found(_ text: String) -> String? {
            guard let match = text.firstMatch(of: regex) else { return nil }
            return match.output.count > 1 ? String(match.output[1].substring ?? "") : String(text[match.range])
        }
        _ = await output.wait(
            until: { snapshot in
                // Made here: a Regex cannot be shared between tasks.
                guard !snapshot.exited, let regex = try? Regex(pattern) else { return true }
                return String(decoding: snapshot.bytes, as: UTF8.self).firstMatch(of: regex) != nil
            }, timeout: timeout)
        if let value = found(text) { return value }
        if !process.isRunning {
            try await waitForEndOfOutput()
            if let value = found(text) { return value }
            throw TestFailure("process exited (\(process.terminationStatus)) before printing /\(pattern)/:\n\(text)")
        }
        throw TestFailure("timed out waiting for /\(pattern)/; output so far:\n\(text)")
    }

    /// Every first capture group of `pattern` in the output so far, in order.
    func allMatches(_ pattern: String) throws -> [String] {
        try text.matches(of: Regex(pattern)).map { match in
            match.output.count > 1 ? String(match.output[1].substring ?? "") : ""
        }
    }

    /// Waits until every byte the process wrote has been read (after it ended): a loaded machine delivers the
    /// last bytes late. The end of the pipe is the event; but a child that another test started meanwhile may
    /// have inherited the pipe's write end (Foundation's pipes are not close-on-exec) and delay the end until
    /// it exits, so after `timeout` what has arrived is taken: the process is gone, so nothing more is coming
    /// from it but what is still in the pipe, which the reader has had that long to drain.
    func waitForEndOfOutput(timeout: Duration = .seconds(3)) async throws {
        _ = await output.wait(until: { $0.pipeEnded }, timeout: timeout)
    }

    /// Waits for the process to end and returns its exit status.
    func exitStatus(timeout: Duration = .seconds(120)) async throws -> Int32 {
        guard await output.wait(until: { $0.exited }, timeout: timeout) else {
            process.terminate()
            throw TestFailure("process did not exit in time; output:\n\(text)")
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Runs a command to the end and returns its status and output. The output goes to a file, read once the
    /// command has exited: complete, whatever other children hold (a pipe's end may never come while a process
    /// another test started keeps an inherited copy of its write end).
    static func run(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) async throws
        -> (status: Int32, output: String)
    {
        let file = Fixture.temporaryDirectory() + "/output.txt"
        guard FileManager.default.createFile(atPath: file, contents: nil), let handle = FileHandle(forWritingAtPath: file) else {
            throw TestFailure("cannot create \(file)")
        }
        defer { try? handle.close() }
        let process = try configured(arguments, environment: environment, directory: directory)
        process.standardOutput = handle
        process.standardError = handle
        let exited = StateWaiters<Bool>()
        let done = Mutex(false)
        process.terminationHandler = { _ in
            done.withLock { $0 = true }
            exited.changed { true }
        }
        try process.run()
        guard await exited.wait(until: { $0 }, current: { done.withLock { $0 } }, timeout: .seconds(120)) else {
            process.terminate()
            throw TestFailure("\(arguments.joined(separator: " ")) did not exit in time")
        }
        process.waitUntilExit()
        let output = FileManager.default.contents(atPath: file) ?? Data()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
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
