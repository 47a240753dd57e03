import Foundation
public import QingshanCore
public import QingshanStore

/// The plan's indicators for one year: computed from the data the platform holds where the definition allows
/// (1, 2 over the city's assessment stations, with and without dust days; 3, 4 over its assessed sections),
/// entered values for the rest; each with how it was obtained and its progress.
public struct PlanScorecard: Sendable {
    public struct Value: Sendable, Hashable {
        public var indicator: PlanIndicator
        public var year: Int
        public var value: Double?
        /// Indicators 1 and 2 without the days the monitoring centre marked as dust days.
        public var dustDeducted: Double?
        /// computed, entered or none.
        public var origin: String
        /// How the value was obtained, in Chinese: stations or sections, valid days, the standard's edition.
        public var how: String
        public var sites: [String]
        public var validDays: Int?
        public var regionalTarget: Double?
        public var progress: PlanProgress
        public var entry: PlanEntry?
    }

    /// A site attribute: an air station the city is assessed on (城市考核点位).
    public static let assessmentStation = "assessment"
    /// A site attribute: a surface-water section that is assessed (考核断面), with optional `assessed_from` and
    /// `assessed_to` years.
    public static let assessedSection = "assessed"

    /// The year's values for the city, or for one of its 旗县区 (`region`) over that district's own assessment
    /// stations, assessed sections and entries, where the data allow.
    public static func compute(
        book: PlanBook, store: any PlatformStore, year: Int, region code: String? = nil, now: Timestamp = .now
    ) async throws -> [Value] {
        let regions = try await store.regions()
        guard let region = (code.flatMap { code in regions.first { $0.code == code } }) ?? regions.first(where: { $0.level == .city }) else {
            return []
        }
        let entries = try await store.currentPlanEntries().filter { $0.year == year && $0.region == region.code }
        let today = CivilDateTime(now)
        let first = CivilDateTime(year: year, month: 1, day: 1)
        let lastOfYear = CivilDateTime(year: year, month: 12, day: 31)
        let last = year == today.year ? CivilDateTime(year: year, month: today.month, day: today.day) : lastOfYear
        let sites = try await store.sites(SiteFilter(regionCode: region.code))
        let stations = sites.filter { $0.kind == .air && $0.attributes[assessmentStation] == "true" }.map(\.code).sorted()
        let sections = sites.filter { site in
            guard site.kind == .surfaceWater, site.attributes[assessedSection] == "true" else { return false }
            let from = site.attributes["assessed_from"].flatMap(Int.init) ?? .min
            let to = site.attributes["assessed_to"].flatMap(Int.init) ?? .max
            return (from...to).contains(year)
        }.map(\.code).sorted()
        let dust = Set(try await store.dustDays(year: year))

        var air: (raw: AirQualityEvaluation, deducted: AirQualityEvaluation)?
        if !stations.isEmpty, year <= today.year {
            let dayCount = Int((last.timestamp.millisecondsSinceEpoch - first.timestamp.millisecondsSinceEpoch) / Timestamp.millisecondsPerDay) + 1
            let rollup = try await AirDailyRollup.load(store: store, siteCodes: stations, first: first, dayCount: dayCount)
            let edition = GB3095Edition.inForce(at: first.timestamp)
            air = (
                AirQualityEvaluation(days: rollup.days, hourly: rollup.hourly, limitsEdition: edition),
                AirQualityEvaluation(days: rollup.days.filter { !dust.contains($0.day) }, hourly: rollup.hourly, limitsEdition: edition)
            )
        }
        var water: SurfaceWaterAssessment.Summary?
        if !sections.isEmpty, year <= today.year {
            water = try? await WaterEvaluationReport.make(
                store: store, scope: .sites(code: region.code, name: region.nameZh + "考核断面", codes: sections), first: first, last: last
            ).summary
        }

        return book.indicators.map { indicator in
            let entry = entries.first { $0.indicator == indicator.id && $0.kind == .value }
            let regional = entries.first { $0.indicator == indicator.id && $0.kind == .regionalTarget }?.value
            var value = Value(
                indicator: indicator, year: year, value: nil, dustDeducted: nil, origin: "none", how: "", sites: [], validDays: nil,
                regionalTarget: regional, progress: .unknown, entry: entry)
            let period = "\(first.dateText) 至 \(last.dateText)"
            switch indicator.id {
            case 1, 2:
                if let air, air.raw.aqiDays > 0 {
                    value.sites = stations
                    value.validDays = air.raw.aqiDays
                    value.origin = "computed"
                    if indicator.id == 1 {
                        value.value = air.raw.goodDayShare?.rounded(toDecimals: 1).doubleValue
                        value.dustDeducted = air.deducted.goodDayShare?.rounded(toDecimals: 1).doubleValue
                        value.how =
                            "\(period)，\(stations.count) 个考核点位（\(stations.joined(separator: "、"))）的城市日均值，AQI 有效 \(air.raw.aqiDays) 天，优良 \(air.raw.goodDays) 天；扣除沙尘 \(dust.count) 天后有效 \(air.deducted.aqiDays) 天；HJ 633、HJ 663，\(air.raw.limitsEdition.rawValue) 版 GB 3095"
                    } else {
                        let raw = air.raw.pollutants.first { $0.pollutant == .pm25 }
                        let deducted = air.deducted.pollutants.first { $0.pollutant == .pm25 }
                        value.value = raw?.isValid == true ? raw?.periodMean?.doubleValue : nil
                        value.dustDeducted = deducted?.isValid == true ? deducted?.periodMean?.doubleValue : nil
                        value.how =
                            "\(period)，\(stations.count) 个考核点位的 PM2.5 日均值年均（有效 \(raw?.validDays ?? 0) 天，需 \(raw?.daysNeeded ?? 0) 天）；扣除沙尘 \(dust.count) 天；HJ 663，\(air.raw.limitsEdition.rawValue) 版 GB 3095"
                        if raw?.isValid != true { value.origin = "none" }
                    }
                } else {
                    value.how = stations.isEmpty ? "没有标记为考核点位的空气站（站点属性 assessment: \"true\"）" : "\(period) 考核点位没有有效数据"
                }
            case 3, 4:
                if let water, water.classified > 0 {
                    value.sites = sections
                    value.origin = "computed"
                    value.value = (indicator.id == 3 ? water.shareIToIII : water.shareWorseThanV)?.rounded(toDecimals: 1).doubleValue
                    value.how = "\(period)，\(water.classified) 个考核断面（\(sections.joined(separator: "、"))）按 GB 3838 单因子评价的年均水质类别"
                } else {
                    value.how = sections.isEmpty ? "没有标记为考核断面的断面（站点属性 assessed: \"true\"）" : "\(period) 考核断面没有可评价的数据"
                }
            default:
                break
            }
            if value.value == nil, let entry {
                value.value = entry.value
                value.origin = "entered"
                value.how = "录入值：\(entry.source)（\(entry.enteredBy)，\(CivilDateTime(entry.enteredAt).minuteText)，第 \(entry.revision) 版）"
            }
            if value.how.isEmpty { value.how = "尚无数据：\(indicator.computation.mode == .manualInput ? "需录入其他部门的统计数据" : "需录入台账数据")" }
            value.progress = PlanProgress.judge(indicator, value: value.value, year: year, regionalTarget: regional)
            return value
        }
    }
}
