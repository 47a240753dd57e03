import QingshanCore
import SensorThings
import Testing

/// The limits that keep one hostile query from crashing or exhausting the server. The first two inputs are the
/// ones that crashed `serve` (stack overflow in the parser's recursion, SIGSEGV), exactly as reported.
@Suite struct QueryLimitTests {
    static func code(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as QueryError {
            return error.code
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func deepParenthesesAreRefusedNotFollowed() {
        let filter = String(repeating: "(", count: 20_000) + "id eq 1" + String(repeating: ")", count: 20_000)
        #expect(Self.code { _ = try FilterParser.parse(filter) } == "filter_too_deep")
    }

    @Test func longUnaryMinusChainIsRefused() {
        let filter = "result eq " + String(repeating: "-", count: 60_000) + "1"
        #expect(Self.code { _ = try FilterParser.parse(filter) } == "filter_too_deep")
    }

    /// Nesting up to the bound parses; one level more does not (both for parentheses and for `not`).
    @Test(arguments: [
        ("(", ")", ""), ("not ", "", ""), ("-", "", " eq 1"), ("round(", ")", " eq 1"),
    ])
    func depthBoundIsExact(open: String, close: String, suffix: String) throws {
        func nested(_ levels: Int) -> String {
            String(repeating: open, count: levels) + "result" + String(repeating: close, count: levels) + suffix
        }
        _ = try FilterParser.parse(nested(FilterParser.maximumDepth))
        #expect(Self.code { _ = try FilterParser.parse(nested(FilterParser.maximumDepth + 1)) } == "filter_too_deep")
    }

    /// A flat chain of `or` is bounded by its token count (each walk of the tree recurses once per term).
    @Test func longChainsAreBoundedByTokens() throws {
        func chain(_ terms: Int) -> String { Array(repeating: "result eq 1", count: terms).joined(separator: " or ") }
        // 3 tokens a term and one `or` between terms.
        let fitting = (FilterParser.maximumTokens + 1) / 4
        _ = try FilterParser.parse(chain(fitting))
        #expect(Self.code { _ = try FilterParser.parse(chain(fitting + 1)) } == "filter_too_long")
    }

    @Test func hugeSkipIsRefusedBeforeAnyArithmetic() throws {
        #expect(Self.code { _ = try QueryOptions([("$skip", "9223372036854775807"), ("$top", "1")], maximumTop: 10_000) } == "skip_too_large")
        let bound = try QueryOptions([("$skip", String(QueryOptions.maximumSkip)), ("$top", "10000")], maximumTop: 10_000)
        // The largest skip and top still add up without overflow.
        #expect(bound.skip + (bound.top ?? 0) + 1 == QueryOptions.maximumSkip + 10_001)
        #expect(Self.code { _ = try QueryOptions([("$skip", String(QueryOptions.maximumSkip + 1))], maximumTop: 10_000) } == "skip_too_large")
    }

    @Test func deepExpansionIsRefused() throws {
        func nested(_ levels: Int) -> String {
            String(repeating: "Datastreams($expand=", count: levels - 1) + "Datastreams" + String(repeating: ")", count: levels - 1)
        }
        _ = try QueryOptions([("$expand", nested(QueryOptions.maximumExpandDepth))], maximumTop: 100)
        #expect(Self.code { _ = try QueryOptions([("$expand", nested(QueryOptions.maximumExpandDepth + 1))], maximumTop: 100) } == "expand_too_deep")
        // The 1,500-level expansion of the report.
        #expect(Self.code { _ = try QueryOptions([("$expand", nested(1_500))], maximumTop: 100) } == "expand_too_deep")
        // A path counts each of its steps.
        #expect(Self.code { _ = try QueryOptions([("$expand", "A/B/C/D/E")], maximumTop: 100) } == "expand_too_deep")
        let many = Array(repeating: "Datastreams", count: QueryOptions.maximumExpansions + 1).joined(separator: ",")
        #expect(Self.code { _ = try QueryOptions([("$expand", many)], maximumTop: 100) } == "expand_too_deep")
    }

    /// An `$orderby` error names `$orderby`, not `$filter`.
    @Test func orderByErrorsNameTheirOption() {
        #expect {
            try QueryOptions([("$orderby", "result gt")], maximumTop: 100)
        } throws: { error in
            (error as? QueryError)?.message.hasPrefix("$orderby:") == true
        }
        #expect {
            try QueryOptions([("$orderby", "result # 1")], maximumTop: 100)
        } throws: { error in
            (error as? QueryError)?.message.hasPrefix("$orderby:") == true
        }
    }

    @Test func budgetStopsAtItsRows() throws {
        let budget = QueryBudget(maximumRows: 10, timeLimit: .seconds(60))
        try budget.charge(6)
        try budget.charge(4)
        #expect(Self.code { try budget.charge(1) } == "query_too_costly")
        let expired = QueryBudget(maximumRows: 10, timeLimit: .zero)
        #expect(Self.code { try expired.charge(1) } == "query_timeout")
    }
}

/// Negative numbers are literals, so that conditions on them reach the database like any other.
@Suite struct NegativeLiteralTests {
    @Test func aNegativeNumberIsALiteral() throws {
        #expect(try FilterParser.parse("result eq -12345") == .comparison(.eq, .property(["result"]), .literal(.number(-12345))))
        #expect(try FilterParser.parse("result gt --2") == .comparison(.gt, .property(["result"]), .literal(.number(2))))
        #expect(try FilterParser.parse("-result lt 0") == .comparison(.lt, .negate(.property(["result"])), .literal(.number(0))))
    }
}
