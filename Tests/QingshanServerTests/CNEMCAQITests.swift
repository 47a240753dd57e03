import Foundation
import QingshanCore
import Testing

/// The official hourly AQI of every station-hour of a CNEMC release day, reproduced with no exceptions.
@Suite struct CNEMCAQITests {
    @Test func everyPublishedHourlyAQIIsReproduced() throws {
        let text = try String(contentsOfFile: Fixture.path("china_sites_20170101.csv"), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines.removeFirst()
        // (hour, type) → one row of station cells.
        var rows: [String: [String]] = [:]
        for fields in lines { rows["\(fields[1])|\(fields[2])"] = fields }
        var checked = 0
        var mismatches: [String] = []
        for hour in Set(lines.map { $0[1] }) {
            guard let published = rows["\(hour)|AQI"] else { continue }
            func value(_ type: String, _ column: Int) -> Double? {
                rows["\(hour)|\(type)"].flatMap { $0.count > column ? Double($0[column]) : nil }
            }
            for column in 3..<header.count {
                guard column < published.count, let official = Int(published[column]) else { continue }
                let input = AQICalculator.HourlyInput(
                    so2: value("SO2", column), no2: value("NO2", column), pm10: value("PM10", column), co: value("CO", column),
                    o3: value("O3", column), pm25: value("PM2.5", column))
                let result = try AQICalculator.hourly(input, edition: .hj633_2012)
                checked += 1
                if result.aqi != official { mismatches.append("\(header[column]) \(hour)h: \(result.aqi.map(String.init) ?? "-") vs \(official)") }
            }
        }
        #expect(checked == 25_736)
        #expect(mismatches.isEmpty, "\(mismatches.count) differ: \(mismatches.prefix(10))")
    }
}
