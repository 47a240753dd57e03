/// Surface-water assessment over a period (地表水环境质量评价办法（试行）, 环办〔2011〕22号): each section's
/// class from the period means of its items, attainment of its target class, and for a river, basin or
/// city the shares of sections at Ⅰ–Ⅲ and 劣Ⅴ (the plan's indicators 3 and 4) with the 水质状况 they give.
public enum SurfaceWaterAssessment {
    public struct Section: Sendable, Hashable {
        public var code: String
        public var waterbody: GB3838.Waterbody
        public var target: GB3838.WaterClass?
        /// Period mean of each item (arithmetic mean of its samples, rounded to the samples' decimals), and the
        /// number of samples.
        public var means: [GB3838.Item: ExactDecimal]
        public var samples: [GB3838.Item: Int]
        /// Nil when no evaluation item has a sample.
        public var result: GB3838.SectionResult?

        /// The target met (class no worse than it); nil without a target or a class.
        public var attained: Bool? {
            guard let target, let result else { return nil }
            return result.waterClass <= target
        }
    }

    /// A section from its samples per item.
    public static func section(
        code: String, waterbody: GB3838.Waterbody, target: GB3838.WaterClass?, samples: [GB3838.Item: [ExactDecimal]]
    ) -> Section {
        var means: [GB3838.Item: ExactDecimal] = [:]
        var counts: [GB3838.Item: Int] = [:]
        for (item, values) in samples where !values.isEmpty {
            var sum = ExactSum()
            for value in values { sum.add(value) }
            means[item] = sum.mean(decimals: sum.scale)
            counts[item] = values.count
        }
        return Section(
            code: code, waterbody: waterbody, target: target, means: means, samples: counts,
            result: GB3838.section(means, waterbody: waterbody))
    }

    public struct Summary: Sendable, Hashable {
        /// Sections with a class, and how many of them per class (index 0 = Ⅰ … 5 = 劣Ⅴ).
        public var classified: Int
        public var sectionsPerClass: [Int]
        /// Shares in percent, exact.
        public var shareIToIII: ExactFraction?
        public var shareWorseThanV: ExactFraction?
        /// 水质状况 of the whole (断面水质类别比例法 with five sections or more; fewer: the class of the mean of
        /// each item over the sections). Nil without a classified section.
        public var conditionZh: String?
        /// Sections with a target, and those meeting it.
        public var withTarget: Int
        public var attained: Int
    }

    public static func summary(_ sections: [Section]) -> Summary {
        let classified = sections.compactMap(\.result?.waterClass)
        var perClass = Array(repeating: 0, count: 6)
        for waterClass in classified { perClass[waterClass.rawValue - 1] += 1 }
        let total = classified.count
        let good = classified.filter { $0 <= .iii }.count
        let worst = classified.filter { $0 == .worseThanV }.count
        let shareGood = total == 0 ? nil : ExactFraction(good * 100, total)
        let shareWorst = total == 0 ? nil : ExactFraction(worst * 100, total)
        var condition: String?
        if total >= 5, let shareGood, let shareWorst {
            condition = Self.condition(shareIToIII: shareGood, shareWorseThanV: shareWorst)
        } else if total > 0 {
            condition = meanSectionClass(sections)?.conditionZh
        }
        let targeted = sections.compactMap(\.attained)
        return Summary(
            classified: total, sectionsPerClass: perClass, shareIToIII: shareGood, shareWorseThanV: shareWorst, conditionZh: condition,
            withTarget: targeted.count, attained: targeted.filter { $0 }.count)
    }

    /// 断面水质类别比例法: Ⅰ–Ⅲ ≥ 90 % 优; ≥ 75 % 良好; below 75 %: 劣Ⅴ < 20 % 轻度污染, < 40 % 中度污染, else 重度污染.
    public static func condition(shareIToIII: ExactFraction, shareWorseThanV: ExactFraction) -> String {
        if shareIToIII >= ExactFraction(90, 1) { return "优" }
        if shareIToIII >= ExactFraction(75, 1) { return "良好" }
        if shareWorseThanV < ExactFraction(20, 1) { return "轻度污染" }
        if shareWorseThanV < ExactFraction(40, 1) { return "中度污染" }
        return "重度污染"
    }

    /// Fewer than five sections: each item averaged over the sections, then classed (rivers' limits unless every
    /// section is a lake).
    static func meanSectionClass(_ sections: [Section]) -> GB3838.WaterClass? {
        var samples: [GB3838.Item: [ExactDecimal]] = [:]
        for section in sections where section.result != nil {
            for (item, mean) in section.means { samples[item, default: []].append(mean) }
        }
        let waterbody: GB3838.Waterbody = sections.allSatisfy { $0.waterbody == .lake } ? .lake : .river
        return section(code: "", waterbody: waterbody, target: nil, samples: samples).result?.waterClass
    }
}
