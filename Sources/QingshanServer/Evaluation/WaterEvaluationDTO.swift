import QingshanCore

/// The JSON form of a `WaterEvaluationReport` (`/api/v1/evaluation/water`, `qingshan evaluate water`).
public struct WaterEvaluationDTO: Codable, Sendable, Hashable {
    public struct Item: Codable, Sendable, Hashable {
        public var item: String
        public var name: String
        public var mean: Double
        public var samples: Int
        public var waterClass: String
        /// (C − C_Ⅲ) / C_Ⅲ above class Ⅲ.
        public var exceedanceMultiple: Double?
    }

    public struct Section: Codable, Sendable, Hashable {
        public var code: String
        public var name: String
        public var waterbody: String
        public var target: String?
        public var waterClass: String?
        public var condition: String?
        public var mainPollutants: [String]
        public var attained: Bool?
        public var items: [Item]
    }

    public var code: String
    public var name: String
    public var from: String
    public var to: String
    public var sections: [Section]
    public var classified: Int
    public var sectionsPerClass: [String: Int]
    /// Percent with one decimal.
    public var shareIToIII: Double?
    public var shareWorseThanV: Double?
    public var condition: String?
    public var withTarget: Int
    public var attained: Int

    public init(_ report: WaterEvaluationReport) {
        code = report.code
        name = report.name
        from = report.first.dateText
        to = report.last.dateText
        sections = report.sections.map { site, section in
            Section(
                code: site.code, name: site.nameZh, waterbody: section.waterbody.rawValue, target: section.target?.nameZh,
                waterClass: section.result?.waterClass.nameZh, condition: section.result?.waterClass.conditionZh,
                mainPollutants: section.result?.mainPollutants.map(\.nameZh) ?? [], attained: section.attained,
                items: GB3838.Item.allCases.compactMap { item in
                    guard let mean = section.means[item] else { return nil }
                    return Item(
                        item: item.rawValue, name: item.nameZh, mean: mean.doubleValue, samples: section.samples[item] ?? 0,
                        waterClass: GB3838.waterClass(item, mean, waterbody: section.waterbody).nameZh,
                        exceedanceMultiple: GB3838.exceedanceMultiple(item, mean.doubleValue, waterbody: section.waterbody)
                            .map { ($0 * 100).rounded() / 100 })
                })
        }
        let summary = report.summary
        classified = summary.classified
        sectionsPerClass = Dictionary(uniqueKeysWithValues: GB3838.WaterClass.allCases.map { ($0.nameZh, summary.sectionsPerClass[$0.rawValue - 1]) })
        shareIToIII = summary.shareIToIII?.rounded(toDecimals: 1).doubleValue
        shareWorseThanV = summary.shareWorseThanV?.rounded(toDecimals: 1).doubleValue
        condition = summary.conditionZh
        withTarget = summary.withTarget
        attained = summary.attained
    }
}
