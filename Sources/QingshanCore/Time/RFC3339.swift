/// RFC 3339 text for instants: the API takes any offset and answers in Beijing time (`+08:00`).
public enum RFC3339 {
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case malformed(String)

        public var description: String {
            switch self {
            case .malformed(let text):
                "'\(text)' is not an RFC 3339 time; write it like 2014-01-01T00:00:00+08:00"
            }
        }
    }

    /// Formats as `2014-01-01T00:00:00+08:00` (milliseconds only when present).
    public static func format(_ timestamp: Timestamp, offsetMinutes: Int = CivilDateTime.beijingOffsetMinutes) -> String {
        let civil = CivilDateTime(timestamp, offsetMinutes: offsetMinutes)
        var text = "\(pad(civil.year, 4))-\(pad(civil.month, 2))-\(pad(civil.day, 2))T"
        text += "\(pad(civil.hour, 2)):\(pad(civil.minute, 2)):\(pad(civil.second, 2))"
        if civil.millisecond != 0 { text += ".\(pad(civil.millisecond, 3))" }
        if offsetMinutes == 0 { return text + "Z" }
        let sign = offsetMinutes < 0 ? "-" : "+"
        let magnitude = abs(offsetMinutes)
        return text + "\(sign)\(pad(magnitude / 60, 2)):\(pad(magnitude % 60, 2))"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`; a space may stand for `T`.
    public static func parse(_ text: String) throws(ParseError) -> Timestamp {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<(start + count)] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 20, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84 || bytes[10] == 116 || bytes[10] == 32,
            bytes[13] == 58, bytes[16] == 58,
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2)
        else { throw .malformed(text) }
        var position = 19
        var millisecond = 0
        if position < bytes.count, bytes[position] == 46 {
            position += 1
            var digits = 0
            while position < bytes.count, (48...57).contains(bytes[position]) {
                if digits < 3 { millisecond = millisecond * 10 + Int(bytes[position] - 48) }
                digits += 1
                position += 1
            }
            guard digits > 0 else { throw .malformed(text) }
            if digits < 3 { for _ in digits..<3 { millisecond *= 10 } }
        }
        var offset = 0
        if position == bytes.count - 1, bytes[position] == 90 || bytes[position] == 122 {
            offset = 0
        } else if position == bytes.count - 6, bytes[position] == 43 || bytes[position] == 45, bytes[position + 3] == 58,
            let hours = number(position + 1, 2), let minutes = number(position + 4, 2)
        {
            offset = (hours * 60 + minutes) * (bytes[position] == 45 ? -1 : 1)
        } else {
            throw .malformed(text)
        }
        let civil = CivilDateTime(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            millisecond: millisecond, offsetMinutes: offset)
        guard civil.isValid else { throw .malformed(text) }
        return civil.timestamp
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
