import Foundation

extension Timestamp {
    /// The wall clock now. Nothing in the core calls it (its functions take times as arguments, so that their
    /// arithmetic is testable); the runtime and the tools do.
    public static var now: Timestamp {
        Timestamp(millisecondsSinceEpoch: Int64((Date.now.timeIntervalSince1970 * 1000).rounded()))
    }
}
