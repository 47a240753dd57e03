import QingshanCore

/// What the console's templates show: plain values, already formatted (Beijing time, units, colours), so the
/// templates hold no logic beyond sections. Stored properties only: templates read them by reflection, which
/// does not see computed ones.
enum ConsoleViews {
    /// The longest chart a site page draws (a month of hours).
    static let maximumChartHours = 744
    static let maximumChartDays = 400

    struct NavItem {
        var href: String
        var label: String
        var current: Bool
    }

    static func navigation(current: String) -> [NavItem] {
        [("/", "总览"), ("/map", "一张图"), ("/alarms", "告警"), ("/evaluation", "评价"), ("/plan", "规划指标"), ("/devices", "设备"), ("/open-data", "开放数据")].map {
            NavItem(href: $0.0, label: $0.1, current: $0.0 == current)
        }
    }

    /// Colours of sites that have no AQI: by kind, none of them an AQI level's colour.
    static func kindColour(_ kind: SiteKind) -> String {
        switch kind {
        case .air: "#9e9e9e"
        case .surfaceWater, .groundwater: "#1e88e5"
        case .noise: "#8e24aa"
        case .sourceGas, .sourceWater: "#6d4c41"
        }
    }

    /// A water section at its target this year, and one missing it.
    static let waterAttainedColour = "#1e88e5"
    static let waterMissedColour = "#e53935"

    /// A current AQI: the number, its level in HJ 633's colour, the primary pollutants (also what the overview's
    /// live events carry).
    struct AQICard: Encodable, Equatable {
        var code: String
        var name: String
        var aqi: String
        var category: String
        var colour: String
        /// Dark text on the light level colours (优, 良), white on the others.
        var textColour: String
        var primary: String
        var time: String
        var beyondTable: Bool
        var stations: Int
        var healthEffect: String?
        var advice: String?

        init(_ entry: AQIController<AppRequestContext>.LatestAQIDTO.Entry) {
            code = entry.code
            name = entry.name
            aqi = entry.aqi.aqi.map(String.init) ?? "—"
            category = entry.aqi.category ?? "无有效数据"
            colour = entry.aqi.colour ?? "#bdbdbd"
            textColour = (entry.aqi.level ?? 0) <= 2 ? "#1a1a1a" : "#ffffff"
            primary = entry.aqi.primary.isEmpty ? "—" : entry.aqi.primary.joined(separator: "、")
            time = ConsoleViews.beijing(entry.aqi.time)
            beyondTable = entry.aqi.beyondTable
            stations = entry.stations
            let level = entry.aqi.level.flatMap { number in AQILevel.all.first { $0.level == number } }
            healthEffect = level?.healthEffect
            advice = level?.advice
        }
    }

    /// `2017-01-01T08:00:00+08:00` as `2017-01-01 08:00` (the API's times are Beijing time already).
    static func beijing(_ rfc3339: String) -> String {
        guard rfc3339.count >= 16 else { return rfc3339 }
        return rfc3339.prefix(10) + " " + rfc3339.dropFirst(11).prefix(5)
    }

    struct FirstRun {
        var host: String
        var port: Int
    }

    struct Overview {
        var title: String
        var nav: [NavItem]
        var plan: PlanProgress?
        var water: WaterSummary?
        var city: AQICard?
        var stations: [AQICard]
        var hasStations: Bool
        var devicesOnline: Int
        var devicesOffline: Int
        var devicesTotal: Int
        var firstRun: FirstRun?
        /// Stations with data outside the city's regions, left out of the table (nil for none: a template section
        /// shows for any number, zero included).
        var otherStations: Int?
        var demoSites: Int?
    }

    struct SiteSummary {
        var code: String
        var name: String
        var kind: String
        var region: String
        var location: String
        var demo: Bool

        init(_ site: Site, regions: [Region]) {
            code = site.code
            name = site.nameZh
            kind = site.kind.nameZh
            region = regions.first { $0.code == site.regionCode }?.nameZh ?? "—"
            location = site.location.map { "\(JSONBytes.number($0.longitude))°E, \(JSONBytes.number($0.latitude))°N" } ?? "—"
            demo = site.origin == .demo
        }
    }

    struct LatestValue {
        var parameter: String
        var name: String
        var interval: String
        var value: String
        var unit: String
        var flag: String
        /// The flag means the value is not valid data (anything but N).
        var flagged: Bool
        var time: String

        init(_ observation: Observation, parameter: Parameter?) {
            self.parameter = observation.parameterCode
            name = parameter?.nameZh ?? observation.parameterCode
            interval = ConsoleViews.intervalName(observation.interval)
            value = JSONBytes.number(observation.value)
            unit = parameter?.unit ?? ""
            flag = observation.flag
            flagged = observation.flag != "N"
            time = ConsoleViews.beijing(RFC3339.format(observation.periodStart))
        }
    }

    static func intervalName(_ interval: ObservationInterval) -> String {
        switch interval {
        case .rtd: "实时"
        case .minute: "分钟"
        case .hour: "小时"
        case .day: "日"
        }
    }

    struct ParameterChoice {
        var code: String
        var name: String
        var selected: Bool
    }

    struct Chart {
        var parameter: String
        var name: String
        var unit: String
        /// Daily means rather than hourly values.
        var daily: Bool
        var hours: Int
        var days: Int
        var heading: String
        /// What the day rollups of the range say of its completeness.
        var coverage: String
        var svg: String
        var csv: String
    }

    /// A row of a section's water-class history: one month's GB 3838 class against the section's target.
    struct WaterMonth {
        var label: String
        var waterClass: String
        var colour: String
        var condition: String
        var pollutants: String
        var target: String
        var attainment: String

        init(year: Int, month: Int, section: WaterEvaluationDTO.Section?) {
            label = "\(year) 年 \(month) 月"
            waterClass = section?.waterClass ?? "无数据"
            colour = section?.waterClass.flatMap { Self.classColours[$0] } ?? "#e4ebe6"
            condition = section?.condition ?? "—"
            pollutants = section.map { $0.mainPollutants.isEmpty ? "—" : $0.mainPollutants.joined(separator: "、") } ?? "—"
            target = section?.target ?? "—"
            attainment =
                switch section?.attained {
                case true: "达标"
                case false: "未达标"
                default: "—"
                }
        }

        /// The colours water-quality maps use: blue for Ⅰ–Ⅱ, green Ⅲ, yellow Ⅳ, orange Ⅴ, red worse than Ⅴ.
        static let classColours = [
            "Ⅰ类": "#4fc3f7", "Ⅱ类": "#29b6f6", "Ⅲ类": "#66bb6a", "Ⅳ类": "#ffee58", "Ⅴ类": "#ffa726", "劣Ⅴ类": "#ef5350",
        ]
    }

    struct SitePage {
        var title: String
        var nav: [NavItem]
        var site: SiteSummary
        var aqi: AQICard?
        var latest: [LatestValue]
        var hasLatest: Bool
        var parameters: [ParameterChoice]
        var chart: Chart?
        var calendarYear: Int
        var calendar: [CalendarMonth]
        var hasCalendar: Bool
        var waterHistory: [WaterMonth]
        var hasWaterHistory: Bool
        var compliance: ComplianceSection?
    }

    /// The AQI calendar: a row a month, a cell a day in its level's colour.
    struct CalendarMonth {
        struct Day {
            var colour: String
            var title: String
        }
        var label: String
        var days: [Day]

        static func year(_ year: Int, _ items: [AQIController<AppRequestContext>.AQIItemDTO]) -> [CalendarMonth] {
            let byDay = Dictionary(items.map { (String($0.time.prefix(10)), $0) }, uniquingKeysWith: { $1 })
            return (1...12).map { month in
                let days = (1...CivilDateTime.daysInMonth(year: year, month: month)).map { day in
                    let date = CivilDateTime(year: year, month: month, day: day).dateText
                    guard let item = byDay[date], let aqi = item.aqi else { return Day(colour: "#e4ebe6", title: "\(date) 无有效数据") }
                    return Day(colour: item.colour ?? "#bdbdbd", title: "\(date) AQI \(aqi) \(item.category ?? "")")
                }
                return CalendarMonth(label: "\(month)月", days: days)
            }
        }
    }

    struct DeviceRow {
        var mn: String
        var site: String
        var siteName: String
        var edition: String
        var online: Bool
        var lastSeen: String
        var accepted: Int
        var rejected: String

        init(_ device: Device, site: Site?, seen: DeviceStatusBoard.Status?) {
            mn = device.mn
            self.site = device.siteCode
            siteName = site?.nameZh ?? device.siteCode
            edition = seen?.edition ?? device.edition?.rawValue ?? "—"
            online = seen?.online ?? false
            lastSeen = seen?.lastSeen.map(ConsoleViews.beijing) ?? "从未连接"
            accepted = seen?.framesAccepted ?? 0
            let reasons = (seen?.framesRejected ?? [:]).sorted { $0.key < $1.key }
            rejected = reasons.isEmpty ? "0" : reasons.map { "\($0.key) \($0.value)" }.joined(separator: "，")
        }
    }

    struct DevicesPage {
        var title: String
        var nav: [NavItem]
        var devices: [DeviceRow]
        var hasDevices: Bool
        var online: Int
        var total: Int
    }

    struct MapPage {
        var title: String
        var nav: [NavItem]
        var leafletMissing: Bool
        var leafletPackage: String
    }

    struct OperationRow {
        var method: String
        var path: String
        var summary: String
        var open: Bool
    }

    struct OpenDataPage {
        var title: String
        var nav: [NavItem]
        var operations: [OperationRow]
    }

    /// The city's good-day share and PM2.5 mean so far this year beside the plan's 2020 baseline and 2025 target.
    struct PlanProgress {
        /// Whether the value meets the 2025 target; without a value, too few data to say.
        struct Status {
            var text: String
            var style: String

            init(_ met: Bool?) {
                switch met {
                case true?: (text, style) = ("达到目标", "online")
                case false?: (text, style) = ("未达到目标", "offline")
                case nil: (text, style) = ("数据不足", "empty")
                }
            }
        }

        var from: String
        var to: String
        var goodDayShare: String
        /// The days the share is taken over: AQI days of all days so far (a share of few days says little).
        var goodDayBasis: String
        var goodDayBaseline: String
        var goodDayTarget: String
        var goodDayStatus: Status
        var pm25: String
        var pm25Basis: String
        var pm25Baseline: String
        var pm25Target: String
        var pm25Status: Status

        init(_ dto: AirEvaluationDTO) {
            from = dto.from
            to = dto.to
            let share = dto.goodDayShare
            goodDayShare = share.map { JSONBytes.number($0) + "%" } ?? "—"
            goodDayBasis = "有效 \(dto.aqiDays) / \(dto.days) 天"
            goodDayBaseline = JSONBytes.number(PlanAirTargets.goodDayShareBaseline2020) + "%"
            goodDayTarget = JSONBytes.number(PlanAirTargets.goodDayShareTarget2025) + "%"
            goodDayStatus = Status(share.map { $0 >= PlanAirTargets.goodDayShareTarget2025 })
            let pollutant = dto.pm25
            let mean = pollutant?.periodMean
            pm25 = mean.map { JSONBytes.number($0) + " µg/m³" } ?? "—"
            pm25Basis = pollutant.map { "有效 \($0.validDays) / \($0.expectedDays) 天" } ?? ""
            pm25Baseline = JSONBytes.number(PlanAirTargets.pm25Baseline2020) + " µg/m³"
            pm25Target = JSONBytes.number(PlanAirTargets.pm25Target2025) + " µg/m³"
            pm25Status = Status(mean.map { $0 <= PlanAirTargets.pm25Target2025 })
        }
    }
}
