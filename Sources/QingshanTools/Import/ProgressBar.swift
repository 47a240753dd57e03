public import Foundation
import Synchronization

/// A one-line progress bar on standard error, drawn only when standard error is a terminal, so logs and CI
/// output stay clean.
public final class ProgressBar: Sendable {
    private let total: Int
    private let label: String
    private let enabled: Bool
    private let lastDrawn = Mutex(-1)
    private let started = Date.now

    public init(total: Int, label: String, enabled: Bool = isatty(STDERR_FILENO) != 0) {
        self.total = max(total, 1)
        self.label = label
        self.enabled = enabled
    }

    /// A progress callback (done, total) that draws a bar labelled `label`, made at the first call and finished
    /// when done reaches total: what the rollup worker reports to after an import.
    public static func reporting(_ label: String) -> @Sendable (_ done: Int, _ total: Int) -> Void {
        let bar = Mutex<ProgressBar?>(nil)
        return { done, total in
            let current = bar.withLock { current in
                if current == nil { current = ProgressBar(total: total, label: label) }
                return current!
            }
            current.update(done)
            if done >= total { current.finish() }
        }
    }

    public func update(_ done: Int) {
        guard enabled else { return }
        let percent = min(100, done * 100 / total)
        let changed = lastDrawn.withLock { drawn in
            defer { drawn = percent }
            return drawn != percent
        }
        guard changed else { return }
        let width = 30
        let filled = percent * width / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let elapsed = Date.now.timeIntervalSince(started)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(percent)%  \(String(format: "%.1f", elapsed))s".utf8))
    }

    public func finish() {
        guard enabled else { return }
        update(total)
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
