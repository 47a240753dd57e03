import Foundation
import HJ212
import Logging
import NIOCore
import QingshanCore
import QingshanStore
import QingshanTestSupport
import Testing

@testable import QingshanServer
@testable import QingshanTools

/// Real traffic through a real socket into a fresh store.
@Suite struct GatewayTests {
    static let capture = [UInt8](FileManager.default.contents(atPath: Fixture.path("alldata-2016-08-24_00-excerpt.h212"))!)

    /// Counted from the capture without the gateway: the frames that pass length and CRC, and the distinct
    /// (MN, interval, DataTime, key) values they carry (devices resend identical frames; a resend adds nothing).
    static func reference() -> (frames: Int, values: Int, crcFailures: Int) {
        var decoder = HJ212FrameDecoder()
        var buffer = ByteBuffer(bytes: capture)
        var frames = 0
        var crcFailures = 0
        var values = Set<String>()
        while let event = decoder.next(&buffer, atEOF: true) {
            if case .rejected(let error) = event, error.frame != nil { crcFailures += 1 }
            guard case .frame(let frame) = event else { continue }
            frames += 1
            let text = String(decoding: frame.segment, as: UTF8.self)
            func field(_ name: String) -> String? {
                text.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == "&" }).first { $0.hasPrefix(name + "=") }
                    .map { String($0.dropFirst(name.count + 1)) }
            }
            guard let cn = field("CN"), ["2011", "2051", "2061", "2031"].contains(cn), let mn = field("MN"),
                let time = field("DataTime"), let open = text.range(of: "CP=&&")
            else { continue }
            for item in text[open.upperBound...].split(whereSeparator: { $0 == ";" || $0 == "," || $0 == "&" }) {
                guard let equals = item.firstIndex(of: "=") else { continue }
                let key = item[..<equals]
                let parts = key.split(separator: "-")
                guard parts.count == 2, ["Rtd", "Avg", "ZsRtd", "ZsAvg"].contains(String(parts[1])) else { continue }
                let interval = ["2011": "rtd", "2051": "minute", "2061": "hour", "2031": "day"][cn]!
                values.insert("\(mn)|\(interval)|\(time.prefix(14))|\(parts[0])|\(parts[1].hasPrefix("Zs"))")
            }
        }
        return (frames, values.count, crcFailures)
    }

    /// Runs a gateway on a free port of this machine for the length of `body`.
    static func withGateway(
        on store: SQLStore, limits: HJ212Gateway.Limits = HJ212Gateway.Limits(),
        _ body: (_ port: Int, _ state: GatewayState) async throws -> Void
    ) async throws {
        let state = GatewayState(status: DeviceStatusBoard(), devices: DeviceDirectory(store: store), commands: HJ212CommandCenter())
        let ports = AsyncStream.makeStream(of: Int.self)
        let gateway = HJ212Gateway(
            address: HostAndPort(host: "127.0.0.1", port: 0), limits: limits, store: store, devices: state.devices, catalogue: .standard,
            status: state.status, commands: state.commands, logger: Logger(label: "test"),
            onListening: { ports.continuation.yield($0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await gateway.run() }
            var iterator = ports.stream.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body(port, state)
            group.cancelAll()
        }
    }

    @Test(arguments: TestEngine.selected)
    func replayedTrafficIsStoredOnceAndCounted(engine: TestEngine) async throws {
        let reference = Self.reference()
        #expect(reference.frames == 414)  // 422 lines, 8 broken
        try await withPreparedStore(config: try await engine.config()) { store, _ in
            let enrolled = try await HJ212Enrollment.enroll(capture: Self.capture, into: store)
            #expect(enrolled.devices == enrolled.sitesCreated)
            try await Self.withGateway(on: store) { port, state in
                let status = state.status
                let outcome = try await HJ212Replay.run(capture: Self.capture, host: "127.0.0.1", port: port, rate: nil, connections: 50)
                // Frames with a CRC mismatch are sent too (they could be encrypted); the centre refuses them.
                #expect(outcome.sent == reference.frames + reference.crcFailures)
                #expect(outcome.rejected == 8 - reference.crcFailures)
                // Every sent frame was handled by the gateway, though the last of a connection may be handled after
                // the replay closed it (refusals are not answered): awaited on the status board, with a deadline.
                let handled = await status.wait(
                    until: { statuses in
                        statuses.values.map(\.framesAccepted).reduce(0, +) >= reference.frames
                            && statuses.values.map { $0.framesRejected["crc", default: 0] }.reduce(0, +) >= reference.crcFailures
                    }, timeout: .seconds(30))
                #expect(handled)
                #expect(status.all().map(\.framesAccepted).reduce(0, +) == reference.frames)
                #expect(status.all().map { $0.framesRejected["crc", default: 0] }.reduce(0, +) == reference.crcFailures)
                #expect(status.all().allSatisfy { Set($0.framesRejected.keys).isSubset(of: ["crc"]) })
                let stored = try await store.observationCount()
                #expect(stored == reference.values)
                // And each value is the one its first frame carried (enrolment makes each MN its own site).
                var expected: [String: Observation] = [:]
                var decoder = HJ212FrameDecoder()
                var buffer = ByteBuffer(bytes: Self.capture)
                while let event = decoder.next(&buffer, atEOF: true) {
                    guard case .frame(let frame) = event, let packet = try? HJ212Packet.parse(frame.segment), let mn = packet.headerValue("MN"),
                        let observations = try? packet.observations(siteCode: mn, catalogue: .standard)
                    else { continue }
                    for observation in observations {
                        let key =
                            "\(observation.siteCode)|\(observation.parameterCode)|\(observation.interval)|\(observation.periodStart.millisecondsSinceEpoch)"
                        if expected[key] == nil { expected[key] = observation }
                    }
                }
                #expect(expected.count == reference.values)
                var mismatches: [String] = []
                for series in Set(expected.values.map { SeriesKey(siteCode: $0.siteCode, parameterCode: $0.parameterCode, interval: $0.interval) }) {
                    let rows = try await store.observations(
                        ObservationQuery(
                            siteCode: series.siteCode, parameterCode: series.parameterCode, interval: series.interval)
                    ).items
                    for row in rows {
                        let key = "\(row.siteCode)|\(row.parameterCode)|\(row.interval)|\(row.periodStart.millisecondsSinceEpoch)"
                        if expected[key]?.value != row.value || expected[key]?.flag != row.flag { mismatches.append(key) }
                    }
                }
                #expect(mismatches.isEmpty, "values differ from their frames: \(mismatches.prefix(5))")
            }
        }
    }

    @Test func strangersAndWrongPasswordsAreRefused() async throws {
        try await withPreparedStore { store, _ in
            try await store.addDevices([Device(mn: "MN-KNOWN", siteCode: "2195A", password: "secret")])
            func frame(_ mn: String, _ pw: String) -> [UInt8] {
                HJ212Frame.encode(
                    segment: Array(
                        "QN=20240101000000000;ST=22;CN=2061;PW=\(pw);MN=\(mn);Flag=5;CP=&&DataTime=20240101000000;a34004-Avg=35,a34004-Flag=N&&".utf8)
                )
            }
            try await Self.withGateway(on: store) { port, state in
                let status = state.status
                // Refused frames get no answer, so each costs the whole answer timeout; the timeout is generous
                // because the accepted frame waits for a commit while other suites load the machine.
                let capture = frame("MN-STRANGER", "secret") + frame("MN-KNOWN", "wrong") + frame("MN-KNOWN", "secret")
                let outcome = try await HJ212Replay.run(
                    capture: capture, host: "127.0.0.1", port: port, rate: nil, connections: 2, answerTimeout: .seconds(5))
                #expect(outcome.sent == 3)
                #expect(outcome.answered == 1)
                #expect(outcome.unanswered == 2)
                let known = try #require(status.all().first { $0.mn == "MN-KNOWN" })
                #expect(known.framesAccepted == 1)
                #expect(known.framesRejected == ["bad_password": 1])
                let values = try await store.observations(ObservationQuery(siteCode: "2195A", parameterCode: "a34004", interval: .hour))
                #expect(values.items.map(\.value) == [35])
                #expect(values.items.first?.periodStart == CivilDateTime(year: 2024, month: 1, day: 1).timestamp)
            }
        }
    }

    /// HJ 212-2025 A.2: an upload whose data area is SM4-encrypted under the device's key is decrypted,
    /// checked against its (plaintext) CRC, stored and answered in the 2025 edition.
    @Test func encryptedUploadsAreDecryptedWithTheDevicesKey() async throws {
        try await withPreparedStore { store, _ in
            _ = try await store.addMissingSites([Site(code: "SRC-1", nameZh: "1号排口", kind: .sourceGas, origin: .manual)])
            try await store.addDevices([Device(mn: "010000A8900016F000169DC0", siteCode: "SRC-1", password: "123456", sm4KeyHex: "0000000000000000")])
            let plain = Array(
                "QN=20240520210700000;ST=31;CN=2051;PW=123456;MN=010000A8900016F000169DC0;Flag=9;CP=&&DataTime=20240520210600;a01011-Min=1.35,a01011-Avg=1.35,a01011-Max=1.35,a01011-Flag=N;a01012-Min=9.3,a01012-Avg=9.3,a01012-Max=9.3,a01012-Flag=N;a01014-Min=3.20,a01014-Avg=3.211,a01014-Max=3.212,a01014-Flag=N&&"
                    .utf8)
            let cipher = try SM4(key: Array("0000000000000000".utf8))
            let encrypted = try #require(HJ212Encryption.encrypt(segment: plain, with: cipher))
            // Length and CRC are those of the plaintext (the standard's frame ends in 0295 … 2200).
            let wire = Array("##0295".utf8) + encrypted + Array("2200\r\n".utf8)
            try await Self.withGateway(on: store) { port, state in
                let status = state.status
                let outcome = try await HJ212Replay.run(
                    capture: wire, host: "127.0.0.1", port: port, rate: nil, connections: 1, answerTimeout: .seconds(5))
                #expect(outcome.sent == 1)
                #expect(outcome.answered == 1)
                let device = try #require(status.all().first)
                #expect(device.framesAccepted == 1)
                #expect(device.edition == "2025")
                let values = try await store.latest(siteCode: "SRC-1")
                #expect(values.map(\.parameterCode) == ["a01011", "a01012", "a01014"])
                #expect(values.map(\.value) == [1.35, 9.3, 3.211])
                #expect(values.allSatisfy { $0.interval == .minute })
            }
        }
    }

    /// One connection over the limit is closed at once; a silent one is closed after the idle timeout.
    /// Two connections opened back to back may be set up on different event loops in either order, so the
    /// test asks that exactly one of them is refused, not which.
    @Test func connectionLimitAndIdleTimeout() async throws {
        try await withPreparedStore { store, _ in
            let limits = HJ212Gateway.Limits(maximumConnections: 1, idleTimeout: .seconds(5), maximumSegmentLength: 1024)
            try await Self.withGateway(on: store, limits: limits) { port, _ in
                let first = try await LoggerConnection(port: port)
                let second = try await LoggerConnection(port: port)
                // The first connection to end is the refused one (at once); the other is open at that moment.
                let connections = [first, second]
                let refused = await withTaskGroup(of: (index: Int, open: Bool).self) { group -> Int? in
                    for (index, connection) in connections.enumerated() {
                        group.addTask { (index, (try? await connection.isOpen(after: .seconds(20))) ?? true) }
                    }
                    for await ended in group where !ended.open {
                        group.cancelAll()
                        return ended.index
                    }
                    return nil
                }
                let refusedIndex = try #require(refused, "neither connection was refused")
                let survivor = connections[1 - refusedIndex]
                #expect(survivor.isActive)
                #expect(try await survivor.isOpen(after: .seconds(15)) == false)
                // The slot is free again once the survivor is gone.
                let third = try await LoggerConnection(port: port)
                #expect(try await third.isOpen(after: .milliseconds(150)) == true)
                await third.close()
            }
        }
    }
}
