/// `%XX` escapes of a URL's path or query undone, without Foundation's bridged `removingPercentEncoding` (every
/// SensorThings request decodes its path and each query option: it was a fortieth of a page's time).
public enum PercentDecoding {
    /// The text with its escapes decoded, and `+` as a space where `plusIsSpace` (forms, and clients such as
    /// frost-sta-client, send it); nil for a broken escape or bytes that are not UTF-8.
    public static func decode(_ text: Substring, plusIsSpace: Bool = false) -> String? {
        let utf8 = text.utf8
        guard utf8.contains(UInt8(ascii: "%")) || (plusIsSpace && utf8.contains(UInt8(ascii: "+"))) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            utf8.formIndex(after: &index)
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = hexValue(utf8, index), let low = hexValue(utf8, utf8.index(after: index)) else { return nil }
                bytes.append(high << 4 | low)
                index = utf8.index(index, offsetBy: 2)
            case UInt8(ascii: "+") where plusIsSpace:
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ utf8: Substring.UTF8View, _ index: Substring.UTF8View.Index) -> UInt8? {
        guard index < utf8.endIndex else { return nil }
        switch utf8[index] {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return utf8[index] - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return utf8[index] - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return utf8[index] - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
