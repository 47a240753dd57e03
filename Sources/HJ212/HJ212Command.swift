public import QingshanCore

/// A request from the centre to a logger, typed: its CN and CP are built here, so no caller writes CP syntax.
/// The segment around them (QN, ST, PW, MN, Flag in the logger's edition) is `HJ212Request.segment`.
public enum HJ212Command: Sendable, Hashable {
    /// 1012: set the logger's clock (`SystemTime`, Beijing time).
    case setTime(Timestamp)
    /// 1062: the real-time upload interval (`RtdInterval`), in seconds.
    case setRealTimeInterval(seconds: Int)
    /// 2051 / 2061 / 2031: send the minute, hour or day data of a range again (`BeginTime`, `EndTime`).
    case history(HistoryKind, begin: Timestamp, end: Timestamp)
    /// 1014: a new SM4 key (`NewSK`), with when it was made (`SKCreateTime`); sent under the current key.
    case newKey(String, createdAt: Timestamp)

    public enum HistoryKind: String, Sendable, Hashable, CaseIterable {
        case minute = "2051"
        case hour = "2061"
        case day = "2031"
    }

    /// The real-time intervals a logger is asked to take, in seconds.
    public static let realTimeIntervals = 1...3600

    public var cn: String {
        switch self {
        case .setTime: "1012"
        case .setRealTimeInterval: "1062"
        case .history(let kind, _, _): kind.rawValue
        case .newKey: "1014"
        }
    }

    /// The CP field's contents (between `&&` and `&&`).
    public var cp: String {
        switch self {
        case .setTime(let time):
            "SystemTime=\(HJ212Request.dataTime(time))"
        case .setRealTimeInterval(let seconds):
            "RtdInterval=\(seconds)"
        case .history(_, let begin, let end):
            "BeginTime=\(HJ212Request.dataTime(begin));EndTime=\(HJ212Request.dataTime(end))"
        case .newKey(let key, let createdAt):
            "SKCreateTime=\(HJ212Request.qn(at: createdAt)),NewSK=\(key)"
        }
    }

    /// The key a finished 1014 installs.
    public var newKey: String? {
        if case .newKey(let key, _) = self { key } else { nil }
    }

    /// The data segment of this request to one logger (see `HJ212Request.segment`).
    public func segment(qn: String, systemCode: String, mn: String, password: String, edition: HJ212Edition) -> [UInt8] {
        HJ212Request.segment(cn: cn, qn: qn, systemCode: systemCode, mn: mn, password: password, edition: edition, cp: cp)
    }
}

/// How far a request got, following its QN: 9011 (`QnRtn`, 1 = will do) then 9012 (`ExeRtn`, 1 = done).
public enum HJ212CommandState: String, Sendable, Hashable, Codable {
    case sent
    case accepted
    case refused
    case done
    case failed

    /// Whether nothing more will come for the request.
    public var isFinal: Bool { self == .refused || self == .done || self == .failed }

    /// The state after the logger's answer `cn` (9011 or 9012) with return code `code`; nil for other packets.
    public func after(cn: String, code: String?) -> HJ212CommandState? {
        switch cn {
        case "9011": self == .sent ? (code == "1" ? .accepted : .refused) : self
        case "9012": code == "1" ? .done : .failed
        default: nil
        }
    }
}
