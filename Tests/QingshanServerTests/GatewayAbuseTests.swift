import Foundation
import HJ212
import NIOCore
import QingshanCore
import QingshanStore
import Testing

@testable import QingshanServer
@testable import QingshanTools

/// What a hostile or broken logger can no longer do to the gateway: guess passwords at speed, hold a
/// connection by trickling bytes, put data dated in the future into the store, or grow the status board and
/// `/metrics` with invented MNs.
@Suite struct GatewayAbuseTests {
    static func frame(mn: String, pw: String, dataTime: String = "20240101000000") -> [UInt8] {
        HJ212Frame.encode(
            segment: Array(
                "QN=20240101000000000;ST=22;CN=2061;PW=\(pw);MN=\(mn);Flag=5;CP=&&DataTime=\(dataTime);a34004-Avg=35,a34004-Flag=N&&".utf8))
    }

    /// The third wrong password closes the connection; the address is then refused until its back-off ends,
    /// after which the right password is accepted. (Before: 2,000 guesses in 0.19 s on one connection.)
    @Test func repeatedWrongPasswordsDisconnectAndBackOff() async throws {
        try await withPreparedStore { store, _ in
            try await store.addDevices([Device(mn: "MN-GUARDED", siteCode: "2195A", password: "secret")])
            var limits = HJ212Gateway.Limits()
            limits.passwordFailures = 3
            // Long enough that a loaded machine still reconnects inside it (2 s once ran out under the full suite).
            limits.passwordBackoff = .seconds(5)
            try await GatewayTests.withGateway(on: store, limits: limits) { port, state in
                let guesser = try await LoggerConnection(port: port)
                for guess in 0..<2 {
                    try await guesser.send(frame: Self.frame(mn: "MN-GUARDED", pw: "guess\(guess)"))
                }
                #expect(try await guesser.isOpen(after: .milliseconds(300)) == true)
                try await guesser.send(frame: Self.frame(mn: "MN-GUARDED", pw: "guess2"))
                #expect(try await guesser.isOpen(after: .seconds(5)) == false)
                // Closed here whatever happened: a connection dropped unclosed ends the test process.
                await guesser.close()
                #expect(state.status.status("MN-GUARDED")?.framesRejected["bad_password"] == 3)
                // During the back-off even the right password gets no hearing: the connection is closed at once.
                let retry = try await LoggerConnection(port: port)
                #expect(try await retry.isOpen(after: .seconds(1)) == false)
                await retry.close()
                try await Task.sleep(for: .seconds(5))
                let honest = try await LoggerConnection(port: port)
                try await honest.send(frame: Self.frame(mn: "MN-GUARDED", pw: "secret"))
                let answer = try #require(try await honest.nextPacket())
                #expect(answer.headerValue("CN") == "9014")
                await honest.close()
            }
        }
    }

    /// A frame whose bytes trickle in is cut off at the frame timeout, though each byte resets the idle timer.
    @Test func tricklingBytesAreCutOff() async throws {
        try await withPreparedStore { store, _ in
            var limits = HJ212Gateway.Limits()
            limits.frameTimeout = .seconds(1)
            limits.idleTimeout = .seconds(30)
            try await GatewayTests.withGateway(on: store, limits: limits) { port, _ in
                let slow = try await LoggerConnection(port: port)
                let bytes = Self.frame(mn: "MN-SLOW", pw: "x")
                var open = true
                for byte in bytes.prefix(40) where open {
                    try await slow.send(frame: [byte])
                    open = try await slow.isOpen(after: .milliseconds(100))
                }
                #expect(open == false)
                // Whole frames, however many, keep a connection open: the clock restarts at each CR LF.
                let steady = try await LoggerConnection(port: port)
                for _ in 0..<4 {
                    try await steady.send(frame: Self.frame(mn: "MN-STEADY", pw: "x"))
                    try await Task.sleep(for: .milliseconds(400))
                }
                #expect(steady.isActive)
                await steady.close()
            }
        }
    }

    /// A logger whose clock runs years ahead is not acknowledged and its values are not stored (before: the
    /// gateway acknowledged DataTime=20991231235900 and `/latest` showed the year 2099).
    @Test func futureDataAreRefused() async throws {
        try await withPreparedStore { store, _ in
            try await store.addDevices([Device(mn: "MN-AHEAD", siteCode: "2195A", password: "pw")])
            try await GatewayTests.withGateway(on: store) { port, state in
                let logger = try await LoggerConnection(port: port)
                try await logger.send(frame: Self.frame(mn: "MN-AHEAD", pw: "pw", dataTime: "20991231235900"))
                #expect(try await logger.nextPacket(timeout: .seconds(2)) == nil)
                #expect(state.status.status("MN-AHEAD")?.framesRejected["time_in_future"] == 1)
                try await logger.send(frame: Self.frame(mn: "MN-AHEAD", pw: "pw", dataTime: "20240101000000"))
                #expect(try await logger.nextPacket()?.headerValue("CN") == "9014")
                let latest = try await store.latest(siteCode: "2195A")
                #expect(latest.map(\.periodStart) == [CivilDateTime(year: 2024, month: 1, day: 1).timestamp])
                await logger.close()
            }
        }
    }

    /// Frames from MNs nobody registered are counted by reason, never given a status line (each used to add
    /// three permanent `/metrics` series).
    @Test func strangersAddNoStatusLines() async throws {
        try await withPreparedStore { store, _ in
            try await GatewayTests.withGateway(on: store) { port, state in
                var capture: [UInt8] = []
                for index in 0..<200 { capture += Self.frame(mn: "RANDOM\(index)", pw: "x") }
                let outcome = try await HJ212Replay.run(
                    capture: capture, host: "127.0.0.1", port: port, rate: nil, connections: 4, answerTimeout: .milliseconds(200))
                #expect(outcome.sent == 200)
                #expect(outcome.answered == 0)
                #expect(state.status.all().isEmpty)
                #expect(!state.status.prometheusText().contains("RANDOM"))
            }
        }
    }

    /// The gateway's cap leaves the reserve to HTTP: with 1,024 descriptors and a reserve of 512, 512 loggers.
    @Test(arguments: [(20_000, 1_024, 512, 512), (100, 1_024, 512, 100), (20_000, 400, 512, 0), (20_000, 1_048_576, 512, 20_000)])
    func connectionCapFitsTheDescriptorLimit(configured: Int, descriptors: Int, reserve: Int, expected: Int) {
        #expect(DescriptorLimit.gatewayCap(configured: configured, descriptors: descriptors, reserve: reserve) == expected)
    }

    @Test func serveRaisesItsSoftDescriptorLimit() {
        let raised = DescriptorLimit.raiseToHardLimit()
        #expect(raised >= 1_024)
        #expect(DescriptorLimit.raiseToHardLimit() == raised)
    }
}

/// `hj212 replay` against a centre that resets the connection says what was acknowledged before the reset.
@Suite struct ReplayResetTests {
    @Test func aResetConnectionIsReportedWithWhatWasAcknowledged() async throws {
        try await withPreparedStore { store, _ in
            try await store.addDevices([Device(mn: "MN-RESET", siteCode: "2195A", password: "right")])
            var limits = HJ212Gateway.Limits()
            limits.passwordFailures = 1
            try await GatewayTests.withGateway(on: store, limits: limits) { port, _ in
                // Two good frames (acknowledged), then a wrong password: the gateway closes the connection and
                // the last two frames cannot be sent.
                var capture: [UInt8] = []
                for hour in ["00", "01"] { capture += GatewayAbuseTests.frame(mn: "MN-RESET", pw: "right", dataTime: "20240101\(hour)0000") }
                capture += GatewayAbuseTests.frame(mn: "MN-RESET", pw: "wrong", dataTime: "20240101020000")
                for _ in 0..<200 { capture += GatewayAbuseTests.frame(mn: "MN-RESET", pw: "right", dataTime: "20240101030000") }
                let outcome = try await HJ212Replay.run(
                    capture: capture, host: "127.0.0.1", port: port, rate: nil, connections: 1, answerTimeout: .seconds(2))
                #expect(outcome.brokenConnections == 1)
                #expect(outcome.answered == 2)
                #expect(outcome.sent + outcome.unsent == 203)
                #expect(outcome.unsent > 0)
                #expect(outcome.report.contains("closed or reset early: 1"))
            }
        }
    }
}
