// libFuzzer entry point for the other inputs that come from outside: RFC 3339 times (every API parameter),
// lines of the two CSV importers, profile YAML, and HJ 212 split uploads through the reassembler. The first
// byte picks the reader. Besides crashes and hangs it traps when:
// - a time that parses does not survive formatting and parsing again;
// - the reassembler holds more open uploads than its bound.
import Foundation
import HJ212
import QingshanCore
import Yams

let prsaHeader: Substring =
    #""No","year","month","day","hour","PM2.5","PM10","SO2","NO2","CO","O3","TEMP","PRES","DEWP","RAIN","wd","WSPM","station""#
let cnemcHeader: Substring = "date,hour,type,1001A,1002A,1003A"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: start, count: count)
    guard let first = input.first else { return 0 }
    let text = String(decoding: input.dropFirst(), as: UTF8.self)
    switch first % 5 {
    case 0:
        guard let time = try? RFC3339.parse(text) else { return 0 }
        let again = try? RFC3339.parse(RFC3339.format(time))
        precondition(again == time, "\(text) → \(RFC3339.format(time)) does not parse back to the same instant")
    case 1:
        let parser = PRSARecordParser(file: "fuzz.csv")
        guard (try? parser.checkHeader(prsaHeader)) != nil else { preconditionFailure("the PRSA header is refused") }
        for (index, line) in text.split(separator: "\n").enumerated() { _ = parser.parse(line, lineNumber: index + 2) }
    case 2:
        var parser = CNEMCDayParser(file: "fuzz.csv")
        let lines = text.split(separator: "\n")
        guard (try? parser.readHeader(lines.first ?? cnemcHeader)) != nil || (try? parser.readHeader(cnemcHeader)) != nil else { return 0 }
        for (index, line) in lines.dropFirst().enumerated() { _ = parser.parse(line, lineNumber: index + 2) }
    case 3:
        guard let profile = try? YAMLDecoder().decode(RegistryProfile.self, from: text) else { return 0 }
        _ = profile.problems()
    default:
        var reassembler = HJ212Reassembler(timeoutMilliseconds: 1_000, maximumOpen: 16)
        var now = Timestamp(millisecondsSinceEpoch: 1_800_000_000_000)
        for line in text.split(separator: "\n") {
            now = now.adding(milliseconds: 100)
            guard let packet = try? HJ212Packet.parse(Array(line.utf8)) else { continue }
            _ = reassembler.add(packet, at: now)
            _ = reassembler.expire(at: now)
            precondition(reassembler.openCount <= 16, "\(reassembler.openCount) open uploads, more than the bound")
        }
    }
    return 0
}
