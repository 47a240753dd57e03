/// Reads the UCI "Beijing Multi-Site Air-Quality" (PRSA) hourly files.
///
/// Layout: `No,year,month,day,hour,PM2.5,PM10,SO2,NO2,CO,O3,TEMP,PRES,DEWP,RAIN,wd,WSPM,station`,
/// `NA` for missing, times in Beijing time with `hour` the start of the hour. CO is µg/m³ in these files and
/// is converted to the catalogue's mg/m³; PRES is hPa and becomes kPa; `wd` compass points become degrees.
/// DEWP and RAIN have no HJ 212 code and are not stored.
public struct PRSARecordParser: Sendable {
    public static let header = [
        "No", "year", "month", "day", "hour", "PM2.5", "PM10", "SO2", "NO2", "CO", "O3", "TEMP", "PRES", "DEWP",
        "RAIN", "wd", "WSPM", "station",
    ]

    /// Column → (catalogue code, divisor into the catalogue unit). Dividing by 1000 rather than multiplying
    /// by 0.001 keeps 300 µg/m³ at exactly the double nearest 0.3 mg/m³.
    static let numericColumns: [(column: Int, code: String, divisor: Double)] = [
        (5, "a34004", 1), (6, "a34002", 1), (7, "a21026", 1), (8, "a21004", 1), (9, "a21005", 1000),
        (10, "a05024", 1), (11, "a01001", 1), (12, "a01006", 10), (16, "a01007", 1),
    ]

    static let compassDegrees: [Substring: Double] = [
        "N": 0, "NNE": 22.5, "NE": 45, "ENE": 67.5, "E": 90, "ESE": 112.5, "SE": 135, "SSE": 157.5, "S": 180,
        "SSW": 202.5, "SW": 225, "WSW": 247.5, "W": 270, "WNW": 292.5, "NW": 315, "NNW": 337.5,
    ]

    public let file: String
    public let catalogue: ParameterCatalogue

    public init(file: String, catalogue: ParameterCatalogue = .standard) {
        self.file = file
        self.catalogue = catalogue
    }

    /// The site code an imported PRSA station gets: `prsa-` and the station name in lower case.
    public static func siteCode(station: some StringProtocol) -> String {
        "prsa-" + station.lowercased()
    }

    /// Throws unless `line` is the PRSA header, so a file of another format is refused before any row is read.
    public func checkHeader(_ line: Substring) throws(ImportFileError) {
        let fields = CSVFields.split(line).map { String($0) }
        guard fields == Self.header else {
            throw ImportFileError(
                file: file,
                reason: "not a PRSA file: expected the header \(Self.header.joined(separator: ",")), found \(line.prefix(120))")
        }
    }

    /// One parsed row: the station and its values (missing values are absent, not zero).
    public struct Row: Sendable {
        public var station: String
        public var observations: [Observation]
    }

    /// Parses one data row; a row is taken whole or refused whole.
    public func parse(_ line: Substring, lineNumber: Int) -> Result<Row, ImportIssue> {
        let fields = CSVFields.split(line)
        func refuse(_ reason: String) -> Result<Row, ImportIssue> {
            .failure(ImportIssue(file: file, line: lineNumber, reason: reason))
        }
        guard fields.count == Self.header.count else {
            return refuse("expected \(Self.header.count) fields, found \(fields.count) (truncated or damaged row)")
        }
        guard let year = Int(fields[1]), let month = Int(fields[2]), let day = Int(fields[3]), let hour = Int(fields[4])
        else { return refuse("year, month, day and hour must be whole numbers, found \(fields[1...4].joined(separator: ","))") }
        let civil = CivilDateTime(year: year, month: month, day: day, hour: hour)
        guard civil.isValid else { return refuse("\(year)-\(month)-\(day) hour \(hour) is not a real date and hour") }
        let station = fields[17]
        guard !station.isEmpty else { return refuse("the station column is empty") }
        let siteCode = Self.siteCode(station: station)
        let start = civil.timestamp
        var observations: [Observation] = []
        observations.reserveCapacity(10)
        for (column, code, divisor) in Self.numericColumns {
            let text = fields[column]
            if text == "NA" || text.isEmpty { continue }
            guard let raw = Double(text), raw.isFinite else {
                return refuse("\(Self.header[column]) '\(text)' is not a number")
            }
            let value = divisor == 1 ? raw : raw / divisor
            if let parameter = catalogue.parameter(for: code), !parameter.accepts(value) {
                return refuse("\(Self.header[column]) \(text) is outside the possible range for \(parameter.nameEn)")
            }
            observations.append(
                Observation(
                    siteCode: siteCode, parameterCode: code, interval: .hour, periodStart: start, value: value,
                    source: "import:prsa"))
        }
        let direction = fields[15]
        if direction != "NA", !direction.isEmpty {
            guard let degrees = Self.compassDegrees[direction] else {
                return refuse("wd '\(direction)' is not one of the 16 compass points")
            }
            observations.append(
                Observation(
                    siteCode: siteCode, parameterCode: "a01008", interval: .hour, periodStart: start,
                    value: degrees, source: "import:prsa"))
        }
        return .success(Row(station: String(station), observations: observations))
    }
}
