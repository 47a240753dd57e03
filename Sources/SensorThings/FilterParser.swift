import QingshanCore

/// Parses `$filter` text into a `FilterExpression` (OData 4.0 operators and precedence: or < and < not <
/// comparison < add/sub < mul/div/mod < unary minus).
public struct FilterParser {
    enum Token: Hashable {
        case word(String)
        case number(Double)
        case string(String)
        case time(Timestamp)
        case geography(Geometry)
        case open, close, comma, minus
    }

    /// Limits that keep one request's parse, and every later walk of its tree, small: the parser and the
    /// evaluator recurse, so nesting is bounded well below what a thread's stack holds, and the token count
    /// bounds the length of `a or b or …` chains (each walk of the tree recurses once per term).
    public static let maximumDepth = 32
    public static let maximumTokens = 1_000

    private var tokens: [(token: Token, offset: Int)]
    private var position = 0
    private var depth = 0
    /// `$filter` or `$orderby`: the option an error message names.
    private let option: String

    private init(tokens: [(token: Token, offset: Int)], option: String) {
        self.tokens = tokens
        self.option = option
    }

    public static func parse(_ text: String, option: String = "$filter") throws(QueryError) -> FilterExpression {
        let tokens: [(token: Token, offset: Int)]
        do {
            tokens = try tokenize(text)
        } catch {
            throw QueryError(option + error.message.dropFirst("$filter".count), code: error.code)
        }
        // Nesting is measured before anything else, so that the crash inputs of old (thousands of parentheses
        // or minus signs) are named for what they are, and before any tree is built.
        var nesting = 0
        var prefixRun = 0
        for (token, offset) in tokens {
            switch token {
            case .open: nesting += 1
            case .close: nesting -= 1
            default: break
            }
            let isPrefix = token == .minus || token == .word("not") || token == .word("NOT")
            prefixRun = isPrefix ? prefixRun + 1 : 0
            if nesting + prefixRun > maximumDepth {
                throw QueryError(
                    "\(option): nested more than \(maximumDepth) levels deep at character \(offset + 1); write the condition flatter",
                    code: "filter_too_deep")
            }
        }
        guard tokens.count <= maximumTokens else {
            throw QueryError(
                "\(option): \(tokens.count) terms and operators, more than the \(maximumTokens) this server reads; split the request",
                code: "filter_too_long")
        }
        var parser = FilterParser(tokens: tokens, option: option)
        let expression = try parser.orExpression()
        guard parser.position == parser.tokens.count else {
            throw parser.error(
                "unexpected '\(parser.describe(parser.tokens[parser.position].token))' at character \(parser.tokens[parser.position].offset + 1)")
        }
        return expression
    }

    private func error(_ message: String) -> QueryError {
        QueryError("\(option): \(message)")
    }

    /// Enters one level of nesting (parentheses, a function's arguments, `not`, unary minus).
    private mutating func descend(at offset: Int) throws(QueryError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw QueryError(
                "\(option): nested more than \(Self.maximumDepth) levels deep at character \(offset + 1); write the condition flatter",
                code: "filter_too_deep")
        }
    }

    private var offset: Int { position < tokens.count ? tokens[position].offset : (tokens.last?.offset ?? 0) }

    // MARK: Grammar

    private mutating func orExpression() throws(QueryError) -> FilterExpression {
        var left = try andExpression()
        while accept(word: "or") { left = .or(left, try andExpression()) }
        return left
    }

    private mutating func andExpression() throws(QueryError) -> FilterExpression {
        var left = try notExpression()
        while accept(word: "and") { left = .and(left, try notExpression()) }
        return left
    }

    private mutating func notExpression() throws(QueryError) -> FilterExpression {
        if accept(word: "not") {
            try descend(at: offset)
            defer { depth -= 1 }
            return .not(try notExpression())
        }
        return try comparison()
    }

    private mutating func comparison() throws(QueryError) -> FilterExpression {
        let left = try additive()
        if case .word(let word)? = peek, let op = FilterExpression.ComparisonOperator(rawValue: word.lowercased()) {
            position += 1
            return .comparison(op, left, try additive())
        }
        return left
    }

    private mutating func additive() throws(QueryError) -> FilterExpression {
        var left = try multiplicative()
        while case .word(let word)? = peek, let op = FilterExpression.ArithmeticOperator(rawValue: word.lowercased()), op == .add || op == .sub {
            position += 1
            left = .arithmetic(op, left, try multiplicative())
        }
        return left
    }

    private mutating func multiplicative() throws(QueryError) -> FilterExpression {
        var left = try unary()
        while case .word(let word)? = peek, let op = FilterExpression.ArithmeticOperator(rawValue: word.lowercased()),
            op == .mul || op == .div || op == .mod
        {
            position += 1
            left = .arithmetic(op, left, try unary())
        }
        return left
    }

    private mutating func unary() throws(QueryError) -> FilterExpression {
        if peek == .minus {
            position += 1
            try descend(at: offset)
            defer { depth -= 1 }
            // A negative number is a literal (so that `result eq -12345` can go to the database), not an operation.
            let operand = try unary()
            if case .literal(.number(let value)) = operand { return .literal(.number(-value)) }
            return .negate(operand)
        }
        return try primary()
    }

    private mutating func primary() throws(QueryError) -> FilterExpression {
        guard position < tokens.count else { throw error("the expression ends too early") }
        let (token, offset) = tokens[position]
        position += 1
        switch token {
        case .number(let value): return .literal(.number(value))
        case .string(let value): return .literal(.string(value))
        case .time(let value): return .literal(.time(value))
        case .geography(let value): return .literal(.geometry(value))
        case .open:
            try descend(at: offset)
            defer { depth -= 1 }
            let inner = try orExpression()
            guard accept(.close) else { throw error("missing ')' for the '(' at character \(offset + 1)") }
            return inner
        case .word(let word):
            switch word.lowercased() {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            default: break
            }
            if accept(.open) {
                try descend(at: offset)
                defer { depth -= 1 }
                let name = word.lowercased()
                guard FilterFunctions.arity[name] != nil else {
                    throw error("unknown function '\(word)' at character \(offset + 1)")
                }
                var arguments: [FilterExpression] = []
                if !accept(.close) {
                    repeat { arguments.append(try orExpression()) } while accept(.comma)
                    guard accept(.close) else { throw error("missing ')' after the arguments of \(word)") }
                }
                guard FilterFunctions.arity[name]!.contains(arguments.count) else {
                    throw error("\(word) takes \(FilterFunctions.describe(FilterFunctions.arity[name]!)) argument(s), not \(arguments.count)")
                }
                return .function(name, arguments)
            }
            guard word.first?.isLetter == true || word.first == "@" else {
                throw error("'\(word)' at character \(offset + 1) is not a value or a property")
            }
            return .property(word.split(separator: "/").map(String.init))
        default:
            throw error("unexpected '\(describe(token))' at character \(offset + 1)")
        }
    }

    // MARK: Tokens

    private var peek: Token? { position < tokens.count ? tokens[position].token : nil }

    private mutating func accept(_ token: Token) -> Bool {
        guard peek == token else { return false }
        position += 1
        return true
    }

    private mutating func accept(word: String) -> Bool {
        guard case .word(let found)? = peek, found.lowercased() == word else { return false }
        position += 1
        return true
    }

    private func describe(_ token: Token) -> String {
        switch token {
        case .word(let word): word
        case .number(let number): "\(number)"
        case .string(let string): "'\(string)'"
        case .time: "a time"
        case .geography: "a geography"
        case .open: "("
        case .close: ")"
        case .comma: ","
        case .minus: "-"
        }
    }

    static func tokenize(_ text: String) throws(QueryError) -> [(token: Token, offset: Int)] {
        let characters = Array(text)
        var tokens: [(Token, Int)] = []
        var index = 0
        func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "/" || c == "." || c == "@" }
        while index < characters.count {
            let c = characters[index]
            let start = index
            if c == " " || c == "\t" {
                index += 1
            } else if c == "(" {
                tokens.append((.open, start))
                index += 1
            } else if c == ")" {
                tokens.append((.close, start))
                index += 1
            } else if c == "," {
                tokens.append((.comma, start))
                index += 1
            } else if c == "-" {
                tokens.append((.minus, start))
                index += 1
            } else if c == "'" {
                var value = ""
                index += 1
                while true {
                    guard index < characters.count else { throw QueryError("$filter: the string starting at character \(start + 1) is not closed") }
                    if characters[index] == "'" {
                        if index + 1 < characters.count, characters[index + 1] == "'" {
                            value.append("'")
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    value.append(characters[index])
                    index += 1
                }
                tokens.append((.string(value), start))
            } else if c.isNumber {
                // A time (2016-01-01T00:00:00Z, with offset or fraction) or a number.
                var end = index
                while end < characters.count, characters[end].isNumber || "-:.TZ+eE".contains(characters[end]) { end += 1 }
                let text = String(characters[index..<end])
                if text.count >= 10, text.dropFirst(4).first == "-" {
                    guard text.contains("T") else {
                        throw QueryError("$filter: '\(text)' at character \(start + 1) needs a time of day (2016-01-01T00:00:00Z)")
                    }
                    do {
                        tokens.append((.time(try RFC3339.parse(text)), start))
                    } catch {
                        throw QueryError("$filter: '\(text)' at character \(start + 1) is not a time: \(error.description)")
                    }
                    index = end
                } else {
                    var numberEnd = index
                    while numberEnd < characters.count, characters[numberEnd].isNumber || characters[numberEnd] == "." { numberEnd += 1 }
                    if numberEnd < characters.count, "eE".contains(characters[numberEnd]) {
                        numberEnd += 1
                        if numberEnd < characters.count, "+-".contains(characters[numberEnd]) { numberEnd += 1 }
                        while numberEnd < characters.count, characters[numberEnd].isNumber { numberEnd += 1 }
                    }
                    let numberText = String(characters[index..<numberEnd])
                    guard let value = Double(numberText) else {
                        throw QueryError("$filter: '\(numberText)' at character \(start + 1) is not a number")
                    }
                    tokens.append((.number(value), start))
                    index = numberEnd
                }
            } else if isWordCharacter(c) {
                var end = index
                while end < characters.count, isWordCharacter(characters[end]) { end += 1 }
                let word = String(characters[index..<end])
                index = end
                // geography'POINT(…)' literals.
                if word.lowercased() == "geography", index < characters.count, characters[index] == "'" {
                    guard let close = characters[(index + 1)...].firstIndex(of: "'") else {
                        throw QueryError("$filter: the geography starting at character \(start + 1) is not closed")
                    }
                    let wkt = String(characters[(index + 1)..<close])
                    guard let geometry = Geometry(wkt: wkt) else {
                        throw QueryError("$filter: geography'\(wkt)' is not WKT this server reads (POINT, LINESTRING, POLYGON)")
                    }
                    tokens.append((.geography(geometry), start))
                    index = close + 1
                } else {
                    tokens.append((.word(word), start))
                }
            } else {
                throw QueryError("$filter: unexpected character '\(c)' at character \(start + 1)")
            }
        }
        return tokens
    }
}
