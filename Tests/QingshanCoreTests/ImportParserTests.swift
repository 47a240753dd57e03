import QingshanCore
import Testing

@Suite struct PRSARecordParserTests {
    let parser = PRSARecordParser(file: "PRSA_Data_Dongsi.csv")
    /// Row 1 of the Dongsi file, as published.
    let firstRow = "1,2013,3,1,0,9,9,3,17,300,89,-0.5,1024.5,-21.4,0,\"NNW\",5.7,\"Dongsi\"\r"

    @Test func acceptsTheHeaderAndRefusesOtherFormats() throws {
        try parser.checkHeader(Substring(PRSARecordParser.header.map { $0.first!.isLetter && $0 != "No" ? "\"\($0)\"" : $0 }.joined(separator: ",")))
        #expect(throws: ImportFileError.self) { try parser.checkHeader("date,hour,type,1001A") }
    }

    @Test func parsesARowIntoCatalogueUnits() throws {
        let row = try parser.parse(Substring(firstRow), lineNumber: 2).get()
        #expect(row.station == "Dongsi")
        let values = Dictionary(uniqueKeysWithValues: row.observations.map { ($0.parameterCode, $0.value) })
        // Every value of the row: CO 300 µg/m³ → 0.3 mg/m³, pressure 1024.5 hPa → 102.45 kPa, wind NNW → 337.5°.
        #expect(
            values == [
                "a34004": 9, "a34002": 9, "a21026": 3, "a21004": 17, "a21005": 0.3, "a05024": 89, "a01001": -0.5,
                "a01006": 102.45, "a01007": 5.7, "a01008": 337.5,
            ])
        #expect(row.observations.allSatisfy { $0.siteCode == "prsa-dongsi" && $0.interval == .hour })
        // The hour column is the period start in Beijing time: 2013-03-01 00:00 +08:00.
        #expect(row.observations[0].periodStart == CivilDateTime(year: 2013, month: 3, day: 1).timestamp)
    }

    @Test func missingValuesAreAbsentNotZero() throws {
        let row = try parser.parse("2,2013,3,1,1,NA,9,3,17,NA,89,-0.5,1024.5,-21.4,0,NA,5.7,\"Dongsi\"", lineNumber: 3).get()
        let values = Dictionary(uniqueKeysWithValues: row.observations.map { ($0.parameterCode, $0.value) })
        // PM2.5, CO and the wind direction are NA: absent, and the other seven as given.
        #expect(values == ["a34002": 9, "a21026": 3, "a21004": 17, "a05024": 89, "a01001": -0.5, "a01006": 102.45, "a01007": 5.7])
    }

    @Test(arguments: [
        ("1,2013,3,1,0,9,9,3,17,300", "expected 18 fields, found 10"),
        ("1,2013,3,1,0,abc,9,3,17,300,89,-0.5,1024.5,-21.4,0,\"NNW\",5.7,\"Dongsi\"", "PM2.5 'abc' is not a number"),
        ("1,2013,2,30,0,9,9,3,17,300,89,-0.5,1024.5,-21.4,0,\"NNW\",5.7,\"Dongsi\"", "not a real date"),
        ("1,2013,3,1,0,-9,9,3,17,300,89,-0.5,1024.5,-21.4,0,\"NNW\",5.7,\"Dongsi\"", "outside the possible range"),
        ("1,2013,3,1,0,9,9,3,17,300,89,-0.5,1024.5,-21.4,0,\"XYZ\",5.7,\"Dongsi\"", "compass points"),
        ("1,2013,3,1,0,9,9,3,17,300,89,-0.5,1024.5,-21.4,0,\"NNW\",5.7,", "station column is empty"),
    ])
    func refusesBadRowsWithTheirLineAndReason(line: String, reason: String) {
        guard case .failure(let issue) = parser.parse(Substring(line), lineNumber: 42) else {
            Issue.record("row was accepted: \(line)")
            return
        }
        #expect(issue.line == 42)
        #expect(issue.description.hasPrefix("PRSA_Data_Dongsi.csv:42: "))
        #expect(issue.reason.contains(reason))
    }
}

@Suite struct CNEMCDayParserTests {
    @Test func shiftsHourLabelsToPeriodStarts() throws {
        var parser = CNEMCDayParser(file: "china_sites_20170101.csv")
        try parser.readHeader("date,hour,type,1001A,2195A\r")
        #expect(parser.stations == ["1001A", "2195A"])
        let (observations, issues) = parser.parse("20170101,0,PM2.5,452,71\r", lineNumber: 2)
        #expect(issues.isEmpty)
        #expect(observations.map(\.value) == [452, 71])
        #expect(observations.map(\.parameterCode) == ["a34004", "a34004"])
        // Hour 0 of 2017-01-01 is the hour that ended at midnight: it started 2016-12-31 23:00 +08:00.
        #expect(observations[0].periodStart == CivilDateTime(year: 2016, month: 12, day: 31, hour: 23).timestamp)
    }

    @Test func mapsEveryReleaseType() throws {
        var parser = CNEMCDayParser(file: "f.csv")
        try parser.readHeader("date,hour,type,1001A")
        for (type, code) in CNEMCDayParser.typeCodes {
            let (observations, issues) = parser.parse(Substring("20170101,5,\(type),12"), lineNumber: 2)
            #expect(issues.isEmpty)
            #expect(observations.first?.parameterCode == code)
            #expect(ParameterCatalogue.standard.parameter(for: code) != nil)
        }
    }

    @Test func emptyCellsAreNoData() throws {
        var parser = CNEMCDayParser(file: "f.csv")
        try parser.readHeader("date,hour,type,1001A,1002A,1003A")
        let (observations, issues) = parser.parse("20170101,1,CO,,1.2,", lineNumber: 2)
        #expect(issues.isEmpty)
        #expect(observations.map(\.siteCode) == ["1002A"])
    }

    @Test(arguments: [
        ("date,hour,type,1001A,XYZ", "unknown station code 'XYZ' in column 5"),
        ("No,year,month,day,hour", "not a CNEMC release file"),
        ("date,hour,type,1001A,1001A", "appears twice"),
    ])
    func refusesBadHeaders(header: String, reason: String) {
        var parser = CNEMCDayParser(file: "f.csv")
        #expect {
            try parser.readHeader(Substring(header))
        } throws: { error in
            (error as? ImportFileError)?.reason.contains(reason) == true
        }
    }

    @Test func refusesBadRowsAndCells() throws {
        var parser = CNEMCDayParser(file: "f.csv")
        try parser.readHeader("date,hour,type,1001A,1002A")
        #expect(parser.parse("20170101,0,PM2.5", lineNumber: 3).issues.first?.reason.contains("expected 5 fields") == true)
        #expect(parser.parse("20170101,0,PM1,1,2", lineNumber: 3).issues.first?.reason.contains("unknown type 'PM1'") == true)
        #expect(parser.parse("20171301,0,PM2.5,1,2", lineNumber: 3).issues.first?.reason.contains("not a real date") == true)
        let (observations, issues) = parser.parse("20170101,0,PM2.5,n/a,2", lineNumber: 4)
        #expect(observations.map(\.siteCode) == ["1002A"])
        #expect(issues.map(\.description) == ["f.csv:4: 1001A PM2.5: 'n/a' is not a number"])
    }
}
