/// Reads CNEMC national release files (`china_sites_YYYYMMDD.csv`): `date,hour,type,<station codes…>`,
/// one row per (hour, type), stations across.
///
/// The hour labels the *end* of the averaging hour, so hour 0 of 2017-01-01 is the period that starts at
/// 2016-12-31 23:00 Beijing time. CO is already mg/m³. Every non-empty cell becomes one observation; the
/// moving means and the AQI are stored under their `published` parameters.
public struct CNEMCDayParser: Sendable {
    /// Release `type` → catalogue code.
    public static let typeCodes: [Substring: String] = [
        "AQI": "aqi", "PM2.5": "a34004", "PM2.5_24h": "a34004_24h", "PM10": "a34002", "PM10_24h": "a34002_24h",
        "SO2": "a21026", "SO2_24h": "a21026_24h", "NO2": "a21004", "NO2_24h": "a21004_24h", "O3": "a05024",
        "O3_24h": "a05024_24h", "O3_8h": "a05024_8h", "O3_8h_24h": "a05024_8h_24h", "CO": "a21005",
        "CO_24h": "a21005_24h",
    ]

    public let file: String
    public let catalogue: ParameterCatalogue
    /// Station codes in column order (column 3 onwards).
    public private(set) var stations: [String] = []

    public init(file: String, catalogue: ParameterCatalogue = .standard) {
        self.file = file
        self.catalogue = catalogue
    }

    /// Whether `code` looks like a national station code (four digits and a letter, e.g. `1001A`).
    public static func isStationCode(_ code: some StringProtocol) -> Bool {
        let bytes = Array(code.utf8)
        guard bytes.count == 5 else { return false }
        return bytes[0..<4].allSatisfy { (48...57).contains($0) } && (65...90).contains(bytes[4])
    }

    /// Reads the header; refuses a file of another format or a column that is not a station code.
    public mutating func readHeader(_ line: Substring) throws(ImportFileError) {
        let fields = CSVFields.split(line)
        guard fields.count > 3, fields[0] == "date", fields[1] == "hour", fields[2] == "type" else {
            throw ImportFileError(
                file: file, reason: "not a CNEMC release file: the header must start with date,hour,type, found \(line.prefix(80))")
        }
        var seen = Set<Substring>()
        for (offset, code) in fields.dropFirst(3).enumerated() {
            guard Self.isStationCode(code) else {
                throw ImportFileError(
                    file: file,
                    reason: "unknown station code '\(code)' in column \(offset + 4): national station codes look like 1001A")
            }
            guard seen.insert(code).inserted else {
                throw ImportFileError(file: file, reason: "station \(code) appears twice in the header")
            }
        }
        stations = fields.dropFirst(3).map { String($0) }
    }

    /// The values of one row, and an issue per refused cell; a row whose date, hour or type is bad is refused whole.
    public func parse(_ line: Substring, lineNumber: Int) -> (observations: [Observation], issues: [ImportIssue]) {
        let fields = CSVFields.split(line)
        func refuse(_ reason: String) -> ([Observation], [ImportIssue]) {
            ([], [ImportIssue(file: file, line: lineNumber, reason: reason)])
        }
        guard fields.count == stations.count + 3 else {
            return refuse("expected \(stations.count + 3) fields, found \(fields.count) (truncated or damaged row)")
        }
        let date = fields[0]
        guard date.count == 8, let year = Int(date.prefix(4)), let month = Int(date.dropFirst(4).prefix(2)),
            let day = Int(date.suffix(2)), let hour = Int(fields[1]), (0...24).contains(hour)
        else { return refuse("date '\(date)' and hour '\(fields[1])' must be YYYYMMDD and 0–24") }
        let dayStart = CivilDateTime(year: year, month: month, day: day)
        guard dayStart.isValid else { return refuse("\(date) is not a real date") }
        guard let code = Self.typeCodes[fields[2]] else {
            return refuse("unknown type '\(fields[2])'; expected one of \(Self.typeCodes.keys.sorted().joined(separator: ", "))")
        }
        let parameter = catalogue.parameter(for: code)
        // Hour h labels the hour that ends at h:00.
        let periodStart = dayStart.timestamp.adding(milliseconds: Int64(hour - 1) * Timestamp.millisecondsPerHour)
        var observations: [Observation] = []
        var issues: [ImportIssue] = []
        for (offset, text) in fields.dropFirst(3).enumerated() where !text.isEmpty {
            let station = stations[offset]
            guard let value = Double(text), value.isFinite else {
                issues.append(ImportIssue(file: file, line: lineNumber, reason: "\(station) \(fields[2]): '\(text)' is not a number"))
                continue
            }
            if let parameter, !parameter.accepts(value) {
                issues.append(
                    ImportIssue(
                        file: file, line: lineNumber, reason: "\(station) \(fields[2]): \(text) is outside the possible range"))
                continue
            }
            observations.append(
                Observation(
                    siteCode: station, parameterCode: code, interval: .hour, periodStart: periodStart,
                    value: value, source: "import:cnemc"))
        }
        return (observations, issues)
    }
}
