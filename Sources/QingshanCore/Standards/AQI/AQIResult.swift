/// An AQI with everything published beside it.
public struct AQIResult: Sendable, Hashable {
    public var edition: AQIEdition
    /// The sub-index of every pollutant that was given.
    public var subIndexes: [AQIPollutant: SubIndex]
    /// The largest sub-index; nil when no pollutant could be indexed.
    public var aqi: Int?
    /// Some pollutant lies beyond the table: the AQI shows 500 and is marked 爆表.
    public var beyondTable: Bool
    public var level: AQILevel?
    /// 首要污染物: the pollutants whose sub-index equals the AQI, when the AQI is above 50.
    public var primaryPollutants: [AQIPollutant]
    /// 超标污染物 (2012 only): sub-index above 100.
    public var pollutantsOverLimit: [AQIPollutant]

    init(edition: AQIEdition, subIndexes: [AQIPollutant: SubIndex]) {
        self.edition = edition
        self.subIndexes = subIndexes
        let indexed = subIndexes.compactMapValues(\.index)
        aqi = indexed.values.max()
        beyondTable = subIndexes.values.contains(.beyondTable)
        level = aqi.map(AQILevel.of(aqi:))
        if let aqi, aqi > 50 {
            primaryPollutants = indexed.filter { $0.value == aqi }.map(\.key).sorted()
        } else {
            primaryPollutants = []
        }
        pollutantsOverLimit = edition == .hj633_2012 ? indexed.filter { $0.value > 100 }.map(\.key).sorted() : []
    }
}
