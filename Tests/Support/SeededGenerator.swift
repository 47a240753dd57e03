import Foundation

/// A reproducible random number generator for tests (SplitMix64). Each run takes its seed from
/// `QINGSHAN_TEST_SEED` or picks a new one; a test names the seed in its failure messages, so that a failing
/// input can be replayed with `QINGSHAN_TEST_SEED=N swift test --filter …`.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public let seed: UInt64
    private var state: UInt64

    public init(seed: UInt64 = SeededGenerator.runSeed) {
        self.seed = seed
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The seed of this test run.
    public static let runSeed: UInt64 =
        ProcessInfo.processInfo.environment["QINGSHAN_TEST_SEED"].flatMap(UInt64.init)
        ?? UInt64.random(in: 1...UInt64.max)

    /// For failure messages.
    public var replay: String { "seed \(seed): rerun with QINGSHAN_TEST_SEED=\(seed)" }
}
