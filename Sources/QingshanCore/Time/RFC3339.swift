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

    /// Formats as `2014-01-01T00:00:00+08:00` (milliseconds only when present). Writes ASCII bytes directly:
    /// exports format one time per row, so this is on the hot path of every CSV and JSON answer.
    public static func format(_ timestamp: Timestamp, offsetMinutes: Int = CivilDateTime.beijingOffsetMinutes) -> String {
        String(unsafeUninitializedCapacity: maximumLength) { fill($0, timestamp, offsetMinutes: offsetMinutes) }
    }

    /// Appends the text `format` gives to UTF-8 bytes (a JSON page written straight into bytes).
    public static func append(_ timestamp: Timestamp, offsetMinutes: Int = CivilDateTime.beijingOffsetMinutes, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumLength) { buffer in
            let count = fill(buffer, timestamp, offsetMinutes: offsetMinutes)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// `2014-01-01T00:00:00.000+08:00`: the longest text `format` writes.
    private static let maximumLength = 29

    /// Writes the text into `buffer` (at least `maximumLength` bytes); returns how many bytes it wrote.
    private static func fill(_ buffer: UnsafeMutableBufferPointer<UInt8>, _ timestamp: Timestamp, offsetMinutes: Int) -> Int {
        let civil = CivilDateTime(timestamp, offsetMinutes: offsetMinutes)
        var position = 0
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                buffer[position] = UInt8(48 + rest / divisor % 10)
                position += 1
                rest %= divisor
                divisor /= 10
            }
        }
        func byte(_ character: UInt8) {
            buffer[position] = character
            position += 1
        }
        digits(civil.year, 4)
        byte(45)
        digits(civil.month, 2)
        byte(45)
        digits(civil.day, 2)
        byte(84)
        digits(civil.hour, 2)
        byte(58)
        digits(civil.minute, 2)
        byte(58)
        digits(civil.second, 2)
        if civil.millisecond != 0 {
            byte(46)
            digits(civil.millisecond, 3)
        }
        if offsetMinutes == 0 {
            byte(90)
        } else {
            byte(offsetMinutes < 0 ? 45 : 43)
            digits(abs(offsetMinutes) / 60, 2)
            byte(58)
            digits(abs(offsetMinutes) % 60, 2)
        }
        return position
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
}
