/// The SensorThings query options of one request or of one `$expand` entry.
public struct QueryOptions: Sendable, Hashable {
    public struct OrderTerm: Sendable, Hashable {
        public var expression: FilterExpression
        public var descending: Bool
    }

    public struct Expansion: Sendable, Hashable {
        /// `Datastreams`, or a path `Datastreams/Observations` (each step expanded in turn).
        public var path: [String]
        public var options: QueryOptions
        /// The options as written inside the parentheses, `name=value` each, for the expansion's next link.
        public var optionText: [String]

        public init(path: [String], options: QueryOptions, optionText: [String] = []) {
            self.path = path
            self.options = options
            self.optionText = optionText
        }
    }

    public var top: Int?
    public var skip = 0
    public var count = false
    public var select: [String]?
    public var orderBy: [OrderTerm] = []
    public var filter: FilterExpression?
    public var expand: [Expansion] = []
    /// `$resultFormat=dataArray`.
    public var dataArray = false

    public init() {}

    /// The largest `$skip`: far beyond any real page walk, and small enough that `skip + top` never overflows.
    public static let maximumSkip = 100_000_000
    /// How deep `$expand` may nest (`Things?$expand=Datastreams/Observations` is 2) and how many entries one
    /// request may expand in all: each level multiplies the entities rendered.
    public static let maximumExpandDepth = 4
    public static let maximumExpansions = 16
    /// `$orderby` terms.
    public static let maximumOrderTerms = 8

    /// Parses options given as name → value (names with their `$`); `maximumTop` bounds `$top`.
    public init(_ options: [(name: String, value: String)], maximumTop: Int) throws(QueryError) {
        var expansions = 0
        try self.init(options, maximumTop: maximumTop, depth: 0, expansions: &expansions)
    }

    private init(
        _ options: [(name: String, value: String)], maximumTop: Int, depth: Int, expansions: inout Int
    ) throws(QueryError) {
        for (name, value) in options {
            switch name {
            case "$top":
                guard let top = Int(value), top >= 0 else { throw QueryError("$top '\(value)' must be a whole number, 0 or more") }
                guard top <= maximumTop else {
                    throw QueryError("$top \(top) is above this server's maximum of \(maximumTop); page with @iot.nextLink")
                }
                self.top = top
            case "$skip":
                guard let skip = Int(value), skip >= 0 else { throw QueryError("$skip '\(value)' must be a whole number, 0 or more") }
                guard skip <= Self.maximumSkip else {
                    throw QueryError(
                        "$skip \(value) is above this server's maximum of \(Self.maximumSkip); narrow the request with a phenomenonTime filter",
                        code: "skip_too_large")
                }
                self.skip = skip
            case "$count":
                switch value.lowercased() {
                case "true": count = true
                case "false": count = false
                default: throw QueryError("$count '\(value)' must be true or false")
                }
            case "$select":
                let names = value.split(separator: ",").map { String($0).trimmingSpaces() }
                guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty }) else {
                    throw QueryError("$select '\(value)' must list property names separated by commas")
                }
                select = names
            case "$orderby":
                let terms = Self.splitTopLevel(value, separator: ",")
                guard terms.count <= Self.maximumOrderTerms else {
                    throw QueryError(
                        "$orderby has \(terms.count) terms; this server sorts by at most \(Self.maximumOrderTerms)", code: "orderby_too_long")
                }
                for term in terms {
                    var text = term.trimmingSpaces()
                    var descending = false
                    let lower = text.lowercased()
                    if lower.hasSuffix(" desc") {
                        descending = true
                        text = String(text.dropLast(5)).trimmingSpaces()
                    } else if lower.hasSuffix(" asc") {
                        text = String(text.dropLast(4)).trimmingSpaces()
                    }
                    guard !text.isEmpty else { throw QueryError("$orderby '\(value)' has an empty term") }
                    orderBy.append(OrderTerm(expression: try FilterParser.parse(text, option: "$orderby"), descending: descending))
                }
            case "$filter":
                filter = try FilterParser.parse(value)
            case "$expand":
                for entry in Self.splitTopLevel(value, separator: ",") {
                    let text = entry.trimmingSpaces()
                    var path = text
                    var nested: [(String, String)] = []
                    if let open = text.firstIndex(of: "(") {
                        guard text.hasSuffix(")") else { throw QueryError("$expand '\(text)': the options in parentheses are not closed") }
                        path = String(text[..<open])
                        let inner = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
                        for option in Self.splitTopLevel(inner, separator: ";") where !option.isEmpty {
                            guard let equals = option.firstIndex(of: "=") else {
                                throw QueryError("$expand '\(text)': '\(option)' is not name=value")
                            }
                            nested.append((String(option[..<equals]).trimmingSpaces(), String(option[option.index(after: equals)...])))
                        }
                    }
                    let steps = path.split(separator: "/").map(String.init)
                    guard !steps.isEmpty else { throw QueryError("$expand '\(value)' has an empty entry") }
                    expansions += 1
                    guard depth + steps.count <= Self.maximumExpandDepth, expansions <= Self.maximumExpansions else {
                        throw QueryError(
                            "$expand nests deeper than \(Self.maximumExpandDepth) levels or names more than \(Self.maximumExpansions) entries; follow the navigation links instead",
                            code: "expand_too_deep")
                    }
                    expand.append(
                        Expansion(
                            path: steps,
                            options: try QueryOptions(nested, maximumTop: maximumTop, depth: depth + steps.count, expansions: &expansions),
                            optionText: nested.map { $0.0 + "=" + $0.1 }))
                }
            case "$resultFormat":
                guard value == "dataArray" else { throw QueryError("$resultFormat '\(value)': only dataArray is offered") }
                dataArray = true
            default:
                throw QueryError(
                    "unknown query option '\(name)'; SensorThings 1.1 has $top, $skip, $count, $select, $orderby, $filter, $expand, $resultFormat")
            }
        }
    }

    /// Splits on `separator` outside parentheses and quotes.
    static func splitTopLevel(_ text: String, separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var quoted = false
        for c in text {
            if c == "'" { quoted.toggle() }
            if !quoted {
                if c == "(" { depth += 1 }
                if c == ")" { depth -= 1 }
                if c == separator, depth == 0 {
                    parts.append(current)
                    current = ""
                    continue
                }
            }
            current.append(c)
        }
        parts.append(current)
        return parts
    }
}

extension String {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }
}
