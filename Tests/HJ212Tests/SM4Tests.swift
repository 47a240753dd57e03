import Foundation
import HJ212
import QingshanTestSupport
import Testing

@Suite struct SM4Tests {
    static func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// GB/T 32907-2016 Appendix A, example 1.
    @Test func standardVector() throws {
        let key = Self.bytes("0123456789abcdeffedcba9876543210")
        let cipher = try SM4(key: key)
        let encrypted = cipher.encryptECB(key)
        #expect(Self.hex(encrypted) == "681edf34d206965e86b3e94f536e4246")
        #expect(cipher.decryptECB(encrypted) == key)
        #expect(throws: SM4.KeyError.wrongLength(15)) { try SM4(key: Array(key.prefix(15))) }
    }

    /// HJ 212-2025 Appendix A.2: the same minute packet in clear and encrypted with key "0000000000000000";
    /// the length and the CRC (over the plaintext) do not change.
    @Test(arguments: [
        (
            "QN=20240520210700000;ST=31;CN=2051;PW=123456;MN=010000A8900016F000169DC0;Flag=9;CP=&&DataTime=20240520210600;a01011-Min=1.35,a01011-Avg=1.35,a01011-Max=1.35,a01011-Flag=N;a01012-Min=9.3,a01012-Avg=9.3,a01012-Max=9.3,a01012-Flag=N;a01014-Min=3.20,a01014-Avg=3.211,a01014-Max=3.212,a01014-Flag=N&&",
            "E43E159ACFAB242CB53155FB8B9281A1A242577ABFAED881BE88B72D69FC55ED1A80119FAAC8B3CD33D285CC76F57F2CA7F88B9573C6647E0F07E24609BD6B63EB20C5B9784F28E71D2F4994FF61D9E1C2B3075592B4D1E09C4D8BB27BE97B559E3DA6643781A6F477769DEEB009B10DFFF3426922725D607DC4480F0CAC5F70DB2587B124BCB281592721D6E4BC180A97E5E111499CBE822E31C8D7761553543AA24207C290997BBDE64F9266BC5F529A172E381C1D898CA1A0D771A914A7B2D7467C70B94F1D4A7B0350A48DBF8B41",
            "", "2200"
        ),
        (
            "QN=20240520210700000;ST=31;CN=2051;PW=123456;MN=010000A8900016F000169DC0;Flag=9;CP=&&DataTime=20240520210600;a01011-Min=1.35,a01011-Avg=1.35,a01011-Max=1.35,a01011-Flag=N;a01014-Min=3.20,a01014-Avg=3.20,a01014-Max=3.20,a01014-Flag=N&&",
            "E43E159ACFAB242CB53155FB8B9281A1A242577ABFAED881BE88B72D69FC55ED1A80119FAAC8B3CD33D285CC76F57F2CA7F88B9573C6647E0F07E24609BD6B63EB20C5B9784F28E71D2F4994FF61D9E13B391A1D2A454B65388D5D9435DBF021528C7BF9755EF16518710C0CAC0ADEF9C5156CD0A5A17674AC0ED2ABC40023E9EF70128554B82438E91ADCE98A0D03A4",
            "g=N", "B541"
        ),
    ])
    func appendixExamples(plain: String, cipherHex: String, tail: String, crc: String) throws {
        let cipher = try SM4(key: Array("0000000000000000".utf8))
        let segment = Array(plain.utf8)
        let encrypted = try #require(HJ212Encryption.encrypt(segment: segment, with: cipher))
        #expect(encrypted.count == segment.count)
        let open = try #require(plain.range(of: "CP=&&")).upperBound.utf16Offset(in: plain)
        #expect(Array(encrypted[open..<(open + cipherHex.count / 2)]) == Self.bytes(cipherHex))
        #expect(Array(encrypted[(open + cipherHex.count / 2)...]) == Array((tail + "&&").utf8))
        #expect(HJ212CRC.hex(HJ212CRC.checksum(segment)) == crc)
        #expect(HJ212Encryption.decrypt(segment: encrypted, with: cipher) == segment)
    }

    /// The same bytes through `openssl enc -sm4-ecb -nopad` (Debian's OpenSSL 3).
    @Test func agreesWithOpenSSLOnRandomInputs() throws {
        var generator = SeededGenerator()
        for _ in 0..<20 {
            let key = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let plain = (0..<(16 * Int.random(in: 1...8, using: &generator))).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = ["enc", "-sm4-ecb", "-nopad", "-K", Self.hex(key)]
            let input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            input.fileHandleForWriting.write(Data(plain))
            try input.fileHandleForWriting.close()
            let expected = [UInt8](output.fileHandleForReading.readDataToEndOfFile())
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let cipher = try SM4(key: key)
            #expect(cipher.encryptECB(plain) == expected, "key \(Self.hex(key)), plain \(Self.hex(plain)), \(generator.replay)")
            #expect(cipher.decryptECB(expected) == plain, "key \(Self.hex(key)), \(generator.replay)")
        }
    }
}
