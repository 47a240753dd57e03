/// A value sent again for a period the store already held, with a different value: the store keeps the first
/// (a period's identity is written once) and remembers the second, for the screening.
public struct ResentValue: Sendable, Hashable {
    public var parameterCode: String
    public var periodStart: Timestamp
    public var storedValue: Double
    public var storedFlag: String
    public var sentValue: Double
    public var sentFlag: String
    public var receivedAt: Timestamp

    public init(
        parameterCode: String, periodStart: Timestamp, storedValue: Double, storedFlag: String, sentValue: Double, sentFlag: String,
        receivedAt: Timestamp
    ) {
        self.parameterCode = parameterCode
        self.periodStart = periodStart
        self.storedValue = storedValue
        self.storedFlag = storedFlag
        self.sentValue = sentValue
        self.sentFlag = sentFlag
        self.receivedAt = receivedAt
    }
}
