import Foundation
import HJ212
import QingshanCore
import Testing

/// The centre's requests are built from typed commands: CN and CP as HJ 212-2017 §6.6 and Annex C write them.
@Suite struct HJ212CommandTests {
    static let time = CivilDateTime(year: 2024, month: 5, day: 1, hour: 8, minute: 30, second: 5, millisecond: 42).timestamp

    @Test(arguments: [
        (HJ212Command.setTime(time), "1012", "SystemTime=20240501083005"),
        (.setRealTimeInterval(seconds: 30), "1062", "RtdInterval=30"),
        (.history(.minute, begin: time, end: time.adding(milliseconds: 3_600_000)), "2051", "BeginTime=20240501083005;EndTime=20240501093005"),
        (.history(.hour, begin: time, end: time), "2061", "BeginTime=20240501083005;EndTime=20240501083005"),
        (.history(.day, begin: time, end: time), "2031", "BeginTime=20240501083005;EndTime=20240501083005"),
        (.newKey("abcDEF0123456789", createdAt: time), "1014", "SKCreateTime=20240501083005042,NewSK=abcDEF0123456789"),
    ])
    func buildsCNAndCP(command: HJ212Command, cn: String, cp: String) throws {
        #expect(command.cn == cn)
        #expect(command.cp == cp)
        let segment = command.segment(qn: "20240501083005042", systemCode: "22", mn: "MN1", password: "pw", edition: .hj212_2017)
        let packet = try HJ212Packet.parse(segment)
        #expect(packet.headerValue("CN") == cn)
        #expect(packet.headerValue("Flag") == "5")
        #expect(packet.cp.map { "\($0.key)=\($0.value)" }.joined(separator: ";").replacingOccurrences(of: ";NewSK", with: ",NewSK") == cp)
        #expect(command.newKey == (cn == "1014" ? "abcDEF0123456789" : nil))
    }

    @Test(arguments: [
        (HJ212CommandState.sent, "9011", "1", HJ212CommandState.accepted),
        (.sent, "9011", "2", .refused),
        (.accepted, "9012", "1", .done),
        (.accepted, "9012", "0", .failed),
        (.sent, "9012", "1", .done),
        (.done, "9011", "1", .done),
    ])
    func followsTheLoggersAnswers(from: HJ212CommandState, cn: String, code: String, to: HJ212CommandState) {
        #expect(from.after(cn: cn, code: code) == to)
        #expect(from.after(cn: "9014", code: code) == nil)
    }
}
