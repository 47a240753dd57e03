import Foundation

/// The Markdown form of a surface-water assessment.
extension WaterEvaluationDTO {
    public func markdown() -> String {
        func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0) } ?? "—" }
        var lines = [
            "# 地表水环境质量评价（GB 3838-2002）：\(name)（\(code)）",
            "",
            "- 时段：\(from) 至 \(to)",
            "- 参评断面 \(classified) 个；Ⅰ～Ⅲ类比例 \(percent(shareIToIII))，劣Ⅴ类比例 \(percent(shareWorseThanV))；水质状况：\(condition ?? "—")",
            "- 有目标的断面 \(withTarget) 个，达标 \(attained) 个",
            "",
            "| 断面 | 水体 | 目标 | 水质类别 | 水质状况 | 主要污染指标 | 达标 |",
            "|---|---|---|---|---|---|---|",
        ]
        for section in sections {
            let attained = section.attained.map { $0 ? "达标" : "不达标" } ?? "—"
            lines.append(
                "| \(section.name)（\(section.code)） | \(section.waterbody == "lake" ? "湖库" : "河流") | \(section.target ?? "—") | "
                    + "\(section.waterClass ?? "无数据") | \(section.condition ?? "—") | \(section.mainPollutants.joined(separator: "、")) | \(attained) |"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
