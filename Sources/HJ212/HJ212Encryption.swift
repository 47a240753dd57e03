/// HJ 212-2025 §6.4 data-area encryption: the bytes between `CP=&&` and the `&&` before the CRC, SM4-ECB, whole
/// 16-byte blocks only (a shorter tail stays plain). The CRC covers the plaintext, so a receiver decrypts first
/// and then checks it.
public enum HJ212Encryption {
    /// The range of the data area inside a data segment, located by position: the ciphertext may contain
    /// `&`, `;` or CRLF bytes, so the closing `&&` is taken as the segment's last two bytes.
    static func dataArea(_ segment: [UInt8]) -> Range<Int>? {
        guard let open = HJ212Packet.cpOpening(segment), segment.count >= open + 7,
            segment[segment.count - 2] == 38, segment[segment.count - 1] == 38
        else { return nil }
        return (open + 5)..<(segment.count - 2)
    }

    /// A device key as the registry holds it: 32 hex digits, or the 16 characters that CN 1014 distributes.
    public static func key(_ text: String) -> [UInt8]? {
        if text.count == 16 { return Array(text.utf8).count == 16 ? Array(text.utf8) : nil }
        guard text.count == 32 else { return nil }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }

    public static func encrypt(segment: [UInt8], with cipher: SM4) -> [UInt8]? {
        transform(segment, cipher.encryptECB)
    }

    public static func decrypt(segment: [UInt8], with cipher: SM4) -> [UInt8]? {
        transform(segment, cipher.decryptECB)
    }

    private static func transform(_ segment: [UInt8], _ body: ([UInt8]) -> [UInt8]) -> [UInt8]? {
        guard let area = dataArea(segment) else { return nil }
        var output = segment
        output.replaceSubrange(area, with: body(Array(segment[area])))
        return output
    }
}
