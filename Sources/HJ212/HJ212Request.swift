public import QingshanCore

/// The centre's requests to a logger, in the logger's own edition: set the time (1012), set the real-time
/// interval (1062), ask for history (2051 minute, 2061 hour, 2031 day, with `BeginTime`/`EndTime`), hand out
/// a new SM4 key (1014). Every request asks for an answer (Flag bit A), so the logger replies 9011 and, when
/// done, 9012; history arrives as ordinary uploads.
public enum HJ212Request {
    /// The data segment of a request. `systemCode` is the logger's own ST: the standard's examples address a
    /// logger with its system code, not 91.
    public static func segment(
        cn: String, qn: String, systemCode: String, mn: String, password: String, edition: HJ212Edition, cp: String
    ) -> [UInt8] {
        let flag =
            switch edition {
            case .hj212_2005: 1
            case .hj212_2017: 5
            case .hj212_2025: 9
            }
        return Array("QN=\(qn);ST=\(systemCode);CN=\(cn);PW=\(password);MN=\(mn);Flag=\(flag);CP=&&\(cp)&&".utf8)
    }

    /// A request's QN: Beijing time to the millisecond, 17 digits.
    public static func qn(at time: Timestamp) -> String {
        dataTime(time) + pad(CivilDateTime(time).millisecond, 3)
    }

    /// `YYYYMMDDhhmmss` in Beijing time, as `SystemTime`, `BeginTime` and `EndTime` are written.
    public static func dataTime(_ time: Timestamp) -> String {
        let civil = CivilDateTime(time)
        return pad(civil.year, 4) + pad(civil.month, 2) + pad(civil.day, 2) + pad(civil.hour, 2) + pad(civil.minute, 2)
            + pad(civil.second, 2)
    }

    /// Reads `YYYYMMDDhhmmss` (or with milliseconds, as 2005 loggers write DataTime) in Beijing time.
    public static func time(_ text: String) -> Timestamp? {
        let digits = Array(text.utf8)
        guard digits.count == 14 || digits.count == 17, digits.allSatisfy({ (48...57).contains($0) }) else { return nil }
        func number(_ start: Int, _ count: Int) -> Int { digits[start..<(start + count)].reduce(0) { $0 * 10 + Int($1 - 48) } }
        let civil = CivilDateTime(
            year: number(0, 4), month: number(4, 2), day: number(6, 2), hour: number(8, 2), minute: number(10, 2),
            second: number(12, 2), millisecond: digits.count == 17 ? number(14, 3) : 0)
        return civil.isValid ? civil.timestamp : nil
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
