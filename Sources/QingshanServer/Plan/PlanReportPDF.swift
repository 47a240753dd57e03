public import Foundation

/// A report's HTML printed to PDF by Debian's `chromium` (headless), with the CJK fonts of `fonts-noto-cjk`
/// embedded by Chromium. One at a time, on a queue of its own (not NIO's thread pool, which the SQLite driver
/// needs), stopped after `timeout` seconds.
public enum PlanReportPDF {
    public static let timeout: TimeInterval = 90

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The browser to print with: `chromium` from the PATH (or QINGSHAN_CHROMIUM), or nil.
    public static var browser: String? {
        if let configured = ProcessInfo.processInfo.environment["QINGSHAN_CHROMIUM"], FileManager.default.isExecutableFile(atPath: configured) {
            return configured
        }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser"] where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
        }
        return nil
    }

    public static func render(html: String) async throws -> Data {
        guard let browser else {
            throw Failure(description: "PDF needs Debian's chromium (apt-get install chromium fonts-noto-cjk); md and html work without it")
        }
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try print(html: html, with: browser) }) }
        }
    }

    private static let queue = DispatchQueue(label: "qingshan.pdf")

    private static func print(html: String, with browser: String) throws -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qingshan-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("report.html")
        let output = directory.appendingPathComponent("report.pdf")
        try Data(html.utf8).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=\(directory.path)/profile",
            "--print-to-pdf=\(output.path)", input.absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Stopped by a timer if it hangs; otherwise waited for on this queue.
        let stop = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: stop)
        process.waitUntilExit()
        stop.cancel()
        if process.terminationReason == .uncaughtSignal {
            throw Failure(description: "chromium did not print the report within \(Int(timeout)) s")
        }
        guard let pdf = try? Data(contentsOf: output), pdf.starts(with: Array("%PDF".utf8)) else {
            throw Failure(description: "chromium printed no PDF (exit \(process.terminationStatus))")
        }
        return pdf
    }
}
