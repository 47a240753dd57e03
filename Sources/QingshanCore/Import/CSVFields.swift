/// Splits one CSV line into fields: commas separate, double quotes enclose, `""` escapes a quote,
/// a trailing CR (CRLF files) is dropped.
public enum CSVFields {
    public static func split(_ line: Substring) -> [Substring] {
        var line = line
        if line.utf8.last == UInt8(ascii: "\r") { line = line.dropLast() }
        // Without quotes, split the bytes: comma is ASCII, so UTF-8 boundaries are character boundaries.
        guard line.utf8.contains(UInt8(ascii: "\"")) else {
            return line.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { Substring($0) }
        }
        var fields: [Substring] = []
        var current = ""
        var quoted = false
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if quoted {
                if character == "\"" {
                    let next = line.index(after: index)
                    if next < line.endIndex, line[next] == "\"" {
                        current.append("\"")
                        index = next
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(Substring(current))
                current = ""
            } else {
                current.append(character)
            }
            index = line.index(after: index)
        }
        fields.append(Substring(current))
        return fields
    }
}
