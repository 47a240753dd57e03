import HJ212
import QingshanCore
import Testing

@Suite struct ReassemblerTests {
    static func piece(_ number: Int, of total: Int, qn: Int, items: String, time: String = "20160801084000") throws -> HJ212Packet {
        try HJ212Packet.parse(
            Array(
                "QN=2016080108585753\(qn);ST=32;CN=2051;PW=100000;MN=M1;Flag=7;PNUM=\(total);PNO=\(number);CP=&&DataTime=\(time);\(items)&&".utf8))
    }

    static let start = Timestamp(millisecondsSinceEpoch: 1_000_000)

    @Test func piecesInAnyOrderJoinIntoOneUpload() throws {
        var reassembler = HJ212Reassembler()
        #expect(reassembler.add(try Self.piece(3, of: 3, qn: 6, items: "w01001-Avg=7.1"), at: Self.start) == nil)
        #expect(reassembler.add(try Self.piece(1, of: 3, qn: 4, items: "w00000-Avg=17.5,w00000-Flag=N"), at: Self.start) == nil)
        // A resent piece replaces the first copy and does not complete anything.
        #expect(reassembler.add(try Self.piece(1, of: 3, qn: 4, items: "w00000-Avg=17.5,w00000-Flag=N"), at: Self.start) == nil)
        let upload = try #require(reassembler.add(try Self.piece(2, of: 3, qn: 5, items: "w01018-Avg=30"), at: Self.start))
        #expect(upload.isComplete)
        #expect(upload.key == HJ212Reassembler.Key(mn: "M1", cn: "2051", dataTime: "20160801084000", total: 3))
        let joined = try #require(upload.joined)
        #expect(joined.cp.map(\.key) == ["DataTime", "w00000-Avg", "w00000-Flag", "w01018-Avg", "w01001-Avg"])
        #expect(joined.headerValue("PNO") == nil)
        #expect(reassembler.openCount == 0)
    }

    @Test func differentDataTimesAreDifferentUploads() throws {
        var reassembler = HJ212Reassembler()
        #expect(reassembler.add(try Self.piece(1, of: 2, qn: 1, items: "a-Avg=1", time: "20160801084000"), at: Self.start) == nil)
        #expect(reassembler.add(try Self.piece(2, of: 2, qn: 2, items: "a-Avg=1", time: "20160801084100"), at: Self.start) == nil)
        #expect(reassembler.openCount == 2)
    }

    @Test func missingPiecesAreReportedAtTheTimeout() throws {
        var reassembler = HJ212Reassembler(timeoutMilliseconds: 60_000)
        _ = reassembler.add(try Self.piece(2, of: 4, qn: 1, items: "a-Avg=1"), at: Self.start)
        #expect(reassembler.expire(at: Self.start.adding(milliseconds: 59_999)).isEmpty)
        let expired = reassembler.expire(at: Self.start.adding(milliseconds: 60_000))
        #expect(expired.map(\.missing) == [[1, 3, 4]])
        #expect(expired.first?.isComplete == false)
        #expect(reassembler.openCount == 0)
    }

    @Test func openUploadsAreBounded() throws {
        var reassembler = HJ212Reassembler(timeoutMilliseconds: 60_000, maximumOpen: 2)
        for minute in 0..<3 {
            _ = reassembler.add(
                try Self.piece(1, of: 2, qn: minute, items: "a-Avg=1", time: "2016080108\(40 + minute)00"),
                at: Self.start.adding(milliseconds: Int64(minute)))
        }
        let dropped = reassembler.expire(at: Self.start.adding(milliseconds: 10))
        #expect(dropped.map(\.key.dataTime) == ["20160801084000"])
        #expect(reassembler.openCount == 2)
    }

    @Test func unsplitPacketsAreNotPieces() throws {
        let whole = try HJ212Packet.parse(Array("ST=32;CN=2051;PW=1;MN=M1;Flag=5;CP=&&DataTime=20160801084000&&".utf8))
        #expect(HJ212Reassembler.pieceNumbers(whole) == nil)
        // 2005 loggers may put the numbers in CP.
        let old = try HJ212Packet.parse(Array("ST=32;CN=2051;PW=1;MN=M1;CP=&&PNO=2;PNUM=3;DataTime=20160801084000&&".utf8))
        #expect(HJ212Reassembler.pieceNumbers(old)! == (2, 3))
    }
}

@Suite struct RequestTests {
    /// The standard's own 1062 example (CRC 1C80) is what the encoder writes for a 2017 logger.
    @Test func requestsFollowTheStandardsExample() {
        let segment = HJ212Request.segment(
            cn: "1062", qn: "20160801085857223", systemCode: "32", mn: "010000A8900016F000169DC0", password: "100000",
            edition: .hj212_2017, cp: "RtdInterval=30")
        #expect(
            String(decoding: segment, as: UTF8.self)
                == "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&")
        #expect(HJ212CRC.hex(HJ212CRC.checksum(segment)) == "1C80")
    }

    @Test func timesAreBeijingTime() {
        let time = CivilDateTime(year: 2016, month: 8, day: 1, hour: 8, minute: 58, second: 57, millisecond: 223).timestamp
        #expect(HJ212Request.qn(at: time) == "20160801085857223")
        #expect(HJ212Request.dataTime(time) == "20160801085857")
    }
}
