/// An AQI with everything published beside it.
public struct AQIResult: Sendable, Hashable {
    public var edition: AQIEdition
    /// Sub-indexes in `AQIPollutant.allCases` order; nil where the pollutant was not given.
    public var orderedSubIndexes: [SubIndex?]
    /// The largest sub-index; nil when no pollutant could be indexed.
    public var aqi: Int?
    /// Some pollutant lies beyond the table: the AQI shows 500 and is marked 爆表.
    public var beyondTable: Bool
    public var level: AQILevel?
    /// 首要污染物: the pollutants whose sub-index equals the AQI, when the AQI is above 50.
    public var primaryPollutants: [AQIPollutant]
    /// 超标污染物 (2012 only): sub-index above 100.
    public var pollutantsOverLimit: [AQIPollutant]

    /// The sub-index of every pollutant that was given.
    public var subIndexes: [AQIPollutant: SubIndex] {
        var result: [AQIPollutant: SubIndex] = [:]
        for (pollutant, subIndex) in zip(AQIPollutant.allCases, orderedSubIndexes) where subIndex != nil { result[pollutant] = subIndex }
        return result
    }

    /// `subIndexes` in `AQIPollutant.allCases` order (arrays, not dictionaries: a table of a million rows
    /// computes one of these per row).
    init(edition: AQIEdition, orderedSubIndexes: [SubIndex?]) {
        self.edition = edition
        self.orderedSubIndexes = orderedSubIndexes
        var maximum: Int?
        var beyond = false
        for subIndex in orderedSubIndexes {
            if subIndex == .beyondTable { beyond = true }
            if let index = subIndex?.index, index > (maximum ?? -1) { maximum = index }
        }
        aqi = maximum
        beyondTable = beyond
        level = maximum.map(AQILevel.of(aqi:))
        var primary: [AQIPollutant] = []
        var overLimit: [AQIPollutant] = []
        for (pollutant, subIndex) in zip(AQIPollutant.allCases, orderedSubIndexes) {
            guard let index = subIndex?.index else { continue }
            if let maximum, maximum > 50, index == maximum { primary.append(pollutant) }
            if edition == .hj633_2012, index > 100 { overLimit.append(pollutant) }
        }
        primaryPollutants = primary
        pollutantsOverLimit = overLimit
    }
}
