import Foundation

/// The Markdown form of an air evaluation: a report a bureau can paste into its bulletin.
extension AirEvaluationDTO {
    public func markdown() -> String {
        func number(_ value: Double?, decimals: Int = 0) -> String {
            guard let value else { return "—" }
            return decimals == 0 && value == value.rounded() ? String(Int(value)) : String(format: "%.\(decimals)f", value)
        }
        let scopeName = scope == "site" ? "点位" : "区域"
        var lines = [
            "# 环境空气质量评价（HJ 663）：\(name)（\(code)）",
            "",
            "- 评价范围：\(scopeName)，\(stations.count) 个点位（\(stations.joined(separator: "、"))）",
            "- 时段：\(from) 至 \(to)，共 \(days) 天",
            "- 标准：\(limitsTitle)，二级浓度限值",
            "",
            "## 污染物统计",
            "",
            "| 污染物 | 单位 | 有效小时 | 小时均值 | 有效天数/所需 | 时段均值 | 百分位数 | 百分位浓度 | 年均限值 | 日限值 | 超标天数 | 达标 | 单项指数 |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
        ]
        for row in pollutants {
            let decimals = row.unit == "mg/m³" ? 1 : 0
            let attained = row.attained.map { $0 ? "达标" : "超标" } ?? "数据不足"
            lines.append(
                "| \(row.pollutant) | \(row.unit) | \(row.validHours)/\(row.expectedHours) | \(number(row.hourlyMean, decimals: 2)) | "
                    + "\(row.validDays)/\(row.daysNeeded) | \(number(row.periodMean, decimals: decimals)) | P\(row.percentile) | "
                    + "\(number(row.percentileReported, decimals: decimals)) | \(row.annualLimit.map(String.init) ?? "—") | \(row.dailyLimit) | "
                    + "\(row.exceedanceDays) | \(attained) | \(number(row.index, decimals: 3)) |")
        }
        lines += [
            "",
            "O3 的统计量为日最大 8 小时滑动平均第 90 百分位数，日限值为 8 小时平均限值；CO 为日均值第 95 百分位数。",
            "",
            "## 综合指数与优良天数",
            "",
            "- 环境空气质量综合指数：\(number(comprehensiveIndex, decimals: 2))（加权：\(number(weightedComprehensiveIndex, decimals: 2))）",
            "- 首要污染物（单项指数最大）：\(primaryPollutants.isEmpty ? "—" : primaryPollutants.joined(separator: "、"))",
            "- 有效监测天数 \(aqiDays) 天，优良天数 \(goodDays) 天，优良天数比例 \(goodDayShare.map { String(format: "%.1f%%", $0) } ?? "—")",
            "",
            "| 级别 | 类别 | 天数 |",
            "|---|---|---:|",
        ]
        for level in daysPerLevel { lines.append("| \(level.level) | \(level.category) | \(level.days) |") }
        if beyondTableDays > 0 { lines.append("\n其中爆表 \(beyondTableDays) 天。") }
        lines += ["", "| 首要污染物 | 天数 |", "|---|---:|"]
        for (pollutant, days) in primaryPollutantDays.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }) {
            lines.append("| \(pollutant) | \(days) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
