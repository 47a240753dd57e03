public import QingshanCore
public import QingshanStore

/// Daily values of a site or a city (the hourly mean of its air stations) over a run of days, computed from
/// the stored hourly concentrations each time they are asked for, so late data are always included.
public struct AirDailyRollup: Sendable {
    public var days: [DailyAirValues]
    /// Per pollutant (`AQIPollutant.allCases` order), the sum of the valid hours (the city's hourly means).
    public var hourly: [ExactSum]

    /// Reads `siteCodes`' hours of the days `first` … `first + dayCount − 1` (Beijing time). With more than one
    /// site, each hour is the mean of the sites that have it, rounded as reported (a city's hourly value).
    public static func load(
        store: some ObservationStore, siteCodes: [String], first: CivilDateTime, dayCount: Int
    ) async throws -> AirDailyRollup {
        let start = first.timestamp
        let hours = dayCount * 24
        let end = start.adding(milliseconds: Int64(hours) * Timestamp.millisecondsPerHour)
        var grid: [[ExactDecimal?]] = []
        for pollutant in AQIPollutant.allCases {
            var sums = Array(repeating: ExactSum(), count: hours)
            for site in siteCodes {
                let points = try await store.values(
                    siteCode: site, parameterCode: pollutant.parameterCode, interval: .hour, from: start, to: end)
                for point in points {
                    let offset = point.periodStart.millisecondsSinceEpoch - start.millisecondsSinceEpoch
                    // Only whole hours of the range with a valid flag; a value that is not a concentration is no hour.
                    guard offset % Timestamp.millisecondsPerHour == 0, RollupRules.isValid(flag: point.flag),
                        let value = ExactDecimal(point.value), value.units >= 0
                    else { continue }
                    sums[Int(offset / Timestamp.millisecondsPerHour)].add(value)
                }
            }
            grid.append(
                sums.map { sum in
                    siteCodes.count == 1 ? sum.mean(decimals: max(sum.scale, 0)) : sum.mean(decimals: pollutant.reportingDecimals)
                })
        }
        var days: [DailyAirValues] = []
        days.reserveCapacity(dayCount)
        for index in 0..<dayCount {
            let day = CivilDateTime(start.adding(milliseconds: Int64(index) * Timestamp.millisecondsPerDay))
            let slice = grid.map { Array($0[(index * 24)..<(index * 24 + 24)]) }
            days.append(DailyAirValues(day: day, hours: slice, limits: GB3095Edition.inForce(at: day.timestamp)))
        }
        var hourly: [ExactSum] = []
        for series in grid {
            var sum = ExactSum()
            for value in series { if let value { sum.add(value) } }
            hourly.append(sum)
        }
        return AirDailyRollup(days: days, hourly: hourly)
    }
}
