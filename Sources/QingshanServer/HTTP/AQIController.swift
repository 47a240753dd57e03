import Hummingbird
import QingshanCore
import QingshanStore

/// `/api/v1/sites/{code}/aqi` (hourly AQI over a range) and `/api/v1/aqi/latest` (every air site and each
/// city's mean of its stations, at their newest hour), computed from the stored hourly concentrations.
struct AQIController<Context: AccessRequestContext>: Sendable {
    let store: any PlatformStore
    let registry: RegistrySnapshot

    static var maximumHours: Int64 { 744 }

    struct AQIItemDTO: Encodable, Sendable {
        var time: String
        var aqi: Int?
        /// Some pollutant is beyond the table: the AQI shows 500 and is marked 爆表.
        var beyondTable: Bool
        var level: Int?
        var category: String?
        var categoryEn: String?
        var colour: String?
        var primary: [String]
        var subIndexes: [String: Int]
        var notCalculated: [String]
        var edition: String
        /// Daily items: the daily values the AQI was computed from (24-hour means, `o3_8h`, `o3_1h_max`).
        var concentrations: [String: Double]?
    }

    struct SiteAQIDTO: ResponseEncodable, Sendable {
        var site: String
        var interval: String
        var items: [AQIItemDTO]
    }

    struct LatestAQIDTO: ResponseEncodable, Sendable {
        struct Entry: Encodable, Sendable {
            var code: String
            var name: String
            /// `site`, or `city` for the mean of a city's stations.
            var kind: String
            var stations: Int
            var aqi: AQIItemDTO
        }
        var items: [Entry]
    }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("sites/:code/aqi", use: siteAQI)
        group.get("aqi/latest", use: latest)
    }

    @Sendable func siteAQI(_ request: Request, context: Context) async throws -> SiteAQIDTO {
        let code = try context.parameters.require("code")
        _ = try context.principal.requireRead(try await registry.site(code: code), code: code)
        let query = request.uri.queryParameters
        let interval = query["interval"].map(String.init) ?? "hour"
        guard interval == "hour" || interval == "day" else {
            throw ProblemDetails.badRequest(code: "invalid_interval", "interval '\(interval)' must be hour or day")
        }
        let hour = Timestamp.millisecondsPerHour
        var to = try QueryTime.parse(query["to"], name: "to")
        if to == nil {
            let newest = try await store.latest(siteCode: code).filter { $0.interval == .hour }.map(\.periodStart).max()
            to = newest.map { $0.adding(milliseconds: hour) }
        }
        guard let to else { return SiteAQIDTO(site: code, interval: interval, items: []) }
        if interval == "day" { return try await dailyAQI(site: code, to: to, from: try QueryTime.parse(query["from"], name: "from")) }
        let from = try QueryTime.parse(query["from"], name: "from") ?? to.adding(milliseconds: -24 * hour)
        guard from < to, to.millisecondsSinceEpoch - from.millisecondsSinceEpoch <= Self.maximumHours * hour else {
            throw ProblemDetails.badRequest(code: "invalid_range", "from must be before to, and the range at most \(Self.maximumHours) hours")
        }
        let hours = try await hourlyValues(site: code, from: from, to: to)
        return SiteAQIDTO(
            site: code, interval: "hour",
            items: try hours.keys.sorted().map { time in
                try Self.item(time: time, values: hours[time]!)
            })
    }

    @Sendable func latest(_ request: Request, context: Context) async throws -> LatestAQIDTO {
        LatestAQIDTO(items: try await latestEntries())
    }

    /// Every air site (or those of `codes`) at its newest hour, then each city's mean of its stations at their
    /// newest common hour.
    func latestEntries(among codes: Set<String>? = nil) async throws -> [LatestAQIDTO.Entry] {
        let sites = try await store.sites(SiteFilter(kind: .air)).filter { codes?.contains($0.code) ?? true }
        var entries: [LatestAQIDTO.Entry] = []
        var newestBySite: [String: (time: Timestamp, values: [AQIPollutant: Double])] = [:]
        for site in sites {
            let latest = try await store.latest(siteCode: site.code).filter { $0.interval == .hour }
            let codes = Dictionary(uniqueKeysWithValues: AQIPollutant.allCases.map { ($0.parameterCode, $0) })
            guard let newest = latest.filter({ codes[$0.parameterCode] != nil }).map(\.periodStart).max() else { continue }
            var values: [AQIPollutant: Double] = [:]
            for observation in latest where observation.periodStart == newest {
                if let pollutant = codes[observation.parameterCode] { values[pollutant] = observation.value }
            }
            newestBySite[site.code] = (newest, values)
            entries.append(.init(code: site.code, name: site.nameZh, kind: "site", stations: 1, aqi: try Self.item(time: newest, values: values)))
        }
        for city in try await store.regions() where city.level == .city {
            let stations = try await store.sites(SiteFilter(kind: .air, regionCode: city.code)).compactMap { newestBySite[$0.code] }
            guard let newest = stations.map(\.time).max() else { continue }
            let current = stations.filter { $0.time == newest }
            var means: [AQIPollutant: Double] = [:]
            for pollutant in AQIPollutant.allCases {
                let values = current.compactMap { $0.values[pollutant] }
                if !values.isEmpty { means[pollutant] = values.reduce(0, +) / Double(values.count) }
            }
            entries.append(
                .init(
                    code: city.code, name: city.nameZh, kind: "city", stations: current.count,
                    aqi: try Self.item(time: newest, values: means)))
        }
        return entries
    }

    /// The daily AQI of each Beijing day that `[from, to)` touches (default: the 30 days up to `to`), from the
    /// daily values rolled up from the stored hours; days without all six daily values have no AQI.
    func dailyAQI(site: String, to: Timestamp, from: Timestamp?) async throws -> SiteAQIDTO {
        let lastDay = CivilDateTime.dayStart(of: to.adding(milliseconds: -1))
        let firstDay = from.map { CivilDateTime.dayStart(of: $0) } ?? lastDay.adding(milliseconds: -29 * Timestamp.millisecondsPerDay)
        let dayCount = Int((lastDay.millisecondsSinceEpoch - firstDay.millisecondsSinceEpoch) / Timestamp.millisecondsPerDay) + 1
        guard dayCount >= 1, dayCount <= Self.maximumDays else {
            throw ProblemDetails.badRequest(code: "invalid_range", "from must be before to, and the range at most \(Self.maximumDays) days")
        }
        let rollup = try await AirDailyRollup.load(store: store, siteCodes: [site], first: CivilDateTime(firstDay), dayCount: dayCount)
        return SiteAQIDTO(
            site: site, interval: "day",
            items: rollup.days.map { day in
                let time = day.day.timestamp
                let edition = AQIEdition.inForce(at: time)
                var concentrations: [String: Double] = [:]
                for pollutant in AQIPollutant.allCases {
                    concentrations[pollutant == .o3 ? "o3_8h" : pollutant.rawValue] = day.statistic(pollutant).value?.doubleValue
                }
                concentrations["o3_1h_max"] = day.o3MaximumOneHour.value?.doubleValue
                var item = Self.item(time: time, result: day.aqi(edition: edition), edition: edition)
                item.concentrations = concentrations
                if item.aqi == nil {
                    item.notCalculated = AQIPollutant.allCases.filter { day.statistic($0).value == nil }.map(\.rawValue)
                }
                return item
            })
    }

    static var maximumDays: Int { 366 }

    private func hourlyValues(site: String, from: Timestamp, to: Timestamp) async throws -> [Timestamp: [AQIPollutant: Double]] {
        var hours: [Timestamp: [AQIPollutant: Double]] = [:]
        for pollutant in AQIPollutant.allCases {
            let page = try await store.observations(
                ObservationQuery(siteCode: site, parameterCode: pollutant.parameterCode, interval: .hour, from: from, to: to))
            for observation in page.items { hours[observation.periodStart, default: [:]][pollutant] = observation.value }
        }
        return hours
    }

    /// The AQI of one hour (the period start) under the edition in force then.
    static func item(time: Timestamp, values: [AQIPollutant: Double]) throws -> AQIItemDTO {
        let edition = AQIEdition.inForce(at: time)
        let result: AQIResult
        do {
            result = try AQICalculator.hourly(
                AQICalculator.HourlyInput(
                    so2: values[.so2], no2: values[.no2], pm10: values[.pm10], co: values[.co],
                    o3: values[.o3], pm25: values[.pm25]), edition: edition)
        } catch {
            throw ProblemDetails(
                status: .internalServerError, code: "invalid_stored_value", title: "数据异常 (invalid stored value)",
                detail: "\(error.description) at \(RFC3339.format(time)); the value should not have been stored")
        }
        return item(time: time, result: result, edition: edition)
    }

    /// An AQI item; a nil result (too few data) has no AQI and every pollutant under `notCalculated`.
    static func item(time: Timestamp, result: AQIResult?, edition: AQIEdition) -> AQIItemDTO {
        guard let result else {
            return AQIItemDTO(
                time: RFC3339.format(time), aqi: nil, beyondTable: false, level: nil, category: nil, categoryEn: nil, colour: nil,
                primary: [], subIndexes: [:], notCalculated: AQIPollutant.allCases.map(\.rawValue), edition: edition.rawValue)
        }
        return AQIItemDTO(
            time: RFC3339.format(time), aqi: result.aqi, beyondTable: result.beyondTable, level: result.level?.level,
            category: result.level?.categoryZh, categoryEn: result.level?.categoryEn, colour: result.level?.colourHex,
            primary: result.primaryPollutants.map(\.label),
            subIndexes: Dictionary(uniqueKeysWithValues: result.subIndexes.compactMap { key, value in value.index.map { (key.rawValue, $0) } }),
            notCalculated: result.subIndexes.filter { $0.value == .notCalculated }.map(\.key.rawValue).sorted(),
            edition: edition.rawValue)
    }
}
