import Foundation
import HJ212
import NIOCore
import QingshanCore
import QingshanTestSupport
import Testing

/// The packets of `vectors.json`, each as it was collected, with what it must parse to or why it is broken.
struct Vector: Sendable, CustomTestStringConvertible {
    var packet: String
    var valid: Bool
    var expected: [String: String]
    var values: [String: String]
    var declaredLength: Int
    var actualLength: Int
    var crcMatch: Bool
    var note: String

    var testDescription: String { String(packet.prefix(60)) }

    static let all: [Vector] = {
        let url = Bundle.module.url(forResource: "vectors", withExtension: "json", subdirectory: "Fixtures")!
        let items = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [[String: Any]]
        return items.map { item in
            let expected = item["expected"] as? [String: Any] ?? [:]
            let check = item["check"] as? [String: Any] ?? [:]
            return Vector(
                packet: item["packet"] as! String, valid: item["valid"] as! Bool,
                expected: expected.compactMapValues { $0 as? String },
                values: expected["values"] as? [String: String] ?? [:],
                declaredLength: check["declared_length"] as? Int ?? 0,
                actualLength: check["actual_length_bytes"] as? Int ?? 0,
                crcMatch: check["crc_match"] as? Bool ?? false,
                note: (item["why_invalid"] ?? item["notes"]) as? String ?? "")
        }
    }()

    /// The refusal the vector's own check data implies.
    var expectedReason: HJ212FrameError.Reason {
        if declaredLength > 1024 { return .size }
        if declaredLength != actualLength { return .length }
        return .crc
    }
}

@Suite struct VectorTests {
    static func decodeAll(_ bytes: [UInt8]) -> [HJ212FrameDecoder.Event] {
        var decoder = HJ212FrameDecoder()
        var buffer = ByteBuffer(bytes: bytes)
        var events: [HJ212FrameDecoder.Event] = []
        while let event = decoder.next(&buffer, atEOF: true) { events.append(event) }
        return events
    }

    @Test(arguments: Vector.all.filter(\.valid))
    func validVectorsParseToTheirExpectedFields(vector: Vector) throws {
        let events = Self.decodeAll(Array(vector.packet.utf8))
        guard events.count == 1, case .frame(let frame) = events[0] else {
            Issue.record("not one frame: \(events) — \(vector.note)")
            return
        }
        let packet = try HJ212Packet.parse(frame.segment)
        for key in ["QN", "ST", "CN", "PW", "MN", "Flag"] {
            #expect(packet.headerValue(key) == vector.expected[key], "\(key)")
        }
        if let dataTime = vector.expected["DataTime"] { #expect(packet.cpValue("DataTime") == dataTime) }
        for (key, value) in vector.values {
            // The collection writes a QN carried inside CP (2005 answers) as "QN(in CP)".
            let cpKey = key == "QN(in CP)" ? "QN" : key
            #expect(packet.cpValue(cpKey) == value, "\(key)")
        }
    }

    @Test(arguments: Vector.all.filter { !$0.valid })
    func invalidVectorsAreRefusedForTheirReason(vector: Vector) {
        let events = Self.decodeAll(Array(vector.packet.utf8))
        #expect(!events.contains { if case .frame = $0 { true } else { false } }, "\(vector.note)")
        guard case .rejected(let error) = events.first else {
            Issue.record("no refusal: \(vector.note)")
            return
        }
        #expect(error.reason == vector.expectedReason, "\(vector.note) — got \(error)")
        #expect(error.offset == 0)
    }

    @Test func editionsFollowTheFlagVersionBits() throws {
        let editions = try Vector.all.filter(\.valid).map { vector -> HJ212Edition in
            guard case .frame(let frame) = Self.decodeAll(Array(vector.packet.utf8)).first else { throw TestError() }
            return try HJ212Packet.parse(frame.segment).edition
        }
        #expect(Set(editions) == [.hj212_2005, .hj212_2017, .hj212_2025])
        #expect(HJ212Edition(flag: nil) == .hj212_2005)
        #expect(HJ212Edition(flag: 3) == .hj212_2005)
        #expect(HJ212Edition(flag: 5) == .hj212_2017)
        #expect(HJ212Edition(flag: 9) == .hj212_2025)
    }

    struct TestError: Error {}
}

@Suite struct CRCTests {
    @Test func checkValues() {
        #expect(HJ212CRC.checksum(Array("123456789".utf8)) == 0x2F80)
        #expect(HJ212CRC.modbus(Array("123456789".utf8)) == 0x4B37)
        #expect(HJ212CRC.checksum([]) == 0xFFFF)
        let standard = "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&"
        #expect(HJ212CRC.hex(HJ212CRC.checksum(Array(standard.utf8))) == "1C80")
    }

    /// The table-driven checksum equals the bit-by-bit procedure of Annex A on random inputs.
    @Test func tableEqualsTheAnnexProcedure() {
        var generator = SeededGenerator()
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var register: UInt16 = 0xFFFF
            for byte in bytes {
                register = (register >> 8) ^ UInt16(byte)
                for _ in 0..<8 { register = register & 1 == 1 ? (register >> 1) ^ 0xA001 : register >> 1 }
            }
            #expect(HJ212CRC.checksum(bytes) == register, "\(bytes), \(generator.replay)")
        }
    }

    @Test func hexIsCaseInsensitiveOnInputAndUpperOnOutput() {
        #expect(HJ212CRC.parseHex(Array("1dc0".utf8)) == 0x1DC0)
        #expect(HJ212CRC.parseHex(Array("1DC0".utf8)) == 0x1DC0)
        #expect(HJ212CRC.parseHex(Array("1DCG".utf8)) == nil)
        #expect(HJ212CRC.hex(0x1DC0) == "1DC0")
        #expect(HJ212CRC.hex(0x000A) == "000A")
    }

    @Test func lenientModeNamesTheModbusVariants() {
        let segment = Array(
            "ST=32;CN=2011;PW=123456;MN=C201801010001;Flag=5;CP=&&DataTime=20180611090000;a34002-Rtd=30.1,a34002-Flag=N;a21026-Rtd=0.5,a21026-Flag=N&&"
                .utf8)
        #expect(HJ212CRCVariant.match(sent: 0xED94, segment: segment, lenient: false) == nil)
        #expect(HJ212CRCVariant.match(sent: 0xED94, segment: segment, lenient: true) == .modbus)
        #expect(HJ212CRCVariant.match(sent: 0x94ED, segment: segment, lenient: true) == .modbusSwapped)
        #expect(HJ212CRCVariant.match(sent: 0xA441, segment: segment, lenient: false) == .standard)
    }
}
