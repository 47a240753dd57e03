import Foundation

/// A one-line progress bar on standard error, drawn only when standard error is a terminal, so logs and CI
/// output stay clean.
final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private let label: String
    private let enabled: Bool
    private var lastDrawn = -1
    private let started = Date.now

    init(total: Int, label: String, enabled: Bool = isatty(STDERR_FILENO) != 0) {
        self.total = max(total, 1)
        self.label = label
        self.enabled = enabled
    }

    func update(_ done: Int) {
        guard enabled else { return }
        let percent = min(100, done * 100 / total)
        guard percent != lastDrawn else { return }
        lastDrawn = percent
        let width = 30
        let filled = percent * width / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let elapsed = Date.now.timeIntervalSince(started)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(percent)%  \(String(format: "%.1f", elapsed))s".utf8))
    }

    func finish() {
        guard enabled else { return }
        update(total)
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
