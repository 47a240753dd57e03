import QingshanCore

/// The days a console evaluation covers: a calendar year or month, cut at the newest day with data (the year or
/// month to date), and the same days one year earlier (what the bureau's monthly 通报 compares with).
struct EvaluationPeriod: Equatable {
    var first: CivilDateTime
    var last: CivilDateTime
    /// `2017` or `2017-01`, with `（截至 2017-01-15）` when cut short.
    var label: String
    /// The query value that names it (`2017`, `2017-01`).
    var value: String

    struct Invalid: Error, CustomStringConvertible {
        var text: String
        var description: String { "period '\(text)' is not a year (2017) or a month (2017-01)" }
    }

    /// `text` is `YYYY` or `YYYY-MM`; nil takes the year of `newest`. `newest` is the newest day with data.
    init(_ text: String?, newest: CivilDateTime) throws(Invalid) {
        let text = text ?? String(newest.year)
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let year = Int(parts[0]), parts[0].count == 4, (1900...2999).contains(year), parts.count <= 2 else { throw Invalid(text: text) }
        var month: Int?
        if parts.count == 2 {
            guard parts[1].count == 2, let number = Int(parts[1]), (1...12).contains(number) else { throw Invalid(text: text) }
            month = number
        }
        let start = CivilDateTime(year: year, month: month ?? 1, day: 1)
        let end =
            month.map { CivilDateTime(year: year, month: $0, day: CivilDateTime.daysInMonth(year: year, month: $0)) }
            ?? CivilDateTime(year: year, month: 12, day: 31)
        let cut = newest.timestamp < end.timestamp && newest.timestamp >= start.timestamp
        let through = cut ? CivilDateTime(year: newest.year, month: newest.month, day: newest.day) : end
        let name = month.map { "\(year)-" + ($0 < 10 ? "0" : "") + "\($0)" } ?? String(year)
        first = start
        last = through
        value = name
        label = name + (cut ? "（截至 \(through.dateText)）" : "")
    }

    /// The same days one year earlier (29 February becomes the 28th).
    var yearBefore: (first: CivilDateTime, last: CivilDateTime) {
        func back(_ day: CivilDateTime) -> CivilDateTime {
            let days = CivilDateTime.daysInMonth(year: day.year - 1, month: day.month)
            return CivilDateTime(year: day.year - 1, month: day.month, day: min(day.day, days))
        }
        return (back(first), back(last))
    }
}
