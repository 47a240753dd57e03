import Foundation
import QingshanCore

/// Plausible values for a simulated logger: a daily cycle plus noise around levels typical of Bayannur
/// (dusty spring air, Yellow River irrigation water, coal-fired boiler stacks with O2 and 折算 values).
struct SimulatedReading {
    /// A non-negative value with `digits` decimals, as loggers write them (integer arithmetic: Foundation's
    /// formatting would dominate a load test).
    static func decimal(_ value: Double, _ digits: Int) -> String {
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((value * Double(scale)).rounded())
        guard digits > 0 else { return String(scaled) }
        return "\(scaled / scale)." + padded(scaled % scale, digits)
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// The CP items of one real-time upload (CN 2011) for a site of `kind` at `time`, without DataTime.
    static func items(for kind: SiteKind, at time: Timestamp, seed: Int) -> [String] {
        var generator = SeededGenerator(seed: UInt64(truncatingIfNeeded: seed) &+ UInt64(time.millisecondsSinceEpoch / 1000))
        let hour = Double(CivilDateTime(time).hour)
        let daily = sin((hour - 8) / 24 * 2 * .pi)
        func around(_ level: Double, _ swing: Double, _ noise: Double) -> Double {
            max(0, level + swing * daily + Double.random(in: -noise...noise, using: &generator))
        }
        func item(_ code: String, _ value: Double, digits: Int, suffix: String = "Rtd") -> String {
            "\(code)-\(suffix)=\(decimal(value, digits)),\(code)-Flag=N"
        }
        switch kind {
        case .air, .noise:
            return [
                item("a34004", around(38, 12, 6), digits: 0), item("a34002", around(75, 20, 10), digits: 0),
                item("a21026", around(9, 3, 2), digits: 0), item("a21004", around(24, 10, 4), digits: 0),
                item("a21005", around(0.7, 0.2, 0.1), digits: 2), item("a05024", around(70, 40, 8), digits: 0),
            ]
        case .surfaceWater, .groundwater, .sourceWater:
            return [
                item("w01001", around(8.1, 0.2, 0.05), digits: 2), item("w01009", around(8.5, 1.2, 0.3), digits: 2),
                item("w01018", around(16, 2, 1), digits: 1), item("w21003", around(0.4, 0.1, 0.05), digits: 3),
                item("w21011", around(0.12, 0.03, 0.01), digits: 3),
            ]
        case .sourceGas:
            // 折算 to the boiler reference O2 of 9 % (GB 13271): C × (21 − 9) / (21 − O2).
            let oxygen = around(10.5, 1, 0.5)
            let factor = (21 - 9) / max(21 - oxygen, 1)
            let so2 = around(25, 8, 4)
            let nox = around(45, 10, 5)
            let dust = around(4, 1, 0.5)
            return [
                item("a00000", around(52, 6, 2), digits: 2), item("a19001", oxygen, digits: 2),
                item("a01011", around(11, 1, 0.5), digits: 2), item("a01012", around(48, 3, 1), digits: 1),
                item("a21026", so2, digits: 2) + ",a21026-ZsRtd=\(decimal(so2 * factor, 2))",
                item("a21002", nox, digits: 2) + ",a21002-ZsRtd=\(decimal(nox * factor, 2))",
                item("a34013", dust, digits: 2) + ",a34013-ZsRtd=\(decimal(dust * factor, 2))",
            ]
        }
    }
}

/// SplitMix64: reproducible values for a device and second, so a resent history period carries the same data.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
