import Foundation
import HJ212
import NIOCore
import NIOEmbedded
import QingshanCore
import QingshanTestSupport
import Testing

/// Bytes through NIO's EmbeddedChannel in every split: one byte at a time, glued, junk between frames.
@Suite struct FrameStreamTests {
    static let excerpt: [UInt8] = {
        let url = Bundle.module.url(forResource: "alldata-2016-08-24_00-excerpt", withExtension: "h212", subdirectory: "Fixtures")!
        return [UInt8](try! Data(contentsOf: url))
    }()

    /// An independent line-based reading of the capture: a line is good when its declared length and the
    /// bit-by-bit Annex A checksum agree. This is what the decoder must reproduce from the raw stream.
    static func referenceGoodLines(_ bytes: [UInt8]) -> (good: [[UInt8]], bad: Int) {
        var good: [[UInt8]] = []
        var bad = 0
        var line: [UInt8] = []
        func finish() {
            defer { line = [] }
            guard !line.isEmpty else { return }
            let text = String(decoding: line, as: UTF8.self)
            guard line.count >= 10, text.hasPrefix("##"), let length = Int(String(decoding: line[2..<6], as: UTF8.self)),
                line.count == 6 + length + 4
            else {
                bad += 1
                return
            }
            var register: UInt16 = 0xFFFF
            for byte in line[6..<(6 + length)] {
                register = (register >> 8) ^ UInt16(byte)
                for _ in 0..<8 { register = register & 1 == 1 ? (register >> 1) ^ 0xA001 : register >> 1 }
            }
            if String(format: "%04X", register) == String(decoding: line[(6 + length)...], as: UTF8.self).uppercased() {
                good.append(Array(line[6..<(6 + length)]))
            } else {
                bad += 1
            }
        }
        var index = 0
        while index < bytes.count {
            if bytes[index] == 13, index + 1 < bytes.count, bytes[index + 1] == 10 {
                finish()
                index += 2
            } else {
                line.append(bytes[index])
                index += 1
            }
        }
        finish()
        return (good, bad)
    }

    /// Feeds `chunks` through a channel with the frame handler and returns everything it emitted.
    static func run(_ chunks: [[UInt8]]) throws -> [HJ212FrameDecoder.Event] {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(HJ212FrameHandler()))
        var events: [HJ212FrameDecoder.Event] = []
        for chunk in chunks {
            try channel.writeInbound(channel.allocator.buffer(bytes: chunk))
            while let event = try channel.readInbound(as: HJ212FrameDecoder.Event.self) { events.append(event) }
        }
        _ = try channel.finish()
        while let event = try channel.readInbound(as: HJ212FrameDecoder.Event.self) { events.append(event) }
        return events
    }

    static func frames(_ events: [HJ212FrameDecoder.Event]) -> [[UInt8]] {
        events.compactMap { if case .frame(let frame) = $0 { frame.segment } else { nil } }
    }

    static func rejections(_ events: [HJ212FrameDecoder.Event]) -> [HJ212FrameError] {
        events.compactMap { if case .rejected(let error) = $0 { error } else { nil } }
    }

    @Test func theRealCaptureInOneWriteMatchesTheReference() throws {
        let reference = Self.referenceGoodLines(Self.excerpt)
        #expect(reference.bad == 8)
        let events = try Self.run([Self.excerpt])
        #expect(Self.frames(events) == reference.good)
        let refused = Self.rejections(events)
        #expect(refused.count == reference.bad)
        #expect(Set(refused.map(\.reason)).isSubset(of: [.crc, .length, .syntax, .trailer]))
    }

    /// The last 30 kB of the excerpt hold all eight broken lines; byte by byte is slow in a debug build.
    @Test func oneByteAtATimeGivesTheSameFrames() throws {
        let tail = Array(Self.excerpt[(Self.excerpt.count - 30_000)...])
        let start = try #require(tail.indices.first { tail[$0] == 35 && tail[$0 + 1] == 35 && tail[$0 - 1] == 10 })
        let stream = Array(tail[start...])
        let expected = try Self.run([stream])
        let events = try Self.run(stream.map { [$0] })
        #expect(Self.frames(events) == Self.frames(expected))
        #expect(Self.rejections(events) == Self.rejections(expected))
        #expect(Self.rejections(events).count == 8)
    }

    @Test func randomSplitsGiveTheSameFrames() throws {
        let expected = Self.frames(try Self.run([Self.excerpt]))
        var generator = SeededGenerator()
        for _ in 0..<5 {
            var chunks: [[UInt8]] = []
            var index = 0
            while index < Self.excerpt.count {
                let size = Int.random(in: 1...700, using: &generator)
                chunks.append(Array(Self.excerpt[index..<min(index + size, Self.excerpt.count)]))
                index += size
            }
            #expect(Self.frames(try Self.run(chunks)) == expected, "chunk sizes \(chunks.map(\.count)), \(generator.replay)")
        }
    }

    @Test func gluedFramesAndJunkBetweenThem() throws {
        let good = Self.referenceGoodLines(Self.excerpt).good.prefix(5).map(HJ212Frame.encode(segment:))
        // Frames glued without gaps, junk (Modbus-like noise, a lone '#', NUL bytes) between some of them.
        var stream: [UInt8] = []
        stream += good[0] + good[1]
        stream += [0x01, 0x03, 0x00, 0x00, 0x00, 0x0A, 0xC5, 0xCD] + good[2]
        stream += Array("#junk#".utf8) + [0, 0] + good[3] + good[4]
        let events = try Self.run([stream])
        #expect(Self.frames(events) == Array(Self.referenceGoodLines(Self.excerpt).good.prefix(5)))
        #expect(Self.rejections(events).allSatisfy { $0.reason == .syntax })
        #expect(Self.rejections(events).count == 2)
    }

    @Test func aBrokenFrameNeverCostsTheNextOne() throws {
        let good = Self.referenceGoodLines(Self.excerpt).good.prefix(3).map(HJ212Frame.encode(segment:))
        var truncated = good[0]
        truncated.removeSubrange(20..<30)  // bytes lost in transit, length now wrong
        var badCRC = good[1]
        badCRC[badCRC.count - 3] = badCRC[badCRC.count - 3] == 48 ? 49 : 48
        let events = try Self.run([truncated + badCRC + good[2] + Array("##0100ST=32".utf8)])
        #expect(Self.frames(events) == [Array(good[2][6..<(good[2].count - 6)])])
        #expect(Self.rejections(events).map(\.reason) == [.length, .crc, .truncated])
        #expect(Self.rejections(events).map(\.offset) == [0, truncated.count, truncated.count + badCRC.count + good[2].count])
    }

    /// An oversize length is refused as soon as its line ends, and never buffers more than one frame's worth.
    @Test func oversizeLengthsAreRefusedWithoutBuffering() throws {
        var decoder = HJ212FrameDecoder()
        var line = ByteBuffer(string: "##9999ST=32;CN=2011\r\n##0010")
        guard case .rejected(let error) = decoder.next(&line) else {
            Issue.record("an oversize header was not refused")
            return
        }
        #expect(error.reason == .size)
        #expect(String(buffer: line) == "##0010")
        var flood = ByteBuffer(string: "##9999" + String(repeating: "x", count: 1100))
        guard case .rejected(let flooded) = decoder.next(&flood) else {
            Issue.record("an oversize frame without an end was buffered")
            return
        }
        #expect(flooded.reason == .size)
        #expect(flood.readableBytes == 0)
    }

    /// Every accepted frame of the capture maps to observations with its values and flags.
    @Test func uploadsBecomeObservations() throws {
        let segments = Self.frames(try Self.run([Self.excerpt]))
        var count = 0
        var textCount = 0
        for segment in segments {
            let packet = try HJ212Packet.parse(segment)
            guard packet.interval != nil else { continue }
            let observations = try packet.observations(siteCode: packet.headerValue("MN") ?? "", catalogue: .standard)
            // One value per key ending in -Rtd, -Avg, -ZsRtd or -ZsAvg (折算 values are kept apart).
            let rtdOrAvg = Set(
                packet.cp.map(\.key).filter { key in
                    ["Rtd", "Avg", "ZsRtd", "ZsAvg"].contains(key.split(separator: "-").last.map(String.init) ?? "")
                }
            ).count
            #expect(observations.count == rtdOrAvg, "\(String(decoding: segment.prefix(80), as: UTF8.self))")
            count += observations.count
            // Counted again from the text alone, without the packet parser: distinct keys ending in a value suffix.
            let text = String(decoding: segment, as: UTF8.self)
            let keys = Set(text.matches(of: /[;,&]([A-Za-z0-9]+-(?:Rtd|Avg|ZsRtd|ZsAvg))=/).map { String($0.output.1) })
            textCount += keys.count
        }
        #expect(count == textCount)
        #expect(count > 1000)
        let first = try HJ212Packet.parse(segments[0])
        let values = try first.observations(siteCode: "LD130133000015", catalogue: .standard)
        #expect(values.map(\.parameterCode) == ["w00000", "w01018", "w21003"])
        #expect(values.map(\.value) == [36.91, 231.0, 1.803])
        #expect(values[0].interval == .rtd)
        #expect(values[0].periodStart == CivilDateTime(year: 2016, month: 8, day: 24, hour: 0, minute: 38, second: 17).timestamp)
    }

    @Test func answersFollowTheDevicesEdition() throws {
        let upload2017 = try HJ212Packet.parse(
            Array("QN=20160801085857223;ST=32;CN=2061;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&DataTime=20160801080000;w01018-Avg=12&&".utf8)
        )
        #expect(HJ212Answer.command(for: upload2017) == "9014")
        #expect(
            String(decoding: HJ212Answer.segment(answering: upload2017, with: "9014"), as: UTF8.self)
                == "QN=20160801085857223;ST=91;CN=9014;PW=100000;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&")
        let upload2005 = try HJ212Packet.parse(
            Array("ST=32;CN=2011;QN=20040516010101001;PW=123456;MN=LD1;Flag=1;CP=&&DataTime=20040516010101;011-Rtd=1&&".utf8))
        #expect(
            String(decoding: HJ212Answer.segment(answering: upload2005, with: "9014"), as: UTF8.self)
                == "ST=91;CN=9014;PW=123456;MN=LD1;CP=&&QN=20040516010101001;CN=2011&&")
        let quiet = try HJ212Packet.parse(Array("ST=32;CN=2011;PW=123456;MN=LD1;CP=&&DataTime=20160824003817000;011-Rtd=1&&".utf8))
        #expect(HJ212Answer.command(for: quiet) == nil)
        let heartbeat = try HJ212Packet.parse(Array("QN=20250101000000000;ST=91;CN=9015;PW=1;MN=M;Flag=9;CP=&&&&".utf8))
        #expect(HJ212Answer.command(for: heartbeat) == "9013")
        #expect(String(decoding: HJ212Answer.segment(answering: heartbeat, with: "9013"), as: UTF8.self).contains("Flag=8;"))
    }
}
