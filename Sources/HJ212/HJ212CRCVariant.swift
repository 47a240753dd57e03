/// Which checksum a frame carried.
public enum HJ212CRCVariant: String, Sendable, Hashable {
    /// The standard's Annex A checksum.
    case standard
    /// CRC-16/MODBUS written high byte first (a wrong CRC some libraries implement).
    case modbus
    /// CRC-16/MODBUS with its two bytes swapped, as Modbus RTU puts them on the wire.
    case modbusSwapped = "modbus_swapped"

    /// The variant that produced `sent` for `segment`, or nil when none did.
    public static func match(sent: UInt16, segment: some Collection<UInt8>, lenient: Bool) -> HJ212CRCVariant? {
        if HJ212CRC.checksum(segment) == sent { return .standard }
        guard lenient else { return nil }
        let modbus = HJ212CRC.modbus(segment)
        if modbus == sent { return .modbus }
        if modbus.byteSwapped == sent { return .modbusSwapped }
        return nil
    }
}
