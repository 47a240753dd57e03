import QingshanCore
import SensorThings
import Testing

/// What of a `$filter` reaches the SQL query, and what is left to evaluate row by row.
@Suite struct FilterPushDownTests {
    static func time(_ text: String) -> Timestamp { try! RFC3339.parse(text) }

    @Test(
        arguments: [
            // A time range on phenomenonTime: both bounds pushed, nothing left.
            (
                "phenomenonTime ge 2016-01-01T00:00:00+08:00 and phenomenonTime lt 2016-01-02T00:00:00+08:00",
                "2016-01-01T00:00:00+08:00", "2016-01-02T00:00:00+08:00", [] as [String], false
            ),
            // gt and le move the bound by a millisecond; eq is a one-millisecond range.
            ("phenomenonTime gt 2016-01-01T00:00:00Z", "2016-01-01T00:00:00.001Z", nil, [], false),
            ("phenomenonTime le 2016-01-01T00:00:00Z", nil, "2016-01-01T00:00:00.001Z", [], false),
            ("phenomenonTime eq 2016-01-01T00:00:00Z", "2016-01-01T00:00:00Z", "2016-01-01T00:00:00.001Z", [], false),
            // Conditions on the result become SQL conditions, negative numbers included.
            ("result gt 75 and result le -12.5", nil, nil, [">75.0", "<=-12.5"], false),
            // What SQL cannot take stays: ne on time, functions, or.
            ("phenomenonTime ne 2016-01-01T00:00:00Z", nil, nil, [], true),
            ("result gt 75 or result lt 5", nil, nil, [], true),
            ("result gt 75 and round(result) eq 80", nil, nil, [">75.0"], true),
        ] as [(String, String?, String?, [String], Bool)])
    func pushesWhatSQLCanAnswer(filter: String, from: String?, to: String?, conditions: [String], residual: Bool) throws {
        let pushed = FilterPushDown(try FilterParser.parse(filter))
        #expect(pushed.from == from.map(Self.time))
        #expect(pushed.to == to.map(Self.time))
        #expect(pushed.valueConditions.map { "\($0.comparison.rawValue)\($0.bound)" } == conditions)
        #expect((pushed.residual != nil) == residual)
    }

    @Test func valueConditionsWithoutATimeBoundScanWholeSeries() throws {
        #expect(FilterPushDown(try FilterParser.parse("result gt 75")).scansWholeSeries)
        #expect(!FilterPushDown(try FilterParser.parse("result gt 75 and phenomenonTime ge 2016-01-01T00:00:00Z")).scansWholeSeries)
        #expect(!FilterPushDown(nil).scansWholeSeries)
    }

    @Test func ordersTheStoreAnswers() throws {
        func options(_ orderBy: String) throws -> QueryOptions { try QueryOptions([("$orderby", orderBy)], maximumTop: 100) }
        #expect(FilterPushDown.isNativeOrder(try options("phenomenonTime desc")))
        #expect(FilterPushDown.isNativeOrder(try options("id")))
        #expect(!FilterPushDown.isNativeOrder(try options("result")))
        #expect(FilterPushDown.isValueOrder(try options("result desc")))
        #expect(!FilterPushDown.isValueOrder(try options("result,phenomenonTime")))
    }
}
