// libFuzzer entry point for what an anonymous SensorThings client controls: the query string's options
// (`$filter`, `$orderby`, `$expand` with nested options, `$skip`, `$top`, `$select`, …) parsed as the server
// parses them, and every parsed filter evaluated against an entity. Besides crashes and hangs it traps when:
// - a parse that succeeds breaks a limit the server relies on (skip and top bounded, expand depth bounded);
// - the same text parses differently twice.
import QingshanCore
import SensorThings

let entity = ODataValue.object([
    "result": .number(42.5), "name": .string("Dongsi 东四"),
    "phenomenonTime": .time(Timestamp(millisecondsSinceEpoch: 1_457_188_200_000)),
    "properties": .object(["kind": .string("air"), "level": .number(3)]),
    "location": .geometry(.point(longitude: 116.417, latitude: 39.929)), "missing": .null,
])
let evaluator = FilterEvaluator(now: Timestamp(millisecondsSinceEpoch: 1_800_000_000_000))
let names = ["$filter", "$orderby", "$expand", "$skip", "$top", "$select", "$count", "$resultFormat"]

func expansionDepth(_ options: QueryOptions) -> Int {
    options.expand.map { $0.path.count + expansionDepth($0.options) }.max() ?? 0
}

func evaluate(_ options: QueryOptions) {
    if let filter = options.filter { _ = try? evaluator.matches(filter, entity) }
    for term in options.orderBy { _ = try? evaluator.evaluate(term.expression, entity) }
    for expansion in options.expand { evaluate(expansion.options) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: start, count: count)
    guard let first = input.first else { return 0 }
    let text = String(decoding: input.dropFirst(), as: UTF8.self)
    if first & 1 == 0 {
        // The whole input as one `$filter` (or `$orderby` term).
        let option = first & 2 == 0 ? "$filter" : "$orderby"
        let parsed = try? FilterParser.parse(text, option: option)
        precondition(parsed == (try? FilterParser.parse(text, option: option)), "the same filter parsed differently")
        if let parsed { _ = try? evaluator.matches(parsed, entity) }
        return 0
    }
    // A query string: `&`-separated options, names picked by the byte before each value when unknown.
    var pairs: [(name: String, value: String)] = []
    for (index, part) in text.split(separator: "&", omittingEmptySubsequences: false).enumerated() {
        let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let name = halves.count == 2 && halves[0].hasPrefix("$") ? String(halves[0]) : names[(index + Int(first >> 1)) % names.count]
        pairs.append((name, String(halves.last ?? "")))
    }
    guard let options = try? QueryOptions(pairs, maximumTop: 10_000) else { return 0 }
    precondition(options.skip >= 0 && options.skip <= QueryOptions.maximumSkip, "skip \(options.skip) out of bounds")
    precondition((options.top ?? 0) >= 0 && (options.top ?? 0) <= 10_000, "top out of bounds")
    precondition(expansionDepth(options) <= QueryOptions.maximumExpandDepth, "expand deeper than the limit")
    evaluate(options)
    return 0
}
