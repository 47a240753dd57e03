import Foundation
import HJ212
import Logging
import QingshanCore
import QingshanStore
import QingshanTestSupport
import Testing

@testable import QingshanServer
@testable import QingshanTools

/// The hourly frames (CN 2061) of four real sources from the AllData capture, replayed through a real gateway
/// into a fresh store and judged by the alarm engine: each raises the lead the raw frames show (checked by hand
/// against the frames; the values asserted here are read from the frames by the test itself).
@Suite struct AllDataAlarmTests {
    static let capture = [UInt8](FileManager.default.contents(atPath: Fixture.path("alldata-2016-08-24-alarm-sources.h212"))!)

    /// The Avg of a 2005 factor code in a source's hourly frame at `time` (yyyyMMddHH), read from the text.
    static func average(_ mn: String, _ time: String, _ code: String) throws -> Double {
        let text = String(decoding: capture, as: UTF8.self)
        let line = try #require(text.split(separator: "\r\n").first { $0.contains("MN=\(mn);") && $0.contains("DataTime=\(time)") })
        let field = try #require(line.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == "&" }).first { $0.hasPrefix("\(code)-Avg=") })
        return try #require(Double(field.dropFirst(code.count + 5)))
    }

    static func hour(_ day: Int, _ hour: Int) -> Timestamp { CivilDateTime(year: 2016, month: 8, day: day, hour: hour).timestamp }

    @Test func replayedSourcesRaiseTheLeadsTheirFramesShow() async throws {
        try await withPreparedStore { store, _ in
            let enrolled = try await HJ212Enrollment.enroll(capture: Self.capture, into: store)
            #expect(enrolled.devices == 4)
            try await GatewayTests.withGateway(on: store) { port, state in
                let outcome = try await HJ212Replay.run(capture: Self.capture, host: "127.0.0.1", port: port, rate: nil, connections: 4)
                #expect(outcome.sent + outcome.rejected == 30, "\(outcome)")
                // 2005 frames ask for no answer: the replay may end before the gateway has committed them.
                let stored = await state.status.wait(
                    until: { $0.values.map(\.framesAccepted).reduce(0, +) >= outcome.sent }, timeout: .seconds(30))
                #expect(stored)
            }
            let engine = AlarmEngine(store: store, catalogue: .standard, logger: Logger(label: "test"))
            while try await !store.pendingAlarmHours(limit: 1).isEmpty { try await engine.pass() }
            let alarms = try await store.alarms(AlarmFilter(limit: 500))
            func alarm(_ site: String, _ check: String, _ parameter: String) throws -> AlarmRecord {
                try #require(
                    alarms.first { $0.siteCode == site && $0.check == check && $0.parameterCode == parameter }, "\(site) \(check) \(parameter)")
            }

            // NOx (2005 code 03) of LD130121000239 is 0.00 in every hourly frame while flow (B02) is over 300:
            // the six contiguous hours 04–09 are one constant run (hour 00 is not contiguous with them).
            let constant = try alarm("LD130121000239", "constant", "a21002")
            #expect(try Self.average("LD130121000239", "2016082409", "03") == 0)
            #expect(try Self.average("LD130121000239", "2016082409", "B02") > 300)
            #expect(constant.type == .dataQuality && constant.evidence.values.count == 6)
            #expect(constant.evidence.from == Self.hour(24, 4) && constant.evidence.values.allSatisfy { $0.value == 0 })

            // O2 (S01) of LD130107000107 at 09:00 is near air's while the stack reports flow.
            let dilution = try alarm("LD130107000107", "dilution", "a19001")
            #expect(dilution.evidence.observed == (try Self.average("LD130107000107", "2016082409", "S01")))
            #expect(
                dilution.evidence.values.contains {
                    $0.parameter == "a00000" && $0.value == (try? Self.average("LD130107000107", "2016082409", "B02"))
                })

            // NOx of LD130102000343 is 0 at 08:00 with 36.61 of flow.
            let zero = try alarm("LD130102000343", "zero_while_running", "a21002")
            #expect(try Self.average("LD130102000343", "2016082408", "03") == 0)
            #expect(
                zero.evidence.values.contains { $0.parameter == "a00000" && $0.value == (try? Self.average("LD130102000343", "2016082408", "B02")) })

            // LD130102000027's first hourly frame is 2016-08-23 21:00 (sent at midnight) and 22:00 and 23:00 never
            // came: 1 of the 3 hours due that day, 33.3 %.
            let transmission = try alarm("LD130102000027", "daily_rate", "a21026")
            #expect(transmission.type == .transmission && transmission.evidence.observed == 33.3)
            #expect(transmission.evidence.from == Self.hour(23, 0) && transmission.evidence.values.map(\.time) == [Self.hour(23, 21)])
            #expect(transmission.summary.contains("应有 3 小时"))
            // No source is judged against a permit it does not have, and nothing is an exceedance.
            #expect(!alarms.contains { $0.type == .exceedance })
        }
    }
}
