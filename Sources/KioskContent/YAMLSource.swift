import Foundation
import KioskCore
import Yams

/// A YAML node with the file it came from, so every complaint about it names file, line and column.
struct YAMLValue {
    let node: Yams.Node
    let file: String
    /// Dotted path of the field, for messages ("center.url").
    let path: String

    var location: SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    func error(_ message: String) -> AuthoringError {
        AuthoringError(location, field: path.isEmpty ? nil : path, message)
    }

    static let resolver = Resolver.default.removing(.timestamp).removing(.merge).removing(.value)

    static func parse(_ text: String, file: String) throws(AuthoringError) -> YAMLValue {
        do {
            // The scalar types content uses, without the timestamp, merge and value rules: resolving a tag runs
            // each rule's pattern, and Yams resolves every mapping key's tag to look for duplicate keys.
            guard let node = try Yams.compose(yaml: text, Self.resolver) else {
                throw AuthoringError(SourceLocation(file: file, line: 1, column: 1), "the file is empty")
            }
            return YAMLValue(node: node, file: file, path: "")
        } catch let error as AuthoringError {
            throw error
        } catch let error as YamlError {
            throw AuthoringError(Self.location(of: error, file: file), "not valid YAML: \(Self.problem(of: error))")
        } catch {
            throw AuthoringError(SourceLocation(file: file, line: 1, column: 1), "not valid YAML: \(error)")
        }
    }

    static func load(path: String) throws(AuthoringError) -> YAMLValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AuthoringError(SourceLocation(file: path, line: 1, column: 1), "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AuthoringError(SourceLocation(file: path, line: 1, column: 1), "the file is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    private static func location(of error: YamlError, file: String) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceLocation(file: file, line: mark.line, column: mark.column)
        default:
            return SourceLocation(file: file, line: 1, column: 1)
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
             .composer(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicated keys: \(duplicates.joined(separator: ", "))"
        default:
            return String(describing: error)
        }
    }

    // MARK: - Reading fields

    func mapping() throws(AuthoringError) -> [(key: String, value: YAMLValue)] {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping of keys to values") }
        var result: [(String, YAMLValue)] = []
        for (key, value) in mapping {
            guard let name = key.string else {
                throw YAMLValue(node: key, file: file, path: path).error("keys must be plain text")
            }
            result.append((name, YAMLValue(node: value, file: file, path: path.isEmpty ? name : path + "." + name)))
        }
        return result
    }

    func sequence() throws(AuthoringError) -> [YAMLValue] {
        guard case .sequence(let sequence) = node else { throw error("expected a list") }
        return sequence.enumerated().map { YAMLValue(node: $1, file: file, path: "\(path)[\($0)]") }
    }

    func string() throws(AuthoringError) -> String {
        guard case .scalar(let scalar) = node else { throw error("expected text") }
        return scalar.string
    }

    func nonEmptyString() throws(AuthoringError) -> String {
        let text = try string().trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw error("must not be empty") }
        return text
    }

    /// Running text. YAML folds line breaks into spaces, which is right for Latin text and wrong between two
    /// Chinese characters, so those spaces go; a space next to a digit or Latin word stays. A line break that
    /// survives YAML's folding (a blank line in `>` text, any break in `|` text) is a paragraph break.
    func prose() throws(AuthoringError) -> String {
        Self.foldProse(try nonEmptyString())
    }

    static func foldProse(_ text: String) -> String {
        var result = ""
        var pendingSpace = ""
        var previous: Character?
        for character in text {
            if character.isWhitespace {
                pendingSpace.append(character)
                continue
            }
            if !pendingSpace.isEmpty {
                if pendingSpace.contains(where: \.isNewline) {
                    result += "\n"
                } else if !((previous.map(Self.isCJK) ?? false || previous == "}") && (Self.isCJK(character) || character == "{")) {
                    // A placeholder ({config.NAME}, {text.ID}) between Chinese text folds like Chinese text.
                    result += pendingSpace
                }
                pendingSpace = ""
            }
            result.append(character)
            previous = character
        }
        return result
    }

    /// Where the text of a scalar starts: past the opening quote of a quoted one.
    var textLocation: SourceLocation {
        var location = self.location
        if case .scalar(let scalar) = node, scalar.style == .singleQuoted || scalar.style == .doubleQuoted {
            location.column += 1
        }
        return location
    }

    /// A plain number, true/false, or text (quoted numbers stay text, so "12348" is a phone number, not a count).
    func scriptValue() throws(AuthoringError) -> ScriptValue {
        guard case .scalar(let scalar) = node else { throw error("expected a number, true/false or text") }
        if scalar.style == .plain {
            if let flag = node.bool { return .bool(flag) }
            if let number = node.float, number.isFinite { return .number(number) }
        }
        return .text(scalar.string)
    }

    static func isCJK(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x3000...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF, 0x2014, 0x2026, 0x201C, 0x201D:
            return true
        default:
            return false
        }
    }

    func int() throws(AuthoringError) -> Int {
        guard case .scalar = node, let value = node.int else { throw error("expected a whole number") }
        return value
    }

    func double() throws(AuthoringError) -> Double {
        guard case .scalar = node, let value = node.float else { throw error("expected a number") }
        return value
    }

    func bool() throws(AuthoringError) -> Bool {
        guard case .scalar = node, let value = node.bool else { throw error("expected true or false") }
        return value
    }

    func strings() throws(AuthoringError) -> [String] {
        var result: [String] = []
        for item in try sequence() { result.append(try item.nonEmptyString()) }
        return result
    }
}

/// Reads a mapping's fields by name, rejects keys nobody reads (a typo must not silently drop a setting),
/// and reports missing required ones at the mapping's position.
struct FieldReader {
    let value: YAMLValue
    private var fields: [String: YAMLValue] = [:]
    private var order: [String] = []

    init(_ value: YAMLValue) throws(AuthoringError) {
        self.value = value
        for (key, field) in try value.mapping() {
            fields[key] = field
            order.append(key)
        }
    }

    func optional(_ key: String) -> YAMLValue? {
        guard let field = fields[key] else { return nil }
        if field.node.null != nil { return nil }
        return field
    }

    func required(_ key: String) throws(AuthoringError) -> YAMLValue {
        guard let field = optional(key) else {
            let missing = value.path.isEmpty ? key : value.path + "." + key
            throw AuthoringError(value.location, field: missing, "is required")
        }
        return field
    }

    func rejectUnknown(allowed: Set<String>) throws(AuthoringError) {
        for key in order where !allowed.contains(key) {
            throw fields[key]!.error("unknown key; expected one of: \(allowed.sorted().joined(separator: ", "))")
        }
    }
}
