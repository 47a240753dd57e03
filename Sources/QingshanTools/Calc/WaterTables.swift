import Foundation
public import QingshanCore

/// The tables of `qingshan calc water`, `calc groundwater` and `calc tli`, built on `SampleTableCalculator`.
public enum WaterTables {
    /// HJ 212 codes of the GB 3838 items in the catalogue, with the decimal shift to mg/L.
    static let surfaceWaterCodes: [String: (GB3838.Item, Int)] = Dictionary(
        uniqueKeysWithValues: GB3838.Item.allCases.compactMap { item in
            item.catalogueCode.map { ($0.code, (item, $0.decimalShift)) }
        })

    /// A column: the item's short name first (standard units), then a catalogue code or alias.
    static func resolve<Item: RawRepresentable<String>>(_ name: String, items: [Item], codes: [String: (Item, Int)]) -> (item: String, shift: Int)? {
        if let item = items.first(where: { $0.rawValue == name }) { return (item.rawValue, 0) }
        guard let code = ParameterCatalogue.standard.code(for: name), let (item, shift) = codes[code] else { return nil }
        return (item.rawValue, shift)
    }

    /// GB 3838-2002: each item's class, the sample's class (the 21 evaluation items), 水质状况, main pollutants
    /// with their exceedance multiples above class Ⅲ; with a `target` column (Ⅰ–Ⅴ, I–V or 1–5), whether it is met.
    public static func surfaceWater(header: Substring, waterbody: GB3838.Waterbody) throws(CalcHeaderError) -> SampleTableCalculator {
        let names = CalcCells.header(header)
        let targetPosition = names.firstIndex(of: "target")
        return try SampleTableCalculator(
            header: header, standard: "GB 3838-2002",
            resolve: { resolve($0, items: GB3838.Item.allCases, codes: surfaceWaterCodes) },
            resultColumns: { items in
                items.map { "class_\($0)" } + ["class", "condition", "main_pollutants"] + (targetPosition != nil ? ["attained"] : [])
            },
            bounds: [GB3838.Item.ph.rawValue: 0...14]
        ) { values, order, fields in
            var exact: [GB3838.Item: ExactDecimal] = [:]
            for (key, value) in values { exact[GB3838.Item(rawValue: key)!] = value }
            let section = GB3838.section(exact, waterbody: waterbody)
            var cells = order.map { key in
                let item = GB3838.Item(rawValue: key)!
                return exact[item].map { GB3838.waterClass(item, $0, waterbody: waterbody).nameZh } ?? ""
            }
            var notes: [String] = []
            if let section {
                cells += [
                    section.waterClass.nameZh, section.waterClass.conditionZh,
                    section.mainPollutants.map { item in
                        guard
                            let multiple = GB3838.exceedanceMultiple(item, exact[item]!.doubleValue, waterbody: waterbody).flatMap(ExactDecimal.init)
                        else { return item.nameZh }
                        return "\(item.nameZh)(\(ExactDecimal(units: multiple.rounded(toDecimals: 2), scale: 2).doubleValue))"
                    }.joined(separator: "、"),
                ]
            } else {
                cells += ["", "", ""]
                if !exact.isEmpty { notes.append("no evaluation item given (TN and faecal coliforms alone do not class a sample)") }
            }
            if let targetPosition {
                let text = String(CalcCells.trimmed(fields[targetPosition]))
                if let section, let target = GB3838.WaterClass(name: text) {
                    cells.append(section.waterClass <= target ? "达标" : "不达标")
                } else {
                    cells.append("")
                    if !text.isEmpty, GB3838.WaterClass(name: text) == nil { notes.append("target '\(text)' is not a class: write Ⅲ, Ⅲ类, III or 3") }
                }
            }
            return (cells, notes)
        }
    }

    /// Catalogue codes of the GB/T 14848 indicators.
    static let groundwaterCodes: [String: (GBT14848.Indicator, Int)] = [
        "w01001": (.ph, 0), "w21003": (.ammonia, 0), "w21017": (.fluoride, 0), "w23002": (.volatilePhenol, 0),
        "w01019": (.oxygenConsumption, 0), "w20111": (.mercury, 3), "w20115": (.cadmium, 3), "w20117": (.chromiumVI, 3),
        "w20119": (.arsenic, 3), "w20120": (.lead, 3),
    ]

    /// GB/T 14848-2017: each indicator's class, the sample's class (the worst) and the indicators that decide
    /// it, with their exceedance multiples over class Ⅲ.
    public static func groundwater(header: Substring) throws(CalcHeaderError) -> SampleTableCalculator {
        try SampleTableCalculator(
            header: header, standard: "GB/T 14848-2017",
            resolve: { resolve($0, items: GBT14848.Indicator.allCases, codes: groundwaterCodes) },
            resultColumns: { items in items.map { "class_\($0)" } + ["class", "decisive"] },
            bounds: [GBT14848.Indicator.ph.rawValue: 0...14]
        ) { values, order, _ in
            var exact: [GBT14848.Indicator: ExactDecimal] = [:]
            for (key, value) in values { exact[GBT14848.Indicator(rawValue: key)!] = value }
            let cells = order.map { key in
                let indicator = GBT14848.Indicator(rawValue: key)!
                return exact[indicator].map { GBT14848.groundwaterClass(indicator, $0).nameZh } ?? ""
            }
            guard let sample = GBT14848.sample(exact) else { return (cells + ["", ""], []) }
            let decisive = sample.decisive.map { indicator in
                guard let multiple = GBT14848.exceedanceMultiple(indicator, exact[indicator]!) else { return indicator.nameZh }
                return "\(indicator.nameZh)(\(multiple.rounded(toDecimals: 2).doubleValue))"
            }
            return (cells + [sample.groundwaterClass.nameZh, decisive.joined(separator: "、")], [])
        }
    }

    /// Catalogue codes of the TLI parameters: chlorophyll a is mg/L there and mg/m³ in the index.
    static let trophicCodes: [String: (TrophicStateIndex.Parameter, Int)] = [
        "w01016": (.chla, -3), "w21011": (.tp, 0), "w21001": (.tn, 0), "w01019": (.codMn, 0),
    ]

    /// TLI(Σ): each parameter's TLI(j), the combined index and the trophic state.
    public static func trophicState(header: Substring) throws(CalcHeaderError) -> SampleTableCalculator {
        try SampleTableCalculator(
            header: header, standard: "the trophic state index (chla, tp, tn, sd, codmn)",
            resolve: { resolve($0, items: TrophicStateIndex.Parameter.allCases, codes: trophicCodes) },
            resultColumns: { items in items.map { "tli_\($0)" } + ["tli", "state"] }
        ) { values, order, _ in
            var doubles: [TrophicStateIndex.Parameter: Double] = [:]
            for (key, value) in values { doubles[TrophicStateIndex.Parameter(rawValue: key)!] = value.doubleValue }
            let result: TrophicStateIndex.Result?
            do {
                result = try TrophicStateIndex.compute(doubles)
            } catch {
                return ([], ["\(error)"])
            }
            guard let result else { return (order.map { _ in "" } + ["", ""], []) }
            let singles = order.map { key in
                result.singleIndexes[TrophicStateIndex.Parameter(rawValue: key)!].map { String(format: "%.2f", $0) } ?? ""
            }
            return (singles + [String(format: "%.2f", result.tli), result.state.nameZh], [])
        }
    }
}
