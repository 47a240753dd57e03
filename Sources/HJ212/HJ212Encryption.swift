/// HJ 212-2025 §6.4 data-area encryption: the bytes between `CP=&&` and the `&&` before the CRC, SM4-ECB, whole
/// 16-byte blocks only (a shorter tail stays plain). The CRC covers the plaintext, so a receiver decrypts first
/// and then checks it.
public enum HJ212Encryption {
    /// The range of the data area inside a data segment, located by position: the ciphertext may contain
    /// `&`, `;` or CRLF bytes, so the closing `&&` is taken as the segment's last two bytes.
    static func dataArea(_ segment: [UInt8]) -> Range<Int>? {
        guard let open = HJ212Packet.find(Array("CP=&&".utf8), in: segment, from: 0), segment.count >= open + 7,
            segment[segment.count - 2] == 38, segment[segment.count - 1] == 38
        else { return nil }
        return (open + 5)..<(segment.count - 2)
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
