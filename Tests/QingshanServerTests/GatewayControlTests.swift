import Foundation
import HJ212
import Hummingbird
import HummingbirdTesting
import NIOCore
import QingshanCore
import QingshanStore
import Testing

@testable import QingshanServer
@testable import QingshanTools

/// The operator's side of the gateway through the real application (HTTP and HJ 212 on free ports), with a
/// logger played over a real socket: quarantine, requests and their answers, key rotation, lenient CRC,
/// split uploads.
@Suite struct GatewayControlTests {
    static let token = "test-token"
    static let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]

    func withLiveGateway(
        onRollupPass: (@Sendable (Int) async -> Void)? = nil,
        _ body: @escaping @Sendable (_ client: any TestClientProtocol, _ gatewayPort: Int, _ store: SQLStore) async throws -> Void
    ) async throws {
        let config = AppConfig(
            dataDirectory: Fixture.temporaryDirectory(), http: HostAndPort(host: "127.0.0.1", port: 0),
            hj212: HostAndPort(host: "127.0.0.1", port: 0), writeToken: Self.token)
        try await withPreparedStore(config: config) { store, config in
            try await store.addDevices([Device(mn: "MN-A", siteCode: "2195A", password: "pw", sm4KeyHex: "0000000000000000")])
            let ports = AsyncStream.makeStream(of: Int.self)
            let app = try await buildApplication(
                config: config, store: store, gateway: true, onGatewayListening: { ports.continuation.yield($0) },
                onRollupPass: onRollupPass)
            try await app.test(.live) { client in
                var iterator = ports.stream.makeAsyncIterator()
                let port = try #require(await iterator.next())
                try await body(client, port, store)
            }
        }
    }

    @Test func aStrangerInQuarantineIsShownNotStored() async throws {
        try await withLiveGateway { client, port, store in
            let put = try await client.execute(
                uri: "/api/v1/devices/MN-X", method: .put, headers: Self.headers, body: ByteBuffer(string: #"{"mode": "quarantine"}"#))
            #expect(put.status == .created)
            let logger = try await LoggerConnection(port: port)
            try await logger.send(
                "QN=20240101000000001;ST=22;CN=2061;PW=any;MN=MN-X;Flag=5;CP=&&DataTime=20240101000000;a34004-Avg=35,a34004-Flag=N&&")
            // No answer: a quarantined device is not acknowledged. A registered logger's frame sent after it on the
            // same connection is answered first thing: the quarantined frame was handled, in order, and answered nothing.
            try await logger.send(
                "QN=20240101000000002;ST=22;CN=2061;PW=pw;MN=MN-A;Flag=5;CP=&&DataTime=20240101000000;a34004-Avg=36,a34004-Flag=N&&")
            let next = try await logger.nextPacket()
            #expect(next?.headerValue("CN") == "9014")
            #expect(next?.headerValue("QN") == "20240101000000002")
            let frames = try await client.execute(uri: "/api/v1/devices/MN-X/frames", method: .get, headers: Self.headers).json()
            let lines = try #require(frames["frames"] as? [String])
            #expect(lines.count == 1)
            #expect(lines.first?.contains(#""a34004-Avg":"35""#) == true)
            #expect(try await store.latest(siteCode: "MN-X").isEmpty)
            await logger.close()
        }
    }

    @Test func historyRequestIsAnsweredAndItsDataStored() async throws {
        try await withLiveGateway { client, port, store in
            let offline = try await client.execute(
                uri: "/api/v1/devices/MN-A/commands", method: .post, headers: Self.headers, body: ByteBuffer(string: #"{"cn": "1012"}"#))
            #expect(offline.status == .conflict)
            let logger = try await LoggerConnection(port: port)
            try await logger.send(
                "QN=20240101010000001;ST=22;CN=2061;PW=pw;MN=MN-A;Flag=5;CP=&&DataTime=20240101010000;a34004-Avg=40,a34004-Flag=N&&")
            let ack = try await logger.nextPacket()
            #expect(ack?.headerValue("CN") == "9014")
            let sent = try await client.execute(
                uri: "/api/v1/devices/MN-A/commands", method: .post, headers: Self.headers,
                body: ByteBuffer(string: #"{"cn": "2061", "begin": "2024-01-01T00:00:00+08:00", "end": "2024-01-01T00:59:59+08:00", "wait": 0}"#))
            #expect(sent.status == .created)
            let record = try sent.json()
            #expect(record["state"] as? String == "sent")
            let request = try #require(try await logger.nextPacket())
            #expect(request.headerValue("CN") == "2061")
            #expect(request.headerValue("Flag") == "5")
            #expect(request.headerValue("ST") == "22")
            #expect(request.cpValue("BeginTime") == "20240101000000")
            #expect(request.cpValue("EndTime") == "20240101005959")
            let qn = try #require(request.headerValue("QN"))
            #expect(qn == record["qn"] as? String)
            try await logger.send("QN=\(qn);ST=91;CN=9011;PW=pw;MN=MN-A;Flag=4;CP=&&QnRtn=1&&")
            try await logger.send(
                "QN=20240101010000002;ST=22;CN=2061;PW=pw;MN=MN-A;Flag=5;CP=&&DataTime=20240101000000;a34004-Avg=31,a34004-Flag=N&&")
            #expect(try await logger.nextPacket()?.headerValue("CN") == "9014")
            try await logger.send("QN=\(qn);ST=91;CN=9012;PW=pw;MN=MN-A;Flag=4;CP=&&ExeRtn=1&&")
            // Awaited, not polled: the server answers as soon as the 9012 has made the request final.
            let done = try await client.execute(uri: "/api/v1/devices/MN-A/commands/\(qn)?wait=10", method: .get, headers: Self.headers)
            #expect(done.status == .ok)
            #expect(try done.json()["state"] as? String == "done")
            let list = try await client.execute(uri: "/api/v1/devices/MN-A/commands", method: .get, headers: Self.headers).json()
            #expect((list["items"] as? [[String: Any]])?.first?["state"] as? String == "done")
            let missing = try await client.execute(uri: "/api/v1/devices/MN-A/commands/1?wait=0", method: .get, headers: Self.headers)
            #expect(missing.status == .notFound)
            let values = try await store.observations(ObservationQuery(siteCode: "2195A", parameterCode: "a34004", interval: .hour))
            #expect(values.items.map(\.value) == [31, 40])
            await logger.close()
        }
    }

    /// CN 1014: the centre sends a new key under the old one; once the logger reports it done, uploads under
    /// the new key are accepted.
    @Test func keyRotationThroughCN1014() async throws {
        try await withLiveGateway { client, port, store in
            let logger = try await LoggerConnection(port: port)
            try await logger.send("QN=20240101010000001;ST=31;CN=9015;PW=pw;MN=MN-A;Flag=9;CP=&&&&")
            #expect(try await logger.nextPacket()?.headerValue("CN") == "9013")
            let sent = try await client.execute(
                uri: "/api/v1/devices/MN-A/commands", method: .post, headers: Self.headers, body: ByteBuffer(string: #"{"cn": "1014", "wait": 0}"#))
            #expect(sent.status == .created)
            // The request's data area is encrypted under the current key, so its CRC matches only the plaintext.
            guard case .rejected(let error)? = try await logger.next(), let wire = error.frame else {
                Issue.record("expected an encrypted 1014")
                return
            }
            let oldKey = try SM4(key: Array("0000000000000000".utf8))
            let plain = try #require(HJ212Encryption.decrypt(segment: wire.segment, with: oldKey))
            #expect(HJ212CRC.checksum(plain) == wire.crc)
            let request = try HJ212Packet.parse(plain)
            #expect(request.headerValue("CN") == "1014")
            #expect(request.headerValue("Flag") == "9")
            let newKey = try #require(request.cpValue("NewSK"))
            #expect(newKey.utf8.count == 16)
            let qn = try #require(request.headerValue("QN"))
            try await logger.send("QN=\(qn);ST=91;CN=9011;PW=pw;MN=MN-A;Flag=8;CP=&&QnRtn=1&&")
            try await logger.send("QN=\(qn);ST=91;CN=9012;PW=pw;MN=MN-A;Flag=8;CP=&&ExeRtn=1&&")
            // Frames of a connection are handled in order, each to its end: once the next upload (under the new
            // key) is acknowledged, the 9012 before it has installed that key. No polling.
            let upload = Array(
                "QN=20240101020000001;ST=31;CN=2051;PW=pw;MN=MN-A;Flag=9;CP=&&DataTime=20240101015900;a01011-Min=1.35,a01011-Avg=1.35,a01011-Max=1.35,a01011-Flag=N&&"
                    .utf8)
            let cipher = try SM4(key: Array(newKey.utf8))
            let encrypted = try #require(HJ212Encryption.encrypt(segment: upload, with: cipher))
            try await logger.send(frame: HJ212Frame(offset: 0, segment: encrypted, crc: HJ212CRC.checksum(upload)).bytes)
            #expect(try await logger.nextPacket()?.headerValue("CN") == "9014")
            #expect(try await store.devices().first { $0.mn == "MN-A" }?.sm4KeyHex == newKey)
            #expect(try await store.latest(siteCode: "2195A").map(\.parameterCode) == ["a01011"])
            await logger.close()
        }
    }

    /// The rollup worker running inside the application recomputes what late data change: 27 days through the
    /// API, then late hours of one of them through the gateway change the day and the month, and a day of an
    /// earlier month, late through the gateway, gets its rollups and changes the year's count. Each step
    /// awaits the worker's passes.
    @Test func lateDataThroughGatewayAndAPIChangeTheRollups() async throws {
        let passes = AsyncStream.makeStream(of: Int.self)
        try await withLiveGateway(onRollupPass: { passes.continuation.yield($0) }) { client, port, store in
            var iterator = passes.stream.makeAsyncIterator()
            /// Passes until `check` holds for the stored rollups (at most 20 passes, 100 s at one pass in 5 s).
            func afterPasses(_ check: () async throws -> Bool) async throws -> Bool {
                for _ in 0..<20 {
                    if try await check() { return true }
                    _ = await iterator.next()
                }
                return try await check()
            }
            func rollup(_ period: RollupPeriod, _ start: CivilDateTime) async throws -> Rollup? {
                let end = Timestamp(millisecondsSinceEpoch: Int64.max / 2)
                return try await store.rollups(siteCode: "2195A", parameterCode: "a34004", period: period, from: start.timestamp, to: end)
                    .first { $0.periodStart == start.timestamp }
            }
            let june = CivilDateTime(year: 2024, month: 6, day: 1)
            let may = CivilDateTime(year: 2024, month: 5, day: 1)
            let year = CivilDateTime(year: 2024, month: 1, day: 1)
            // June 1–27 through the API, hours 0–19 of 10 µg/m³: 27 valid days, a valid month (GB 3095: 27 days).
            let items = (1...27).flatMap { day in
                (0..<20).map { hour in
                    #"{"time": "2024-06-\#(String(format: "%02d", day))T\#(String(format: "%02d", hour)):00:00+08:00", "value": 10}"#
                }
            }.joined(separator: ",")
            let written = try await client.execute(
                uri: "/api/v1/sites/2195A/observations", method: .post, headers: Self.headers,
                body: ByteBuffer(string: #"{"parameter": "a34004", "items": [\#(items)]}"#))
            #expect(written.status == .created)
            #expect(try await afterPasses { try await rollup(.month, june)?.validCount == 27 })
            #expect(try await rollup(.day, june)?.value == 10)
            #expect(try await rollup(.month, june)?.value == 10)
            #expect(try await rollup(.year, year)?.validCount == 27)
            // June 1's last four hours arrive late through the gateway, at 700: the day, its month and the year's
            // count follow.
            let logger = try await LoggerConnection(port: port)
            for hour in 20..<24 {
                try await logger.send(
                    "QN=2024060100\(hour)000001;ST=22;CN=2061;PW=pw;MN=MN-A;Flag=5;CP=&&DataTime=20240601\(hour)0000;a34004-Avg=700,a34004-Flag=N&&")
                #expect(try await logger.nextPacket()?.headerValue("CN") == "9014")
            }
            #expect(try await afterPasses { try await rollup(.day, june)?.validCount == 24 })
            #expect(try await rollup(.day, june)?.value == 125)  // (20 × 10 + 4 × 700) / 24
            #expect(try await rollup(.month, june)?.value == 14)  // (26 × 10 + 125) / 27 = 14.26
            // A May day arrives late through the gateway: May gets its rollups and the year counts 28 days.
            for hour in 0..<24 {
                try await logger.send(
                    "QN=2024050100\(hour)000001;ST=22;CN=2061;PW=pw;MN=MN-A;Flag=5;CP=&&DataTime=20240501\(String(format: "%02d", hour))0000;a34004-Avg=40,a34004-Flag=N&&"
                )
                #expect(try await logger.nextPacket()?.headerValue("CN") == "9014")
            }
            #expect(try await afterPasses { try await rollup(.year, year)?.validCount == 28 })
            #expect(try await rollup(.day, may)?.value == 40)
            #expect(try await rollup(.month, may)?.validCount == 1)
            #expect(try await rollup(.month, may)?.value == nil)  // one day of 31 is not a valid month
            await logger.close()
        }
    }

    /// Frames encrypted under `key` (16 characters), with the CRC of the plaintext.
    static func encrypted(_ segment: String, key: String) throws -> [UInt8] {
        let plain = Array(segment.utf8)
        let wire = try #require(HJ212Encryption.encrypt(segment: plain, with: try SM4(key: Array(key.utf8))))
        return HJ212Frame(offset: 0, segment: wire, crc: HJ212CRC.checksum(plain)).bytes
    }

    static func upload(_ minute: Int, _ value: Double) -> String {
        "QN=2024010103\(String(format: "%02d", minute))00001;ST=31;CN=2051;PW=pw;MN=MN-A;Flag=9;CP=&&DataTime=2024010103\(String(format: "%02d", minute))00;a01011-Avg=\(value),a01011-Flag=N&&"
    }

    /// The 1014 request the centre sent (under `key`), decrypted: its QN and the new key.
    static func keyRequest(_ logger: LoggerConnection, key: String) async throws -> (qn: String, newKey: String) {
        guard case .rejected(let error)? = try await logger.next(), let wire = error.frame,
            let plain = HJ212Encryption.decrypt(segment: wire.segment, with: try SM4(key: Array(key.utf8)))
        else { throw TestFailure("expected a 1014 encrypted under \(key)") }
        let request = try HJ212Packet.parse(plain)
        return (try #require(request.headerValue("QN")), try #require(request.cpValue("NewSK")))
    }

    /// Key rotation where it can go wrong: a logger that reports failure keeps its old key; after a good
    /// rotation a frame still under the old key (in flight) is accepted; a frame under a key the centre never
    /// gave is refused; a logger asking for a key itself (its own CN 1014) gets one under its current key.
    @Test func keyRotationEdgeCases() async throws {
        try await withLiveGateway { client, port, store in
            let logger = try await LoggerConnection(port: port)
            let original = "0000000000000000"
            try await logger.send(frame: try Self.encrypted(Self.upload(0, 1), key: original))
            #expect(try await logger.nextPacket()?.headerValue("CN") == "9014")
            func requestKey() async throws {
                let sent = try await client.execute(
                    uri: "/api/v1/devices/MN-A/commands", method: .post, headers: Self.headers,
                    body: ByteBuffer(string: #"{"cn": "1014", "wait": 0}"#))
                #expect(sent.status == .created)
            }
            // 1. The logger reports ExeRtn=2 (failed): the old key stays, and uploads under it go on.
            try await requestKey()
            let refused = try await Self.keyRequest(logger, key: original)
            try await logger.send("QN=\(refused.qn);ST=91;CN=9011;PW=pw;MN=MN-A;Flag=8;CP=&&QnRtn=1&&")
            try await logger.send("QN=\(refused.qn);ST=91;CN=9012;PW=pw;MN=MN-A;Flag=8;CP=&&ExeRtn=2&&")
            try await logger.send(frame: try Self.encrypted(Self.upload(1, 2), key: original))
            #expect(try await logger.nextPacket()?.headerValue("CN") == "9014")
            #expect(try await store.devices().first { $0.mn == "MN-A" }?.sm4KeyHex == original)
            let failed = try await client.execute(uri: "/api/v1/devices/MN-A/commands/\(refused.qn)?wait=5", method: .get, headers: Self.headers)
            #expect(try failed.json()["state"] as? String == "failed")
            // 2. A good rotation; a frame the logger encrypted just before switching is still accepted.
            try await requestKey()
            let good = try await Self.keyRequest(logger, key: original)
            try await logger.send("QN=\(good.qn);ST=91;CN=9011;PW=pw;MN=MN-A;Flag=8;CP=&&QnRtn=1&&")
            try await logger.send("QN=\(good.qn);ST=91;CN=9012;PW=pw;MN=MN-A;Flag=8;CP=&&ExeRtn=1&&")
            try await logger.send(frame: try Self.encrypted(Self.upload(2, 3), key: original))
            #expect(try await logger.nextPacket()?.headerValue("CN") == "9014")
            #expect(try await store.devices().first { $0.mn == "MN-A" }?.sm4KeyHex == good.newKey)
            try await logger.send(frame: try Self.encrypted(Self.upload(3, 4), key: good.newKey))
            #expect(try await logger.nextPacket()?.headerValue("CN") == "9014")
            // 3. A key nobody issued: refused as a CRC failure, nothing stored, no answer before the next good frame's.
            try await logger.send(frame: try Self.encrypted(Self.upload(4, 5), key: "ZZZZZZZZZZZZZZZZ"))
            try await logger.send(frame: try Self.encrypted(Self.upload(5, 6), key: good.newKey))
            let next = try await logger.nextPacket()
            #expect(next?.headerValue("QN") == "20240101030500001")
            let values = try await store.observations(ObservationQuery(siteCode: "2195A", parameterCode: "a01011", interval: .minute))
            #expect(values.items.map(\.value) == [1, 2, 3, 4, 6])
            // 4. The logger asks for a new key itself: the centre answers with a 1014 under the current key.
            try await logger.send(
                frame: try Self.encrypted(
                    "QN=20240101040000001;ST=31;CN=1014;PW=pw;MN=MN-A;Flag=9;CP=&&&&", key: good.newKey))
            var own: (qn: String, newKey: String)?
            for _ in 0..<2 where own == nil {
                // The 1014 may be preceded by its own 9011/9014-style answer; skip plain frames.
                own = try? await Self.keyRequest(logger, key: good.newKey)
            }
            #expect(own?.newKey.utf8.count == 16)
            #expect(own?.newKey != good.newKey)
            await logger.close()
        }
    }

    /// A device set to lenient CRC may send the Modbus variant; its forced edition shapes the answers; the two
    /// pieces of a split upload, out of order, are each answered and stored and counted as one whole upload.
    @Test func lenientCRCEditionOverrideAndSplitUploads() async throws {
        try await withLiveGateway { client, port, store in
            let put = try await client.execute(
                uri: "/api/v1/devices/MN-A", method: .put, headers: Self.headers,
                body: ByteBuffer(string: #"{"lenientCRC": true, "edition": "2017"}"#))
            #expect(put.status == .ok)
            let logger = try await LoggerConnection(port: port)
            let segment = Array(
                "QN=20240101030000001;ST=22;CN=2061;PW=pw;MN=MN-A;Flag=5;CP=&&DataTime=20240101020000;a34004-Avg=22,a34004-Flag=N&&".utf8)
            try await logger.send(frame: HJ212Frame(offset: 0, segment: segment, crc: HJ212CRC.modbus(segment)).bytes)
            #expect(try await logger.nextPacket()?.headerValue("CN") == "9014")
            // Flag=7: split, answer wanted (2017). Piece 2 first.
            try await logger.send(
                "QN=20240101040000002;ST=22;CN=2061;PW=pw;MN=MN-A;Flag=7;PNUM=2;PNO=2;CP=&&DataTime=20240101030000;a21026-Avg=8,a21026-Flag=N&&")
            let second = try await logger.nextPacket()
            #expect(second?.headerValue("QN") == "20240101040000002")
            try await logger.send(
                "QN=20240101040000001;ST=22;CN=2061;PW=pw;MN=MN-A;Flag=7;PNUM=2;PNO=1;CP=&&DataTime=20240101030000;a34004-Avg=23,a34004-Flag=N&&")
            let first = try await logger.nextPacket()
            #expect(first?.headerValue("QN") == "20240101040000001")
            #expect(first?.headerValue("Flag") == "4")
            let devices = try await client.execute(uri: "/api/v1/devices", method: .get).json()
            let device = try #require((devices["items"] as? [[String: Any]])?.first { $0["mn"] as? String == "MN-A" })
            #expect(device["crcVariants"] as? [String: Int] == ["modbus": 1])
            #expect(device["splitUploadsComplete"] as? Int == 1)
            #expect(device["lenientCRC"] as? Bool == true)
            #expect(device["configuredEdition"] as? String == "2017")
            let latest = try await store.latest(siteCode: "2195A")
            #expect(Set(latest.map(\.parameterCode)) == ["a34004", "a21026"])
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: Self.headers).text
            #expect(metrics.contains(#"qingshan_hj212_device_online{mn="MN-A"} 1"#))
            #expect(metrics.contains(#"qingshan_hj212_device_frames_total{mn="MN-A",outcome="accepted"} 3"#))
            #expect(metrics.contains(#"qingshan_hj212_device_info{mn="MN-A",edition="2017"} 1"#))
            await logger.close()
        }
    }
}

/// `qingshan simulate`'s loggers against the real gateway on a fresh platform: every upload answered (SM4 ones
/// included), values stored on demo sites only (no profile site's series gets a value), a history request
/// carried out, and the demo removed with everything it wrote.
@Suite struct SimulatorTests {
    @Test func simulatedLoggersAreAnsweredAndCarryOutRequests() async throws {
        try await GatewayControlTests().withLiveGateway { client, port, store in
            let loggers = try await HJ212Simulator.register(count: 8, in: store)
            #expect(loggers.contains { $0.device.sm4KeyHex != nil && $0.edition == .hj212_2025 })
            #expect(Set(loggers.map(\.kind)).isSuperset(of: [.air, .sourceGas]))
            let run = Task {
                try await HJ212Simulator.run(loggers, host: "127.0.0.1", port: port, interval: .milliseconds(500), duration: .seconds(12))
            }
            // Ask the first logger for an hour of history while it runs: sent once it is connected (409 before;
            // the simulator has no event for that, so the request is retried), then awaited up to 10 s.
            let first = loggers[0].device.mn
            var record: [String: Any] = [:]
            for _ in 0..<100 where record.isEmpty {
                let response = try await client.execute(
                    uri: "/api/v1/devices/\(first)/commands", method: .post, headers: GatewayControlTests.headers,
                    body: ByteBuffer(string: #"{"cn": "2061", "begin": "2024-05-01T00:00:00+08:00", "end": "2024-05-01T02:00:00+08:00", "wait": 10}"#)
                )
                if response.status == .created { record = try response.json() } else { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(record["state"] as? String == "done")
            let report = try await run.value
            #expect(report.sent > 8 * 12)
            #expect(report.answered == report.sent)
            #expect(report.requestsCarriedOut == 1)
            let site = loggers[0].device.siteCode
            // The hours asked for (the loggers also send each hour's values as it ends, should the run cross an hour).
            let asked = try RFC3339.parse("2024-05-01T00:00:00+08:00")
            let history = try await store.observations(
                ObservationQuery(
                    siteCode: site, parameterCode: "a34004", interval: .hour, from: asked,
                    to: asked.adding(milliseconds: 3 * Timestamp.millisecondsPerHour)))
            #expect(history.items.count == 3)
            let encrypted = try #require(loggers.first { $0.device.sm4KeyHex != nil })
            #expect(try await store.latest(siteCode: encrypted.device.siteCode).isEmpty == false)

            let profileSites = Set(try await store.sites(SiteFilter()).filter { $0.origin == .profile }.map(\.code))
            #expect(profileSites.count >= 8)
            let written = Set(try await store.series().map(\.siteCode))
            #expect(written.count == 8)
            #expect(written.isDisjoint(with: profileSites), "simulated values in profile sites \(written.intersection(profileSites))")
            for logger in loggers { #expect(try await store.site(code: logger.device.siteCode)?.origin == .demo) }
            let before = try await store.observationCount()
            let removed = try await HJ212Simulator.removeDemo(from: store)
            #expect(removed.sites == 8)
            #expect(removed.observations == before)
            #expect(try await store.observationCount() == 0)
            #expect(try await store.devices().filter { $0.mn.hasPrefix("5153") }.isEmpty)
            #expect(Set(try await store.sites(SiteFilter()).map(\.code)).isSuperset(of: profileSites))
        }
    }
}
