/// The checksum of HJ 212 Annex A (the same in the 2005, 2017 and 2025 editions).
///
/// Register 0xFFFF; for each byte, `reg = (reg >> 8) ^ byte`, then eight reflected steps with 0xA001. Unlike
/// CRC-16/MODBUS the low byte of the register is dropped at every byte, so `reg = T[(reg >> 8) ^ byte]` with
/// the usual reflected-0xA001 table. Check value: "123456789" → 0x2F80 (Modbus would give 0x4B37).
public enum HJ212CRC {
    /// The reflected-0xA001 table: entry `i` is eight shift-and-xor steps applied to `i`.
    static let table: [UInt16] = (0..<256).map { index in
        var value = UInt16(index)
        for _ in 0..<8 { value = value & 1 == 1 ? (value >> 1) ^ 0xA001 : value >> 1 }
        return value
    }

    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt16 {
        var register: UInt16 = 0xFFFF
        table.withUnsafeBufferPointer { table in
            for byte in bytes { register = table[Int((register >> 8) ^ UInt16(byte))] }
        }
        return register
    }

    /// CRC-16/MODBUS, which some devices send by mistake (reported, accepted only in lenient mode).
    public static func modbus(_ bytes: some Sequence<UInt8>) -> UInt16 {
        var register: UInt16 = 0xFFFF
        table.withUnsafeBufferPointer { table in
            for byte in bytes { register = (register >> 8) ^ table[Int((register ^ UInt16(byte)) & 0xFF)] }
        }
        return register
    }

    /// Four upper-case hex digits, high byte first, as frames carry it.
    public static func hex(_ value: UInt16) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [12, 8, 4, 0].map { digits[Int((value >> $0) & 0xF)] }, as: UTF8.self)
    }

    /// Parses four hex digits in either case.
    public static func parseHex(_ bytes: some Collection<UInt8>) -> UInt16? {
        guard bytes.count == 4 else { return nil }
        var value: UInt16 = 0
        for byte in bytes {
            let digit: UInt8
            switch byte {
            case 48...57: digit = byte - 48
            case 65...70: digit = byte - 55
            case 97...102: digit = byte - 87
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }
}
