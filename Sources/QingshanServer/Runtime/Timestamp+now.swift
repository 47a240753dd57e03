import Foundation
import QingshanCore

extension Timestamp {
    /// The wall clock now (the core stays free of clocks so that its arithmetic is testable).
    public static var now: Timestamp {
        Timestamp(millisecondsSinceEpoch: Int64((Date.now.timeIntervalSince1970 * 1000).rounded()))
    }
}
