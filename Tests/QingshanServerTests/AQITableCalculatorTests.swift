import QingshanCore
import QingshanServer
import Testing

@testable import QingshanTools

@Suite struct AQITableCalculatorTests {
    static let now = CivilDateTime(year: 2026, month: 11, day: 29).timestamp

    @Test func rowsGetTheirIndexesAndBadRowsTheirReasons() throws {
        let calculator = try AQITableCalculator(
            header: "time,so2,no2,pm10,co,o3,pm25,station", period: .hour, edition: nil, now: Self.now)
        #expect(
            calculator.outputHeader
                == "time,so2,no2,pm10,co,o3,pm25,station,iaqi_so2,iaqi_no2,iaqi_pm10,iaqi_co,iaqi_o3,iaqi_pm25,aqi,level,category,primary,beyond_table"
        )
        let worked = calculator.row("2017-01-01T00:00:00+08:00,30,120,90,0.9,230,60,A", number: 2)
        #expect(worked.output == "2017-01-01T00:00:00+08:00,30,120,90,0.9,230,60,A,10,60,70,9,115,82,115,3,轻度污染,O3,")
        #expect(worked.notes.isEmpty)
        // Ties are comma-joined, so the cell is quoted.
        #expect(calculator.row("2017-01-01T01:00:00+08:00,,,150,,,75,T", number: 3).output.hasSuffix(#",100,2,良,"PM10,PM2.5","#))
        // 爆表: the numbers are those the CNEMC release prints (500), the mark has its own column.
        let smog = calculator.row("2017-01-01T12:00:00+08:00,,,,,,620,S", number: 4)
        #expect(smog.output.hasSuffix(",500,500,6,严重污染,PM2.5,爆表"))
        #expect(
            smog.notes.map(\.description) == [
                "line 4: PM2.5 is beyond the HJ 633 table (爆表): its sub-index is 500, not extrapolated, and the row is marked 爆表"
            ])
        let sixHundred = calculator.row("2017-01-01T13:00:00+08:00,,,,,,600,S", number: 5)
        #expect(sixHundred.output.hasSuffix(",500,500,6,严重污染,PM2.5,爆表"))
        let text = calculator.row(",x,,,,,,C", number: 5)
        #expect(text.notes.map(\.description) == ["line 5: so2 'x' is not a number"])
        #expect(text.output == ",x,,,,,,C,,,,,,,,,,,")
        #expect(calculator.row(",,,,-1,,,N", number: 6).notes.map(\.description) == ["line 6: co -1 is negative; concentrations cannot be"])
        #expect(calculator.row("yesterday,,,,,,10,Q", number: 7).notes.first?.message.hasPrefix("time 'yesterday' is not RFC 3339") == true)
        // Without a time, automatic means the edition in force now (2026 here): PM2.5 75 is 114.
        #expect(calculator.row(",,,,,,75,E", number: 8).output.hasSuffix(",114,114,3,轻度污染,PM2.5,"))
        #expect(calculator.row("2025-01-01T00:00:00+08:00,,,,,,75,E", number: 9).output.hasSuffix(",100,100,2,良,PM2.5,"))
    }

    @Test func dailyTablesAndMissingColumns() throws {
        let daily = try AQITableCalculator(
            header: "so2,no2,pm10,co,o3_8h,o3_1h_max,pm25", period: .day, edition: .hj633_2012, now: Self.now)
        #expect(daily.row("15,45,120,1.2,140,,80", number: 2).output == "15,45,120,1.2,140,,80,15,57,85,30,84,107,107,3,轻度污染,PM2.5,")
        #expect(throws: CalcHeaderError.self) {
            try AQITableCalculator(header: "so2,no2,pm10,co,o3,pm25", period: .day, edition: nil, now: Self.now)
        }
    }
}
