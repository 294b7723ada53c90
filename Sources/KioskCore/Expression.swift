import Foundation

// The content authors' condition language, used in flow scripts:
//
//     income <= config.legal_aid_income_threshold
//     sector in ["construction", "factory"]
//     "violence" in problems and not employed
//     (income * 12) / household > 20000
//
// It is parsed and type-checked when content is built and evaluated by the small interpreter
// below; it is never run as code. Grammar, lowest precedence first:
//
//     condition  := or
//     or         := and ("or" and)*
//     and        := not ("and" not)*
//     not        := "not" not | comparison
//     comparison := sum (compareOp sum | ("in" | "not" "in") (list | sum))?   -- not chainable
//     compareOp  := "==" | "!=" | "<" | "<=" | ">" | ">="
//     sum        := product (("+" | "-") product)*
//     product    := unary (("*" | "/") unary)*
//     unary      := "-" unary | primary
//     primary    := NUMBER | TEXT | "true" | "false" | NAME | "config." NAME | "(" or ")"
//     list       := "[" literal ("," literal)* ","? "]"
//     literal    := NUMBER | "-" NUMBER | TEXT | "true" | "false"
//
// NUMBER is ASCII digits with an optional fraction (`12`, `1500.5`); TEXT is in double or single
// quotes with the escapes \" \' \\ only; NAME is [A-Za-z_][A-Za-z0-9_]* and not a keyword
// (and or not in true false config).
//
// Note for other modules: Foundation also declares a type named `Expression`. A file that imports
// both Foundation and KioskCore must write `KioskCore.Expression` (or declare a module-local
// `typealias Expression = KioskCore.Expression`).

// MARK: - Values and types

/// The type of a script value.
public enum ScriptType: String, Hashable, Sendable, Codable, CustomStringConvertible {
    case number, bool, text
    /// The set of option ids picked on a multi-select question.
    case choices

    public var description: String {
        switch self {
        case .number: "number"
        case .bool: "true/false"
        case .text: "text"
        case .choices: "a set of choices"
        }
    }

    /// "a number", "true/false", "text", "a set of choices": for "'x' is …" messages.
    var withArticle: String { self == .number ? "a number" : description }
}

public enum ScriptValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case number(Double), bool(Bool), text(String), choices(Set<String>)

    public var type: ScriptType {
        switch self {
        case .number: .number
        case .bool: .bool
        case .text: .text
        case .choices: .choices
        }
    }

    /// Written the way the condition language writes literals: `12`, `true`, `"abc"`, `["a", "b"]` (sorted).
    public var description: String {
        switch self {
        case .number(let n): formatNumber(n)
        case .bool(let b): b ? "true" : "false"
        case .text(let s): quoteText(s)
        case .choices(let c): "[" + c.sorted().map(quoteText).joined(separator: ", ") + "]"
        }
    }
}

/// Something an expression reads: an interview variable or a kiosk configuration value.
public enum Reference: Hashable, Sendable, Codable, CustomStringConvertible {
    case variable(String), config(String)

    /// `income` / `config.hotline`
    public var description: String {
        switch self {
        case .variable(let name): name
        case .config(let name): "config." + name
        }
    }
}

/// What the type checker knows about a reference: its type and, for a single-choice or multi-select answer,
/// the option ids it can hold.
public struct ReferenceInfo: Hashable, Sendable {
    public var type: ScriptType
    public var options: [String]?

    public init(type: ScriptType, options: [String]? = nil) {
        self.type = type
        self.options = options
    }
}

public struct ExpressionError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// 0-based offset in characters (Character count) into the expression's source where the problem is.
    public var offset: Int

    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { message }
}

// MARK: - Syntax tree

/// A parsed condition. Every node keeps the character offset of its token in the source (for a binary
/// operation, the offset of the operator) so the type checker and evaluator can say where a problem is.
public indirect enum Expression: Hashable, Sendable, Codable, CustomStringConvertible {
    case number(Double, offset: Int)
    case text(String, offset: Int)
    case bool(Bool, offset: Int)
    case reference(Reference, offset: Int)
    /// A written-out list of literals; only valid as the right side of `in` / `not in`.
    case list([Expression], offset: Int)
    case unary(UnaryOperator, Expression, offset: Int)
    case binary(BinaryOperator, Expression, Expression, offset: Int)

    public enum UnaryOperator: String, Hashable, Sendable, Codable {
        case not
        case negate = "-"
    }

    public enum BinaryOperator: String, Hashable, Sendable, Codable, CaseIterable {
        case or, and
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case `in`, notIn = "not in"
        case add = "+", subtract = "-", multiply = "*", divide = "/"

        var precedence: Int {
            switch self {
            case .or: 1
            case .and: 2
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in, .notIn: 4
            case .add, .subtract: 5
            case .multiply, .divide: 6
            }
        }
    }

    /// The offset of this node's own token (a binary operation's operator).
    public var offset: Int {
        switch self {
        case .number(_, let o), .text(_, let o), .bool(_, let o), .reference(_, let o), .list(_, let o),
             .unary(_, _, let o), .binary(_, _, _, let o):
            o
        }
    }

    /// The offset where this sub-expression's text starts (its leftmost token).
    public var startOffset: Int {
        var node = self
        while case .binary(_, let left, _, _) = node { node = left }
        return node.offset
    }

    // MARK: Canonical rendering

    public var description: String {
        var out = ""
        render(into: &out)
        return out
    }

    /// not = 3, unary minus = 7, primaries = 8; binary operators use their precedence.
    private var level: Int {
        switch self {
        case .number(let n, _): n.sign == .minus ? 7 : 8
        case .unary(.not, _, _): 3
        case .unary(.negate, _, _): 7
        case .binary(let op, _, _, _): op.precedence
        case .text, .bool, .reference, .list: 8
        }
    }

    private func render(into out: inout String) {
        switch self {
        case .number(let n, _):
            out += formatNumber(n)
        case .text(let s, _):
            out += quoteText(s)
        case .bool(let b, _):
            out += b ? "true" : "false"
        case .reference(let r, _):
            out += r.description
        case .list(let items, _):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                item.render(into: &out)
            }
            out += "]"
        case .unary(.not, let x, _):
            out += "not "
            x.renderChild(into: &out, parenthesise: x.level < 3)
        case .unary(.negate, let x, _):
            out += "-"
            // A non-negative literal after '-' is parenthesised, or it would re-parse as a negative literal.
            var literal = false
            if case .number(let n, _) = x, n.sign == .plus { literal = true }
            x.renderChild(into: &out, parenthesise: literal || x.level < 7)
        case .binary(let op, let l, let r, _):
            let p = op.precedence
            l.renderChild(into: &out, parenthesise: l.level < p || (p == 4 && l.level == 4))
            out += " " + op.rawValue + " "
            r.renderChild(into: &out, parenthesise: r.level <= p)
        }
    }

    private func renderChild(into out: inout String, parenthesise: Bool) {
        if parenthesise { out += "(" }
        render(into: &out)
        if parenthesise { out += ")" }
    }

    /// How messages name a sub-expression: a text literal by its content, anything else by its rendering.
    fileprivate var quoted: String {
        if case .text(let s, _) = self { return "'" + s + "'" }
        return "'" + description + "'"
    }
}

// MARK: - Public operations

extension Expression {
    public static func parse(_ source: String) throws(ExpressionError) -> Expression {
        let chars = Array(source)
        let tokens = try lex(chars)
        if tokens.count == 1 { throw ExpressionError("the condition is empty", offset: 0) }
        var parser = Parser(chars: chars, tokens: tokens)
        let expression = try parser.parseOr()
        let t = parser.token
        if t.kind != .end {
            if t.kind == .rparen {
                throw ExpressionError("this ')' has no matching '('", offset: t.start)
            }
            throw ExpressionError(
                "expected 'and', 'or' or another operator before '\(parser.text(t))'", offset: t.start)
        }
        return expression
    }

    /// Every reference read, in first-seen order, with the offset of its first occurrence.
    public var references: [(reference: Reference, offset: Int)] {
        var out: [(reference: Reference, offset: Int)] = []
        var seen = Set<Reference>()
        forEachNode { node in
            if case .reference(let r, let o) = node, seen.insert(r).inserted { out.append((r, o)) }
        }
        return out
    }

    /// Numbers written in the expression (literals, a leading '-' included), in order, each once;
    /// for picking example values on each side of a threshold.
    public var numberLiterals: [Double] {
        var out: [Double] = []
        forEachNode { node in
            if case .number(let n, _) = node, !out.contains(n) { out.append(n) }
        }
        return out
    }

    /// Infers the expression's type; throws at the offending sub-expression's offset.
    public func typeCheck(_ lookup: (Reference) -> ReferenceInfo?) throws(ExpressionError) -> ScriptType {
        try Checker.type(of: self, lookup)
    }

    public func evaluate(_ lookup: (Reference) -> ScriptValue?) throws(ExpressionError) -> ScriptValue {
        try Evaluator.value(of: self, lookup)
    }

    /// Pre-order, left to right: source order.
    private func forEachNode(_ body: (Expression) -> Void) {
        body(self)
        switch self {
        case .number, .text, .bool, .reference: break
        case .list(let items, _): for item in items { item.forEachNode(body) }
        case .unary(_, let x, _): x.forEachNode(body)
        case .binary(_, let l, let r, _):
            l.forEachNode(body)
            r.forEachNode(body)
        }
    }
}

// MARK: - Lexer

private enum TokenKind: Equatable {
    case number, text, name, config
    case and, or, not, `in`, `true`, `false`
    case eq, ne, lt, le, gt, ge, plus, minus, star, slash
    case lparen, rparen, lbracket, rbracket, comma
    case end
}

private struct Token {
    var kind: TokenKind
    var start: Int
    var end: Int
    var number: Double = 0
    /// A text literal's content, or a name (without `config.`).
    var string: String = ""
}

private let maximumTokens = 1000
private let maximumNesting = 64

@inline(__always) private func isDigit(_ c: Character) -> Bool {
    guard let a = c.asciiValue, c != "\r\n" else { return false }
    return a >= 48 && a <= 57
}

@inline(__always) private func isNameStart(_ c: Character) -> Bool {
    guard let a = c.asciiValue, c != "\r\n" else { return false }
    return (a >= 65 && a <= 90) || (a >= 97 && a <= 122) || a == 95
}

@inline(__always) private func isNameChar(_ c: Character) -> Bool {
    isNameStart(c) || isDigit(c)
}

private func lex(_ chars: [Character]) throws(ExpressionError) -> [Token] {
    var tokens: [Token] = []
    let n = chars.count
    var i = 0
    func peek(_ k: Int) -> Character? { k < n ? chars[k] : nil }

    while i < n {
        let c = chars[i]
        if c.isWhitespace {
            i += 1
            continue
        }
        if tokens.count >= maximumTokens {
            throw ExpressionError("the condition is too long; split it into simpler steps", offset: i)
        }
        let start = i

        if isDigit(c) {
            var j = i
            while j < n, isDigit(chars[j]) { j += 1 }
            if j < n, chars[j] == "." {
                guard let d = peek(j + 1), isDigit(d) else {
                    throw ExpressionError("a number cannot end with '.'; write 1500 or 1500.5", offset: j)
                }
                j += 1
                while j < n, isDigit(chars[j]) { j += 1 }
            }
            if j < n, isNameChar(chars[j]) || chars[j] == "." {
                var k = j
                while k < n, isNameChar(chars[k]) || chars[k] == "." { k += 1 }
                throw ExpressionError(
                    "'\(String(chars[i..<k]))' is not a number or a name; names start with a letter or _",
                    offset: i)
            }
            let literal = String(chars[i..<j])
            guard let value = Double(literal) else {
                throw ExpressionError("'\(literal)' is not a number", offset: i)
            }
            tokens.append(Token(kind: .number, start: start, end: j, number: value))
            i = j
            continue
        }

        if isNameStart(c) {
            var j = i + 1
            while j < n, isNameChar(chars[j]) { j += 1 }
            let word = String(chars[i..<j])
            let kind: TokenKind
            switch word {
            case "and": kind = .and
            case "or": kind = .or
            case "not": kind = .not
            case "in": kind = .in
            case "true": kind = .true
            case "false": kind = .false
            case "config":
                guard peek(j) == ".", let first = peek(j + 1), isNameStart(first) else {
                    throw ExpressionError(
                        "'config' is followed by a dot and a name, as in config.hotline; it cannot be a variable name",
                        offset: i)
                }
                var k = j + 2
                while k < n, isNameChar(chars[k]) { k += 1 }
                tokens.append(Token(kind: .config, start: start, end: k, string: String(chars[(j + 1)..<k])))
                i = k
                continue
            default: kind = .name
            }
            tokens.append(Token(kind: kind, start: start, end: j, string: kind == .name ? word : ""))
            i = j
            continue
        }

        if c == "\"" || c == "'" {
            var j = i + 1
            var content = ""
            var closed = false
            while j < n {
                let d = chars[j]
                if d == c {
                    closed = true
                    j += 1
                    break
                }
                if d == "\\" {
                    guard let e = peek(j + 1) else { break }
                    guard e == "\"" || e == "'" || e == "\\" else {
                        throw ExpressionError(
                            "unknown escape '\\\(e)' in text; only \\\", \\' and \\\\ are allowed", offset: j)
                    }
                    content.append(e)
                    j += 2
                    continue
                }
                content.append(d)
                j += 1
            }
            guard closed else {
                throw ExpressionError("this text has no closing \(c)", offset: i)
            }
            tokens.append(Token(kind: .text, start: start, end: j, string: content))
            i = j
            continue
        }

        let next = peek(i + 1)
        var kind: TokenKind
        var length = 1
        switch c {
        case "=":
            if next == "=" {
                kind = .eq
                length = 2
            } else if next == "<" || next == ">" {
                throw ExpressionError("write '\(next!)=' instead of '=\(next!)'", offset: i)
            } else {
                throw ExpressionError("use '==' to compare", offset: i)
            }
        case "!":
            guard next == "=" else { throw ExpressionError("write 'not' instead of '!'", offset: i) }
            kind = .ne
            length = 2
        case "<":
            if next == "=" { kind = .le; length = 2 } else { kind = .lt }
        case ">":
            if next == "=" { kind = .ge; length = 2 } else { kind = .gt }
        case "&":
            throw ExpressionError("write 'and' instead of '\(next == "&" ? "&&" : "&")'", offset: i)
        case "|":
            throw ExpressionError("write 'or' instead of '\(next == "|" ? "||" : "|")'", offset: i)
        case "+": kind = .plus
        case "-": kind = .minus
        case "*": kind = .star
        case "/": kind = .slash
        case "(": kind = .lparen
        case ")": kind = .rparen
        case "[": kind = .lbracket
        case "]": kind = .rbracket
        case ",": kind = .comma
        case "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "\u{201E}", "\u{300C}", "\u{300D}", "\u{FF02}",
             "\u{FF07}":
            throw ExpressionError("put text in straight quotes \" or ', not \(c)", offset: i)
        case ".":
            throw ExpressionError(
                "unexpected '.'; only config values are written with a dot, as in config.hotline", offset: i)
        default:
            if c.isLetter || c.isNumber {
                throw ExpressionError(
                    "'\(c)' cannot be used in a name; names use the letters A-Z and a-z, digits and _",
                    offset: i)
            }
            throw ExpressionError("unexpected character '\(c)'", offset: i)
        }
        tokens.append(Token(kind: kind, start: start, end: i + length))
        i += length
    }
    tokens.append(Token(kind: .end, start: n, end: n))
    return tokens
}

// MARK: - Parser

private struct Parser {
    let chars: [Character]
    let tokens: [Token]
    var position = 0
    var depth = 0

    init(chars: [Character], tokens: [Token]) {
        self.chars = chars
        self.tokens = tokens
    }

    var token: Token { tokens[position] }
    var following: Token { tokens[min(position + 1, tokens.count - 1)] }

    func text(_ t: Token) -> String {
        t.kind == .end ? "the end" : String(chars[t.start..<t.end])
    }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return t
    }

    mutating func enter(_ at: Int) throws(ExpressionError) {
        depth += 1
        if depth > maximumNesting {
            throw ExpressionError("the condition is nested too deeply", offset: at)
        }
    }

    mutating func parseOr() throws(ExpressionError) -> Expression {
        var left = try parseAnd()
        while token.kind == .or {
            let op = advance()
            let right = try parseAnd()
            left = .binary(.or, left, right, offset: op.start)
        }
        return left
    }

    mutating func parseAnd() throws(ExpressionError) -> Expression {
        var left = try parseNot()
        while token.kind == .and {
            let op = advance()
            let right = try parseNot()
            left = .binary(.and, left, right, offset: op.start)
        }
        return left
    }

    mutating func parseNot() throws(ExpressionError) -> Expression {
        guard token.kind == .not else { return try parseComparison() }
        let op = advance()
        try enter(op.start)
        let operand = try parseNot()
        depth -= 1
        return .unary(.not, operand, offset: op.start)
    }

    /// Consumes a comparison or membership operator if one is next.
    mutating func comparisonOperator() throws(ExpressionError) -> (Expression.BinaryOperator, Int)? {
        let t = token
        let op: Expression.BinaryOperator
        switch t.kind {
        case .eq: op = .equal
        case .ne: op = .notEqual
        case .lt: op = .less
        case .le: op = .lessOrEqual
        case .gt: op = .greater
        case .ge: op = .greaterOrEqual
        case .in: op = .in
        case .not:
            guard following.kind == .in else {
                throw ExpressionError(
                    "expected 'in' after 'not' here, as in x not in [\"a\", \"b\"]; to negate, put 'not' first",
                    offset: following.start)
            }
            advance()
            op = .notIn
        default: return nil
        }
        advance()
        return (op, t.start)
    }

    mutating func parseComparison() throws(ExpressionError) -> Expression {
        let left = try parseSum()
        guard let (op, at) = try comparisonOperator() else { return left }
        let right: Expression
        if (op == .in || op == .notIn) && token.kind == .lbracket {
            right = try parseList()
        } else {
            right = try parseSum()
        }
        let t = token
        switch t.kind {
        case .eq, .ne, .lt, .le, .gt, .ge, .in:
            throw chained(t)
        case .not where following.kind == .in:
            throw chained(t)
        default:
            return .binary(op, left, right, offset: at)
        }
    }

    func chained(_ t: Token) -> ExpressionError {
        ExpressionError(
            "comparisons cannot be chained; join them with 'and', as in a < b and b < c", offset: t.start)
    }

    mutating func parseSum() throws(ExpressionError) -> Expression {
        var left = try parseProduct()
        while token.kind == .plus || token.kind == .minus {
            let op = advance()
            let right = try parseProduct()
            left = .binary(op.kind == .plus ? .add : .subtract, left, right, offset: op.start)
        }
        return left
    }

    mutating func parseProduct() throws(ExpressionError) -> Expression {
        var left = try parseUnary()
        while token.kind == .star || token.kind == .slash {
            let op = advance()
            let right = try parseUnary()
            left = .binary(op.kind == .star ? .multiply : .divide, left, right, offset: op.start)
        }
        return left
    }

    mutating func parseUnary() throws(ExpressionError) -> Expression {
        guard token.kind == .minus else { return try parsePrimary() }
        let op = advance()
        if token.kind == .number {
            // A written negative number is a literal (so it counts among numberLiterals).
            let t = advance()
            return .number(-t.number, offset: op.start)
        }
        try enter(op.start)
        let operand = try parseUnary()
        depth -= 1
        return .unary(.negate, operand, offset: op.start)
    }

    mutating func parsePrimary() throws(ExpressionError) -> Expression {
        let t = token
        switch t.kind {
        case .number:
            advance()
            return .number(t.number, offset: t.start)
        case .text:
            advance()
            return .text(t.string, offset: t.start)
        case .true, .false:
            advance()
            return .bool(t.kind == .true, offset: t.start)
        case .name:
            advance()
            return .reference(.variable(t.string), offset: t.start)
        case .config:
            advance()
            return .reference(.config(t.string), offset: t.start)
        case .lparen:
            advance()
            try enter(t.start)
            let inner = try parseOr()
            guard token.kind == .rparen else {
                if token.kind == .end {
                    throw ExpressionError("this '(' is never closed", offset: t.start)
                }
                throw ExpressionError(
                    "expected ')' or an operator, but found '\(text(token))'", offset: token.start)
            }
            advance()
            depth -= 1
            return inner
        case .lbracket:
            throw ExpressionError(
                "a list [...] can only follow 'in' or 'not in', as in sector in [\"a\", \"b\"]", offset: t.start)
        default:
            throw valueExpected()
        }
    }

    func valueExpected() -> ExpressionError {
        let t = token
        var message = "expected a value"
        if position > 0 { message += " after '\(text(tokens[position - 1]))'" }
        if t.kind != .end { message += ", but found '\(text(t))'" }
        if t.kind == .not { message += "; put 'not …' in parentheses here" }
        return ExpressionError(message, offset: t.start)
    }

    mutating func parseList() throws(ExpressionError) -> Expression {
        let open = advance()
        if token.kind == .rbracket {
            throw ExpressionError("an empty list [] can never match; list at least one value", offset: open.start)
        }
        var items: [Expression] = []
        while true {
            let t = token
            switch t.kind {
            case .number:
                advance()
                items.append(.number(t.number, offset: t.start))
            case .minus where following.kind == .number:
                advance()
                let number = advance()
                items.append(.number(-number.number, offset: t.start))
            case .text:
                advance()
                items.append(.text(t.string, offset: t.start))
            case .true, .false:
                advance()
                items.append(.bool(t.kind == .true, offset: t.start))
            case .end:
                throw ExpressionError("this list has no closing ']'", offset: open.start)
            default:
                throw ExpressionError(
                    "list items must be written out as text in quotes or numbers, but found '\(text(t))'",
                    offset: t.start)
            }
            switch token.kind {
            case .comma:
                advance()
                if token.kind == .rbracket {
                    advance()
                    return .list(items, offset: open.start)
                }
            case .rbracket:
                advance()
                return .list(items, offset: open.start)
            case .end:
                throw ExpressionError("this list has no closing ']'", offset: open.start)
            default:
                throw ExpressionError(
                    "expected ',' or ']' in the list, but found '\(text(token))'", offset: token.start)
            }
        }
    }
}

// MARK: - Type checker

private enum Checker {
    typealias Lookup = (Reference) -> ReferenceInfo?

    static func type(of e: Expression, _ lookup: Lookup) throws(ExpressionError) -> ScriptType {
        switch e {
        case .number: return .number
        case .text: return .text
        case .bool: return .bool
        case .reference(let r, let at):
            guard let info = lookup(r) else { throw unknown(r, at) }
            return info.type
        case .list(_, let at):
            throw ExpressionError(
                "a list [...] can only follow 'in' or 'not in', as in sector in [\"a\", \"b\"]", offset: at)
        case .unary(.not, let x, _):
            let t = try type(of: x, lookup)
            guard t == .bool else {
                throw ExpressionError("'not' needs true/false, but \(x.quoted) is \(t.withArticle)", offset: x.startOffset)
            }
            return .bool
        case .unary(.negate, let x, _):
            let t = try type(of: x, lookup)
            guard t == .number else {
                throw ExpressionError("'-' needs a number, but \(x.quoted) is \(t.withArticle)", offset: x.startOffset)
            }
            return .number
        case .binary(let op, let l, let r, let at):
            switch op {
            case .and, .or:
                for side in [l, r] {
                    let t = try type(of: side, lookup)
                    guard t == .bool else {
                        throw ExpressionError(
                            "'\(op.rawValue)' needs true/false on both sides, but \(side.quoted) is \(t.withArticle)",
                            offset: side.startOffset)
                    }
                }
                return .bool
            case .add, .subtract, .multiply, .divide:
                if op == .subtract, case .reference(let a, let aAt) = l, case .reference(.variable(let b), let bAt) = r,
                   aAt + a.description.count == at, bAt == at + 1 {
                    // `q-sector`: probably meant as one name.
                    do throws(ExpressionError) {
                        return try arithmetic(op, l, r, lookup)
                    } catch {
                        throw ExpressionError(
                            "'\(a)-\(b)' reads as \(a) minus \(b): names use letters, digits and _, and '-' means subtraction (\(error.message))",
                            offset: aAt)
                    }
                }
                return try arithmetic(op, l, r, lookup)
            case .equal, .notEqual:
                let lt = try type(of: l, lookup)
                let rt = try type(of: r, lookup)
                if lt == .choices || rt == .choices {
                    let (set, other) = lt == .choices ? (l, r) : (r, l)
                    let example = if case .text = other { other.description } else { "\"…\"" }
                    throw ExpressionError(
                        "\(set.quoted) is a set of choices and cannot be compared with \(op.rawValue); write \(example) in \(set) to test one choice",
                        offset: set.startOffset)
                }
                guard lt == rt else {
                    throw ExpressionError(
                        "\(l.quoted) is \(lt.withArticle) but \(r.quoted) is \(rt.withArticle)", offset: r.startOffset)
                }
                try checkOption(l, against: r, lookup)
                try checkOption(r, against: l, lookup)
                return .bool
            case .less, .lessOrEqual, .greater, .greaterOrEqual:
                for side in [l, r] {
                    let t = try type(of: side, lookup)
                    guard t == .number else {
                        throw ExpressionError(
                            "cannot compare \(t) with \(op.rawValue); only numbers are ordered", offset: side.startOffset)
                    }
                }
                return .bool
            case .in, .notIn:
                if case .list(let items, let listAt) = r {
                    try membershipInList(l, items, listAt, lookup)
                } else {
                    try membershipInChoices(l, r, lookup)
                }
                return .bool
            }
        }
    }

    static func arithmetic(
        _ op: Expression.BinaryOperator, _ l: Expression, _ r: Expression, _ lookup: Lookup
    ) throws(ExpressionError) -> ScriptType {
        for side in [l, r] {
            let t = try type(of: side, lookup)
            guard t == .number else {
                throw ExpressionError(
                    "'\(op.rawValue)' needs numbers, but \(side.quoted) is \(t.withArticle)", offset: side.startOffset)
            }
        }
        return .number
    }

    static func membershipInList(
        _ l: Expression, _ items: [Expression], _ listAt: Int, _ lookup: Lookup
    ) throws(ExpressionError) {
        let lt = try type(of: l, lookup)
        guard !items.isEmpty else {
            throw ExpressionError("an empty list [] can never match; list at least one value", offset: listAt)
        }
        var itemType: ScriptType?
        for item in items {
            let t: ScriptType
            switch item {
            case .number: t = .number
            case .text: t = .text
            case .bool:
                throw ExpressionError("a list can hold text or numbers, not true/false", offset: item.offset)
            default:
                throw ExpressionError(
                    "list items must be written out as text in quotes or numbers", offset: item.startOffset)
            }
            if let itemType, itemType != t {
                throw ExpressionError(
                    "\(item.quoted) is \(t.withArticle) but the list's first item is \(itemType.withArticle)",
                    offset: item.offset)
            }
            itemType = t
        }
        guard let itemType else { return }
        if lt == .choices {
            throw ExpressionError(
                "\(l.quoted) is a set of choices, not one value; test one choice with \"…\" in \(l)",
                offset: l.startOffset)
        }
        guard lt == itemType else {
            throw ExpressionError(
                "\(l.quoted) is \(lt.withArticle) but the list holds \(itemType.withArticle)", offset: l.startOffset)
        }
        for item in items { try checkOption(item, against: l, lookup) }
    }

    static func membershipInChoices(_ l: Expression, _ r: Expression, _ lookup: Lookup) throws(ExpressionError) {
        let lt = try type(of: l, lookup)
        let rt = try type(of: r, lookup)
        if rt == .text {
            throw ExpressionError(
                "'in' does not search inside text: \(r.quoted) is text; compare with == or list the values, as in x in [\"a\", \"b\"]",
                offset: r.startOffset)
        }
        guard rt == .choices else {
            throw ExpressionError(
                "'in' needs a list [...] or a set of choices on its right, but \(r.quoted) is \(rt.withArticle)",
                offset: r.startOffset)
        }
        guard lt == .text else {
            throw ExpressionError(
                "\(l.quoted) is \(lt.withArticle) but the choices in \(r.quoted) are text", offset: l.startOffset)
        }
        try checkOption(l, against: r, lookup)
    }

    /// A text literal compared with (or tested for membership in) a reference that has options must be one of them.
    static func checkOption(_ literal: Expression, against other: Expression, _ lookup: Lookup) throws(ExpressionError) {
        guard case .text(let value, let at) = literal, case .reference(let ref, _) = other,
              let options = lookup(ref)?.options, !options.contains(value)
        else { return }
        let list = options.isEmpty ? "(it has none)" : options.joined(separator: ", ")
        throw ExpressionError("'\(value)' is not one of \(ref)'s options: \(list)", offset: at)
    }

    static func unknown(_ r: Reference, _ at: Int) -> ExpressionError {
        switch r {
        case .variable(let name):
            var message = "nothing sets a variable named '\(name)'"
            let lower = name.lowercased()
            if ["and", "or", "not", "in", "true", "false"].contains(lower) {
                message += "; write '\(lower)' in lower case"
            }
            return ExpressionError(message, offset: at)
        case .config:
            return ExpressionError("no config value named '\(r)'", offset: at)
        }
    }
}

// MARK: - Evaluator

private enum Evaluator {
    typealias Lookup = (Reference) -> ScriptValue?

    static func value(of e: Expression, _ lookup: Lookup) throws(ExpressionError) -> ScriptValue {
        switch e {
        case .number(let n, _): return .number(n)
        case .text(let s, _): return .text(s)
        case .bool(let b, _): return .bool(b)
        case .reference(let r, let at):
            guard let v = lookup(r) else { throw ExpressionError("'\(r)' has no value yet", offset: at) }
            return v
        case .list(_, let at):
            throw ExpressionError("a list [...] can only follow 'in' or 'not in'", offset: at)
        case .unary(.not, let x, _):
            return .bool(!(try bool(x, lookup)))
        case .unary(.negate, let x, _):
            return .number(-(try number(x, lookup)))
        case .binary(let op, let l, let r, let at):
            switch op {
            case .and:
                guard try bool(l, lookup) else { return .bool(false) }
                return .bool(try bool(r, lookup))
            case .or:
                if try bool(l, lookup) { return .bool(true) }
                return .bool(try bool(r, lookup))
            case .add: return .number(try number(l, lookup) + number(r, lookup))
            case .subtract: return .number(try number(l, lookup) - number(r, lookup))
            case .multiply: return .number(try number(l, lookup) * number(r, lookup))
            case .divide:
                let a = try number(l, lookup)
                let b = try number(r, lookup)
                guard b != 0 else { throw ExpressionError("division by zero", offset: at) }
                return .number(a / b)
            case .equal: return .bool(try equal(l, r, at, lookup))
            case .notEqual: return .bool(!(try equal(l, r, at, lookup)))
            case .less: return .bool(try number(l, lookup) < number(r, lookup))
            case .lessOrEqual: return .bool(try number(l, lookup) <= number(r, lookup))
            case .greater: return .bool(try number(l, lookup) > number(r, lookup))
            case .greaterOrEqual: return .bool(try number(l, lookup) >= number(r, lookup))
            case .in: return .bool(try contains(l, r, at, lookup))
            case .notIn: return .bool(!(try contains(l, r, at, lookup)))
            }
        }
    }

    static func bool(_ e: Expression, _ lookup: Lookup) throws(ExpressionError) -> Bool {
        let v = try value(of: e, lookup)
        guard case .bool(let b) = v else { throw mismatch(e, v, .bool) }
        return b
    }

    static func number(_ e: Expression, _ lookup: Lookup) throws(ExpressionError) -> Double {
        if case .number(let n, _) = e { return n }
        let v = try value(of: e, lookup)
        guard case .number(let n) = v else { throw mismatch(e, v, .number) }
        return n
    }

    static func equal(_ l: Expression, _ r: Expression, _ at: Int, _ lookup: Lookup) throws(ExpressionError) -> Bool {
        let a = try value(of: l, lookup)
        let b = try value(of: r, lookup)
        switch (a, b) {
        case (.number(let x), .number(let y)): return x == y
        case (.text(let x), .text(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        default:
            throw ExpressionError("cannot compare \(a.type) with \(b.type) using ==", offset: at)
        }
    }

    static func contains(_ l: Expression, _ r: Expression, _ at: Int, _ lookup: Lookup) throws(ExpressionError) -> Bool {
        let needle = try value(of: l, lookup)
        if case .list(let items, _) = r {
            for item in items {
                switch (needle, item) {
                case (.number(let x), .number(let y, _)): if x == y { return true }
                case (.text(let x), .text(let y, _)): if x == y { return true }
                case (.bool(let x), .bool(let y, _)): if x == y { return true }
                default:
                    throw ExpressionError("\(l.quoted) is \(needle.type.withArticle) but the list holds other values", offset: l.startOffset)
                }
            }
            return false
        }
        let haystack = try value(of: r, lookup)
        guard case .choices(let set) = haystack else { throw mismatch(r, haystack, .choices) }
        guard case .text(let id) = needle else { throw mismatch(l, needle, .text) }
        return set.contains(id)
    }

    static func mismatch(_ e: Expression, _ v: ScriptValue, _ expected: ScriptType) -> ExpressionError {
        ExpressionError(
            "\(e.quoted) should be \(expected.withArticle) but is \(v.type.withArticle)", offset: e.startOffset)
    }
}

// MARK: - Literal formatting

/// `12`, `1500.5`, `0.00001`: never an exponent, so the result re-parses.
private func formatNumber(_ n: Double) -> String {
    guard n.isFinite else { return n.isNaN ? "nan" : (n < 0 ? "-inf" : "inf") }
    if n.sign == .minus && n != 0 { return "-" + formatNumber(-n) }
    if n == n.rounded(), n < 1e15 { return String(Int64(n)) }
    let shortest = "\(n)"
    guard let e = shortest.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return shortest }
    let mantissa = shortest[..<e]
    guard let exponent = Int(shortest[shortest.index(after: e)...]) else { return shortest }
    let digits = mantissa.filter { $0 != "." }
    let point = (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) }
        ?? mantissa.count) + exponent
    if point <= 0 { return "0." + String(repeating: "0", count: -point) + digits }
    if point >= digits.count { return digits + String(repeating: "0", count: point - digits.count) }
    let split = digits.index(digits.startIndex, offsetBy: point)
    return String(digits[..<split]) + "." + String(digits[split...])
}

private func quoteText(_ s: String) -> String {
    var out = "\""
    for c in s {
        if c == "\"" || c == "\\" { out.append("\\") }
        out.append(c)
    }
    out.append("\"")
    return out
}
