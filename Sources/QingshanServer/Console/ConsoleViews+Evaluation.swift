import QingshanCore

/// The 评价 page's values.
extension ConsoleViews {
    struct ScopeChoice {
        var value: String
        var name: String
        var selected: Bool
    }

    struct PollutantRow {
        var name: String
        var unit: String
        var periodMean: String
        var percentile: String
        var limit: String
        var attained: String
        var attainedClass: String
        var index: String
        var validDays: String
    }

    /// One segment of the level bar: a level's share of the days, in its colour.
    struct LevelShare {
        var category: String
        var days: Int
        var percent: String
        var colour: String
    }

    struct EvaluationDetail {
        var name: String
        var from: String
        var to: String
        var stations: Int
        var comprehensiveIndex: String
        var goodDayShare: String
        var goodDays: Int
        var aqiDays: Int
        var primary: String
        var pollutants: [PollutantRow]
        var levels: [LevelShare]

        init(_ dto: AirEvaluationDTO) {
            name = dto.name
            from = dto.from
            to = dto.to
            stations = dto.stations.count
            comprehensiveIndex = dto.comprehensiveIndex.map { JSONBytes.number($0) } ?? "—"
            goodDayShare = dto.goodDayShare.map { JSONBytes.number($0) + "%" } ?? "—"
            goodDays = dto.goodDays
            aqiDays = dto.aqiDays
            primary = dto.primaryPollutants.isEmpty ? "—" : dto.primaryPollutants.joined(separator: "、")
            pollutants = dto.pollutants.map { row in
                PollutantRow(
                    name: row.pollutant, unit: row.unit, periodMean: row.periodMean.map { JSONBytes.number($0) } ?? "—",
                    percentile: row.percentileReported.map { "第\(row.percentile)百分位 " + JSONBytes.number($0) } ?? "—",
                    limit: row.annualLimit.map { "年 \($0) / 日 \(row.dailyLimit)" } ?? "日 \(row.dailyLimit)",
                    attained: row.attained.map { $0 ? "达标" : "超标" } ?? "数据不足",
                    attainedClass: row.attained.map { $0 ? "online" : "offline" } ?? "empty",
                    index: row.index.map { JSONBytes.number($0) } ?? "—", validDays: "\(row.validDays)/\(row.expectedDays)")
            }
            levels = dto.daysPerLevel.compactMap { level in
                guard level.days > 0, dto.aqiDays > 0, let colour = AQILevel.all.first(where: { $0.level == level.level })?.colourHex else {
                    return nil
                }
                let percent = (Double(level.days) * 1000 / Double(dto.aqiDays)).rounded() / 10
                return LevelShare(category: level.category, days: level.days, percent: JSONBytes.number(percent), colour: colour)
            }
        }
    }

    struct RankingRow {
        var rank: Int
        var kind: String
        var code: String
        var name: String
        var link: String
        var index: String
        var indexChange: String
        var pm25: String
        var pm25Change: String
        var goodDayShare: String
        var goodDayShareChange: String

        init<Context>(rank: Int, _ ranked: ConsoleController<Context>.Ranked) {
            self.rank = rank
            kind = ranked.kind
            code = ranked.code
            name = ranked.name
            link = ranked.kind == "站点" ? "/sites/\(ranked.code)" : "/evaluation?scope=region:\(ranked.code)"
            index = ranked.now.comprehensiveIndex.map { JSONBytes.number($0) } ?? "—"
            indexChange = ConsoleViews.relativeChange(ranked.now.comprehensiveIndex, ranked.before?.comprehensiveIndex)
            pm25 = ranked.now.pm25?.periodMean.map { JSONBytes.number($0) } ?? "—"
            pm25Change = ConsoleViews.relativeChange(ranked.now.pm25?.periodMean, ranked.before?.pm25?.periodMean)
            goodDayShare = ranked.now.goodDayShare.map { JSONBytes.number($0) + "%" } ?? "—"
            goodDayShareChange =
                ranked.now.goodDayShare.flatMap { now in
                    ranked.before?.goodDayShare.map { before in
                        let points = ((now - before) * 10).rounded() / 10
                        return (points > 0 ? "+" : "") + JSONBytes.number(points) + " 个百分点"
                    }
                } ?? "—"
        }
    }

    /// `-12.5%` against last year's value; `—` without one.
    static func relativeChange(_ now: Double?, _ before: Double?) -> String {
        guard let now, let before, before != 0 else { return "—" }
        let percent = ((now - before) / before * 1000).rounded() / 10
        return (percent > 0 ? "+" : "") + JSONBytes.number(percent) + "%"
    }

    struct EvaluationPage {
        var title: String
        var nav: [NavItem]
        var period: String
        var periodValue: String
        var scopes: [ScopeChoice]
        var detail: EvaluationDetail?
        var ranking: [RankingRow]
        var hasRanking: Bool
        var csv: String
        var water: WaterSummary?
    }

    /// GB 3838 sections of a region over a period: each section's class against its target, and the shares.
    struct WaterSummary {
        struct Section {
            var code: String
            var name: String
            var waterbody: String
            var target: String
            var waterClass: String
            var condition: String
            var pollutants: String
            var attained: String
            var attainedStyle: String
        }
        var from: String
        var to: String
        var sections: [Section]
        var shareIToIII: String
        var shareWorseThanV: String
        var attained: String

        /// Nil when no section has a class in the period (nothing to show).
        init?(_ dto: WaterEvaluationDTO) {
            guard dto.classified > 0 else { return nil }
            from = dto.from
            to = dto.to
            sections = dto.sections.map { section in
                Section(
                    code: section.code, name: section.name, waterbody: section.waterbody == "lake" ? "湖库" : "河流",
                    target: section.target ?? "—", waterClass: section.waterClass ?? "无数据", condition: section.condition ?? "—",
                    pollutants: section.mainPollutants.isEmpty ? "—" : section.mainPollutants.joined(separator: "、"),
                    attained: section.attained.map { $0 ? "达标" : "未达标" } ?? "—",
                    attainedStyle: section.attained.map { $0 ? "online" : "offline" } ?? "empty")
            }
            shareIToIII = dto.shareIToIII.map { JSONBytes.number($0) + "%" } ?? "—"
            shareWorseThanV = dto.shareWorseThanV.map { JSONBytes.number($0) + "%" } ?? "—"
            attained = "\(dto.attained) / \(dto.withTarget)"
        }
    }
}
