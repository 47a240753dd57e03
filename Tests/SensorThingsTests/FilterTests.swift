import QingshanCore
import SensorThings
import Testing

@Suite struct FilterTests {
    static let time = CivilDateTime(year: 2016, month: 3, day: 5, hour: 14, minute: 30, offsetMinutes: 0).timestamp
    static let entity = ODataValue.object([
        "result": .number(42.5),
        "name": .string("Dongsi 东四"),
        "phenomenonTime": .time(time),
        "properties": .object(["kind": .string("air"), "level": .number(3)]),
        "location": .geometry(.point(longitude: 116.417, latitude: 39.929)),
        "missing": .null,
    ])
    static let evaluator = FilterEvaluator(now: CivilDateTime(year: 2026, month: 11, day: 29, offsetMinutes: 0).timestamp)

    @Test(arguments: [
        ("result gt 40", true), ("result gt 42.5", false), ("result ge 42.5", true), ("result lt 43 and result gt 42", true),
        ("result eq 1 or result eq 42.5", true), ("not (result eq 42.5)", false), ("result add 0.5 eq 43", true),
        ("result sub 2.5 eq 40", true), ("result mul 2 eq 85", true), ("result div 2 gt 21", true), ("result mod 10 eq 2.5", true),
        ("-result lt 0", true), ("result gt -1", true), ("round(result) eq 43", true), ("floor(result) eq 42", true), ("ceiling(result) eq 43", true),
        ("name eq 'Dongsi 东四'", true), ("startswith(name, 'Dong')", true), ("endswith(name, '东四')", true),
        ("substringof('ngs', name)", true), ("length(name) eq 9", true), ("indexof(name, 'si') eq 4", true),
        ("substring(name, 1) eq 'ongsi 东四'", true), ("substring(name, 0, 2) eq 'Do'", true), ("tolower(name) eq 'dongsi 东四'", true),
        ("toupper(name) eq 'DONGSI 东四'", true), ("trim(' x ') eq 'x'", true), ("concat(name, '!') eq 'Dongsi 东四!'", true),
        ("phenomenonTime gt 2016-03-05T14:00:00Z", true), ("phenomenonTime lt 2016-03-05T22:00:00+08:00", false),
        ("phenomenonTime eq 2016-03-05T22:30:00+08:00", true), ("year(phenomenonTime) eq 2016", true), ("month(phenomenonTime) eq 3", true),
        ("day(phenomenonTime) eq 5", true), ("hour(phenomenonTime) eq 14", true), ("minute(phenomenonTime) eq 30", true),
        ("second(phenomenonTime) eq 0", true), ("date(phenomenonTime) eq 2016-03-05T00:00:00Z", true), ("phenomenonTime lt now()", true),
        ("phenomenonTime gt mindatetime()", true),
        ("properties/kind eq 'air'", true), ("properties/level ge 3", true), ("properties/nothing eq null", true), ("missing eq null", true),
        ("missing gt 1", false), ("missing ne null", false),
        ("st_within(location, geography'POLYGON((116 39, 117 39, 117 40, 116 40, 116 39))')", true),
        ("st_within(location, geography'POLYGON((110 30, 111 30, 111 31, 110 31, 110 30))')", false),
        ("st_intersects(location, geography'POLYGON((116 39, 117 39, 117 40, 116 40, 116 39))')", true),
        ("geo.distance(location, geography'POINT(116.417 39.929)') lt 0.001", true),
        ("geo.distance(location, geography'POINT(117.417 39.929)') gt 0.99", true),
        ("st_equals(location, geography'POINT(116.417 39.929)')", true),
        ("geo.length(geography'LINESTRING(0 0, 3 4)') eq 5", true),
        ("result eq 'x'", false), ("(result gt 1) and (name eq 'Dongsi 东四' or result lt 0)", true),
        ("name eq 'it''s'", false),
    ])
    func evaluates(filter: String, expected: Bool) throws {
        let expression = try FilterParser.parse(filter)
        #expect(try Self.evaluator.matches(expression, Self.entity) == expected, "\(filter)")
    }

    /// Bad expressions are refused with a message that says where and why.
    @Test(arguments: [
        ("result gt", "ends too early"), ("result gt 1 1", "unexpected '1.0'"), ("foo(result)", "unknown function 'foo'"),
        ("startswith(name)", "takes 2 argument(s), not 1"), ("name eq 'open", "is not closed"), ("(result gt 1", "missing ')'"),
        ("result gt 2016-13-01T00:00:00Z", "is not a time"), ("result # 1", "unexpected character '#'"),
        ("st_within(location, geography'CIRCLE(1 2)')", "is not WKT"), ("result gt 2016-03-05", "needs a time of day"),
    ])
    func refuses(filter: String, message: String) {
        #expect {
            try FilterParser.parse(filter)
        } throws: { error in
            (error as? QueryError)?.message.contains(message) == true
        }
    }

    /// Ordering mismatched kinds is an error the caller hears about; equality of them is simply false.
    @Test func typeErrors() throws {
        #expect(throws: QueryError.self) { try Self.evaluator.matches(try FilterParser.parse("name gt 1"), Self.entity) }
        #expect(throws: QueryError.self) { try Self.evaluator.matches(try FilterParser.parse("name add 1 eq 2"), Self.entity) }
        #expect(throws: QueryError.self) { try Self.evaluator.matches(try FilterParser.parse("year(name) eq 2"), Self.entity) }
        #expect(try Self.evaluator.matches(try FilterParser.parse("name eq 1"), Self.entity) == false)
    }

    @Test func queryOptions() throws {
        let options = try QueryOptions(
            [
                ("$top", "10"), ("$skip", "5"), ("$count", "true"), ("$select", "id, name"), ("$orderby", "phenomenonTime desc, result"),
                ("$filter", "result gt 1"),
                ("$expand", "Datastreams($top=2;$select=name;$expand=Observations($top=1;$orderby=phenomenonTime desc)),Locations"),
                ("$resultFormat", "dataArray"),
            ], maximumTop: 1000)
        #expect(options.top == 10)
        #expect(options.skip == 5)
        #expect(options.count)
        #expect(options.select == ["id", "name"])
        #expect(options.orderBy.map(\.descending) == [true, false])
        #expect(options.orderBy.first?.expression == .property(["phenomenonTime"]))
        #expect(options.expand.map(\.path) == [["Datastreams"], ["Locations"]])
        let datastreams = try #require(options.expand.first)
        #expect(datastreams.options.top == 2)
        #expect(datastreams.options.select == ["name"])
        #expect(datastreams.options.expand.first?.path == ["Observations"])
        #expect(datastreams.options.expand.first?.options.orderBy.first?.descending == true)
        #expect(options.dataArray)
        for (name, value, message) in [
            ("$top", "1001", "above this server's maximum"), ("$top", "-1", "0 or more"), ("$skip", "x", "0 or more"),
            ("$count", "yes", "true or false"), ("$expand", "Datastreams($top=1", "not closed"), ("$foo", "1", "unknown query option"),
            ("$resultFormat", "csv", "only dataArray"), ("$select", ",", "property names"),
        ] {
            #expect {
                try QueryOptions([(name, value)], maximumTop: 1000)
            } throws: { error in
                (error as? QueryError)?.message.contains(message) == true
            }
        }
    }
}
