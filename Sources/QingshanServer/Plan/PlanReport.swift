import Foundation
public import QingshanCore
public import QingshanStore

/// The plan's evaluation report (中期评估, 总结评估, 年度) for a year: the indicator table with baseline, target,
/// value and status, a chart of each computed indicator over the years, the targets whose deadline has passed
/// without a recorded result, and how each value was obtained with the data it stands on. Markdown or HTML; the
/// PDF is the HTML printed by Chromium (`PlanReportPDF`).
public struct PlanReport: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case midterm, final, annual

        public var titleZh: String {
            switch self {
            case .midterm: "中期评估报告"
            case .final: "总结评估报告"
            case .annual: "年度实施情况报告"
            }
        }
    }

    public var book: PlanBook
    public var kind: Kind
    public var year: Int
    public var values: [PlanScorecard.Value]
    /// Each computed indicator's value per year from 2021 to `year`.
    public var history: [Int: [(year: Int, value: Double)]]
    /// What was recorded of the further targets.
    public var results: [String: PlanTargetResult]
    public var generatedAt: Timestamp

    public static func make(book: PlanBook, store: any PlatformStore, kind: Kind, year: Int, now: Timestamp = .now) async throws -> PlanReport {
        var history: [Int: [(year: Int, value: Double)]] = [:]
        var values: [PlanScorecard.Value] = []
        for each in 2021...max(2021, year) {
            let yearly = try await PlanScorecard.compute(book: book, store: store, year: each, now: now)
            if each == year { values = yearly }
            for value in yearly where value.origin == "computed" {
                if let number = value.value { history[value.indicator.id, default: []].append((each, number)) }
            }
        }
        if values.isEmpty { values = try await PlanScorecard.compute(book: book, store: store, year: year, now: now) }
        return PlanReport(
            book: book, kind: kind, year: year, values: values, history: history, results: try await store.currentTargetResults(), generatedAt: now)
    }

    public var title: String { "\(book.title) \(kind.titleZh)（\(year) 年）" }

    /// Targets whose deadline is on or before the end of the report's year (the plan's further targets).
    public var targetsDue: [PlanTarget] {
        let end = "\(year)-12-31"
        return book.targets.filter { target in target.deadline.map { $0 <= end } ?? false }
    }

    /// A due target's standing: 已完成, 未完成 (past its deadline and not met) or 未记录.
    func standing(_ target: PlanTarget) -> String {
        guard let result = results[target.id] else { return "未记录" }
        return (result.met ? "已完成" : "未完成") + "（\(result.note)）"
    }

    static func number(_ value: Double?) -> String { value.map { JSONBytes.number(($0 * 100).rounded() / 100) } ?? "—" }

    static func target(_ value: PlanScorecard.Value) -> String {
        switch value.indicator.target2025 {
        case .number(let number): JSONBytes.number(number)
        case .text(let text): text + (value.regionalTarget.map { "（\(value.year) 年 \(JSONBytes.number($0))）" } ?? "")
        }
    }

    static func targetValue(_ value: PlanTarget.Value?) -> String {
        switch value {
        case .number(let number)?: JSONBytes.number(number)
        case .range(let low, let high)?: "\(JSONBytes.number(low))–\(JSONBytes.number(high))"
        case .text(let text)?: text
        case nil: "—"
        }
    }

    /// The summary counts of the indicator table.
    var counts: [(PlanProgress, Int)] {
        [PlanProgress.met, .onTrack, .behind, .unknown].map { status in (status, values.filter { $0.progress == status }.count) }
    }

    public func markdown() -> String {
        var out = "# \(title)\n\n"
        out += "生成时间：\(CivilDateTime(generatedAt).minuteText)（北京时间）。进度按 2020 年基准到 2025 年目标的线性进程判断；“达到自治区考核要求”的指标按录入的自治区年度目标判断。\n\n"
        out += counts.map { "\($0.0.nameZh) \($0.1) 项" }.joined(separator: "，") + "。\n\n"
        out += "## 一、主要指标完成情况\n\n| 序号 | 指标 | 单位 | 2020 年基准 | 2025 年目标 | 属性 | \(year) 年 | 扣除沙尘 | 进度 |\n|---|---|---|---|---|---|---|---|---|\n"
        for value in values {
            let indicator = value.indicator
            out += "| \(indicator.id) | \(indicator.nameZh) | \(indicator.unit) | \(Self.number(indicator.baseline2020)) | \(Self.target(value)) | "
            out +=
                "\(indicator.binding == .binding ? "约束性" : "预期性") | \(Self.number(value.value)) | \(value.dustDeducted.map { Self.number($0) } ?? "") | \(value.progress.nameZh) |\n"
        }
        out += "\n## 二、计算指标逐年变化\n\n"
        for indicator in book.indicators {
            guard let points = history[indicator.id], !points.isEmpty else { continue }
            out += "- \(indicator.id). \(indicator.nameZh)：" + points.map { "\($0.year) 年 \(Self.number($0.value))" }.joined(separator: "，") + "\n"
        }
        if history.isEmpty { out += "平台尚无可计算的监测数据。\n" }
        out += "\n## 三、截至 \(year) 年底到期的规划目标\n\n| 编号 | 目标 | 目标值 | 期限 | 完成情况 |\n|---|---|---|---|---|\n"
        for target in targetsDue {
            out +=
                "| \(target.id) | \(target.nameZh) | \(Self.targetValue(target.value)) \(target.unit ?? "") | \(target.deadlineText) | \(standing(target)) |\n"
        }
        if targetsDue.isEmpty { out += "| — | 无到期目标 | | | |\n" }
        out +=
            "\n到期 \(targetsDue.count) 项：已过期限未完成 \(targetsDue.filter { results[$0.id]?.met == false }.count) 项，尚未记录结果 \(targetsDue.filter { results[$0.id] == nil }.count) 项（需逐项核实）。\n\n## 四、数据来源与计算方法\n\n"
        for value in values { out += "- \(value.indicator.id). \(value.indicator.nameZh)：\(value.how)\n" }
        return out
    }

    public func html() -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        var rows = ""
        for value in values {
            let indicator = value.indicator
            rows +=
                "<tr><td>\(indicator.id)</td><td>\(escape(indicator.nameZh))</td><td>\(escape(indicator.unit))</td><td class=\"num\">\(Self.number(indicator.baseline2020))</td>"
            rows +=
                "<td>\(escape(Self.target(value)))</td><td>\(indicator.binding == .binding ? "约束性" : "预期性")</td><td class=\"num\">\(Self.number(value.value))</td>"
            rows +=
                "<td class=\"num\">\(value.dustDeducted.map { Self.number($0) } ?? "")</td><td class=\"\(value.progress.rawValue)\">\(value.progress.nameZh)</td></tr>\n"
        }
        var charts = ""
        for indicator in book.indicators {
            guard let points = history[indicator.id], !points.isEmpty else { continue }
            let svg = SVGLineChart(
                points: points.map { (time: CivilDateTime(year: $0.year, month: 7, day: 1).timestamp, value: $0.value) },
                from: CivilDateTime(year: 2021, month: 1, day: 1).timestamp, to: CivilDateTime(year: max(2021, year) + 1, month: 1, day: 1).timestamp,
                step: 400 * Timestamp.millisecondsPerDay, threshold: indicator.target2025.number, width: 640, height: 200
            ).render()
            charts += "<figure><figcaption>\(indicator.id). \(escape(indicator.nameZh))（\(escape(indicator.unit))）</figcaption>\(svg)</figure>\n"
        }
        if charts.isEmpty { charts = "<p>平台尚无可计算的监测数据。</p>" }
        var due = ""
        for target in targetsDue {
            due +=
                "<tr><td>\(target.id)</td><td>\(escape(target.nameZh))</td><td>\(escape(Self.targetValue(target.value) + " " + (target.unit ?? "")))</td><td>\(escape(target.deadlineText))</td><td>\(escape(standing(target)))</td></tr>\n"
        }
        var how = ""
        for value in values { how += "<li>\(value.indicator.id). \(escape(value.indicator.nameZh))：\(escape(value.how))</li>\n" }
        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>
            body { font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; font-size: 11pt; margin: 18mm 14mm; color: #1c2b24; }
            h1 { font-size: 18pt; } h2 { font-size: 13pt; margin-top: 18pt; }
            table { border-collapse: collapse; width: 100%; font-size: 9pt; } th, td { border: 1px solid #9fb3a8; padding: 2pt 4pt; }
            th { background: #e6efe9; } td.num { text-align: right; } table.indicators td:nth-child(6), table.indicators td:nth-child(9),
            table.indicators th { white-space: nowrap; } .met { color: #2e7d32; } .behind { color: #c62828; } .on_track { color: #1565c0; }
            figure { margin: 8pt 0; page-break-inside: avoid; } figcaption { font-weight: 600; }
            svg.chart .series { fill: none; stroke: #0b6e4f; stroke-width: 1.5; } svg.chart text { font-size: 10px; fill: #5f6b66; }
            svg.chart line.limit { stroke: #d32f2f; stroke-dasharray: 6 4; } svg.chart .axis { stroke: #9fb3a8; }
            </style></head><body>
            <h1>\(escape(title))</h1>
            <p>生成时间：\(CivilDateTime(generatedAt).minuteText)（北京时间）。进度按 2020 年基准到 2025 年目标的线性进程判断；“达到自治区考核要求”的指标按录入的自治区年度目标判断。\(counts.map { "\($0.0.nameZh) \($0.1) 项" }.joined(separator: "，"))。</p>
            <h2>一、主要指标完成情况</h2>
            <table class="indicators"><thead><tr><th>序号</th><th>指标</th><th>单位</th><th>2020 年基准</th><th>2025 年目标</th><th>属性</th><th>\(year) 年</th><th>扣除沙尘</th><th>进度</th></tr></thead>
            <tbody>
            \(rows)</tbody></table>
            <h2>二、计算指标逐年变化</h2>
            \(charts)
            <h2>三、截至 \(year) 年底到期的规划目标</h2>
            <table><thead><tr><th>编号</th><th>目标</th><th>目标值</th><th>期限</th><th>完成情况</th></tr></thead><tbody>
            \(due.isEmpty ? "<tr><td colspan=\"5\">无到期目标</td></tr>" : due)</tbody></table>
            <p>到期 \(targetsDue.count) 项：已过期限未完成 \(targetsDue.filter { results[$0.id]?.met == false }.count) 项，尚未记录结果 \(targetsDue.filter { results[$0.id] == nil }.count) 项（需逐项核实）。</p>
            <h2>四、数据来源与计算方法</h2>
            <ul>
            \(how)</ul>
            </body></html>
            """
    }
}
