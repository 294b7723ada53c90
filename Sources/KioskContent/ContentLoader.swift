import Foundation
import KioskCore

/// Reads an authored content folder into a ContentSet:
///
///     content.yaml        version, title, settings (values each kiosk may override)
///     strings.yaml        interface text (UIText keys)
///     directory.yaml      places: id -> name, address, hours, phone, sample
///     fragments/*.yaml    pieces several flows share: texts, materials, citations, nodes
///     flows/*.yaml        one guided interview per file
///
/// Collects every error it can find before giving up, then runs the checker. docs/authoring.md describes the
/// language.
public enum ContentLoader {
    /// Loads and checks; throws every error. Warnings (only the layout probe gives any) go to `warnings`.
    public static func load(directory: String, layout: (any LayoutProbe)? = nil,
                            warnings: (AuthoringError) -> Void = { _ in }) throws(AuthoringErrors) -> ContentSet {
        var errors: [AuthoringError] = []
        let root = URL(fileURLWithPath: directory)

        func attempt<T>(_ body: () throws(AuthoringError) -> T) -> T? {
            do { return try body() } catch { errors.append(error); return nil }
        }

        let manifest = attempt { () throws(AuthoringError) -> (String, [String: ScriptValue]) in
            let manifest = try FieldReader(try YAMLValue.load(path: root.appendingPathComponent("content.yaml").path))
            try manifest.rejectUnknown(allowed: ["version", "title", "settings"])
            var settings: [String: ScriptValue] = [:]
            for (name, value) in try manifest.optional("settings")?.mapping() ?? [] {
                guard Identifier.isValid(name) else {
                    throw value.error("a setting's name uses letters, digits and _ and starts with a letter")
                }
                settings[name] = try value.scriptValue()
            }
            return (try manifest.required("version").nonEmptyString(), settings)
        }
        let strings = attempt { () throws(AuthoringError) -> StringTable in
            let file = try YAMLValue.load(path: root.appendingPathComponent("strings.yaml").path)
            var entries: [String: String] = [:]
            for (key, value) in try file.mapping() { entries[key] = try value.nonEmptyString() }
            return StringTable(entries)
        }
        let directoryEntries = attempt { () throws(AuthoringError) -> [DirectoryEntry] in
            let file = try YAMLValue.load(path: root.appendingPathComponent("directory.yaml").path)
            var entries: [DirectoryEntry] = []
            for (id, value) in try file.mapping() {
                let fields = try FieldReader(value)
                try fields.rejectUnknown(allowed: ["name", "address", "hours", "phone", "sample"])
                entries.append(DirectoryEntry(
                    id: id, name: try fields.required("name").nonEmptyString(),
                    address: try fields.optional("address")?.nonEmptyString(),
                    hours: try fields.optional("hours")?.nonEmptyString(),
                    phone: try fields.optional("phone")?.nonEmptyString(),
                    isSample: try fields.optional("sample")?.bool() ?? false))
            }
            return entries
        }

        var fragments = Fragments()
        for path in yamlFiles(in: root.appendingPathComponent("fragments"), kind: "fragments") {
            if let file = attempt({ () throws(AuthoringError) in try YAMLValue.load(path: path) }) {
                errors += fragments.add(file)
            }
        }

        let flowFiles = yamlFiles(in: root.appendingPathComponent("flows"), kind: "flows")
        if flowFiles.isEmpty {
            errors.append(AuthoringError(SourceLocation(file: root.appendingPathComponent("flows").path, line: 1, column: 1),
                                         "no flows: expected flows/*.yaml"))
        }
        // Flow files are independent: read them on every core, then keep file order.
        let results = FlowResults(count: flowFiles.count)
        let sharedFragments = UncheckedSendable(fragments)
        DispatchQueue.concurrentPerform(iterations: flowFiles.count) { index in
            var reader = FlowReader(fragments: sharedFragments.value)
            do throws(AuthoringError) {
                let file = try YAMLValue.load(path: flowFiles[index])
                results.set(index, flow: reader.flow(file), errors: reader.errors)
            } catch {
                results.set(index, flow: nil, errors: [error])
            }
        }
        var flows: [Flow] = []
        for (flow, flowErrors) in results.all {
            if let flow { flows.append(flow) }
            errors += flowErrors
        }

        guard errors.isEmpty, let (version, settings) = manifest, let strings, let directoryEntries else {
            throw AuthoringErrors(errors)
        }
        let content = ContentSet(version: version, flows: flows, directory: directoryEntries, strings: strings,
                                 settings: settings)
        let problems = ContentChecker.check(content, layout: layout)
        problems.filter(\.isWarning).forEach(warnings)
        let blocking = problems.filter { !$0.isWarning }
        guard blocking.isEmpty else { throw AuthoringErrors(blocking) }
        return content
    }

    private static func yamlFiles(in folder: URL, kind: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted()
            .map { folder.appendingPathComponent($0).path }
    }
}

/// Each flow file's result, filled from several threads.
private final class FlowResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [(Flow?, [AuthoringError])]

    init(count: Int) { results = Array(repeating: (nil, []), count: count) }

    func set(_ index: Int, flow: Flow?, errors: [AuthoringError]) {
        lock.withLock { results[index] = (flow, errors) }
    }

    var all: [(Flow?, [AuthoringError])] { lock.withLock { results } }
}

/// The fragments are only read while flows load in parallel; Yams' nodes are plain values, but not marked Sendable.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Names of variables and settings: what conditions can refer to.
enum Identifier {
    static func isValid(_ name: String) -> Bool {
        func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
        guard let first = name.unicodeScalars.first, isLetter(first) else { return false }
        return name.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) || $0 == "_" }
            && !["and", "or", "not", "in", "true", "false", "config"].contains(name)
    }
}

/// Pieces written once and used by several flows, from fragments/*.yaml. Ids are shared across all fragment files.
struct Fragments {
    var texts: [String: (text: String, location: SourceLocation)] = [:]
    var materials: [String: (items: [String], location: SourceLocation)] = [:]
    var citations: [String: (citation: Citation, location: SourceLocation)] = [:]
    var nodes: [String: YAMLValue] = [:]

    mutating func add(_ file: YAMLValue) -> [AuthoringError] {
        var errors: [AuthoringError] = []
        func attempt(_ body: () throws(AuthoringError) -> Void) {
            do { try body() } catch { errors.append(error) }
        }
        attempt { () throws(AuthoringError) in
            let fields = try FieldReader(file)
            try fields.rejectUnknown(allowed: ["texts", "materials", "citations", "nodes"])
            func unique(_ id: String, _ value: YAMLValue, _ existing: SourceLocation?) throws(AuthoringError) {
                if let existing { throw value.error("fragment '\(id)' is already defined at \(existing)") }
            }
            for (id, value) in try fields.optional("texts")?.mapping() ?? [] {
                try unique(id, value, texts[id]?.location)
                texts[id] = (try value.prose(), value.location)
            }
            for (id, value) in try fields.optional("materials")?.mapping() ?? [] {
                try unique(id, value, materials[id]?.location)
                materials[id] = (try value.strings(), value.location)
            }
            for (id, value) in try fields.optional("citations")?.mapping() ?? [] {
                try unique(id, value, citations[id]?.location)
                citations[id] = (try FlowReader.citation(value), value.location)
            }
            for (id, value) in try fields.optional("nodes")?.mapping() ?? [] {
                try unique(id, value, nodes[id]?.location)
                nodes[id] = value
            }
        }
        return errors
    }
}

/// Reads one flow file, collecting errors node by node so an author sees them all at once.
struct FlowReader {
    let fragments: Fragments
    var errors: [AuthoringError] = []

    init(fragments: Fragments) { self.fragments = fragments }

    mutating func flow(_ file: YAMLValue) -> Flow? {
        do {
            let fields = try FieldReader(file)
            try fields.rejectUnknown(allowed: ["id", "title", "category", "keywords", "synonyms", "version", "start", "nodes"])
            var nodes: [Node] = []
            for (id, value) in try fields.required("nodes").mapping() {
                do { nodes.append(try node(id: id, value)) } catch { errors.append(error) }
            }
            return Flow(
                id: try fields.required("id").nonEmptyString(),
                title: try text(fields.required("title")),
                category: try fields.required("category").nonEmptyString(),
                keywords: try fields.optional("keywords")?.strings() ?? [],
                synonyms: try fields.optional("synonyms")?.strings() ?? [],
                version: try fields.required("version").int(),
                start: try fields.required("start").nonEmptyString(),
                nodes: nodes,
                location: file.location)
        } catch {
            errors.append(error)
            return nil
        }
    }

    /// Running text with `{text.ID}` fragments put in. `{config.NAME}` stays for the kiosk to fill.
    func text(_ value: YAMLValue) throws(AuthoringError) -> String {
        let prose = try value.prose()
        guard prose.contains("{text.") else { return prose }
        let result = try Placeholders.replace(in: prose, prefix: "text") { id throws(AuthoringError) in
            guard let fragment = fragments.texts[id] else {
                throw value.error("no text fragment '\(id)'" + Self.known(fragments.texts.keys))
            }
            return fragment.text
        }
        if Placeholders.hasUnclosed(in: prose, prefix: "text") { throw value.error("'{text.' is not closed with '}'") }
        // The fragment may sit between Chinese sentences on its own line: fold the spaces YAML left around it.
        return YAMLValue.foldProse(result)
    }

    private static func known(_ ids: some Collection<String>) -> String {
        ids.isEmpty ? " (fragments/*.yaml defines none)" : "; defined: \(ids.sorted().joined(separator: ", "))"
    }

    private func texts(_ value: YAMLValue) throws(AuthoringError) -> [String] {
        var result: [String] = []
        for item in try value.sequence() { result.append(try text(item)) }
        return result
    }

    /// A materials list: text items and `{use: ID}` items that put in a shared list.
    private func materials(_ value: YAMLValue) throws(AuthoringError) -> [String] {
        var result: [String] = []
        for item in try value.sequence() {
            if case .mapping = item.node {
                let use = try FieldReader(item)
                try use.rejectUnknown(allowed: ["use"])
                let id = try use.required("use").nonEmptyString()
                guard let shared = fragments.materials[id] else {
                    throw item.error("no materials fragment '\(id)'" + Self.known(fragments.materials.keys))
                }
                result += shared.items
            } else {
                result.append(try text(item))
            }
        }
        return result
    }

    static func citation(_ value: YAMLValue) throws(AuthoringError) -> Citation {
        let citation = try FieldReader(value)
        try citation.rejectUnknown(allowed: ["law", "article", "excerpt"])
        return Citation(law: try citation.required("law").nonEmptyString(),
                        article: try citation.required("article").nonEmptyString(),
                        excerpt: try citation.optional("excerpt")?.prose())
    }

    private func citations(_ value: YAMLValue) throws(AuthoringError) -> [Citation] {
        var result: [Citation] = []
        for item in try value.sequence() {
            let fields = try FieldReader(item)
            if let use = fields.optional("use") {
                try fields.rejectUnknown(allowed: ["use"])
                let id = try use.nonEmptyString()
                guard let shared = fragments.citations[id] else {
                    throw use.error("no citation fragment '\(id)'" + Self.known(fragments.citations.keys))
                }
                result.append(shared.citation)
            } else {
                result.append(try Self.citation(item))
            }
        }
        return result
    }

    private func variable(_ value: YAMLValue) throws(AuthoringError) -> String {
        let name = try value.nonEmptyString()
        guard Identifier.isValid(name) else {
            throw value.error("'\(name)' cannot be a variable name: use letters, digits and _ ('-' would read as minus), "
                              + "start with a letter, and avoid and/or/not/in/true/false/config")
        }
        return name
    }

    private func options(_ value: YAMLValue, multi: Bool) throws(AuthoringError) -> [AnswerOption] {
        var options: [AnswerOption] = []
        for item in try value.sequence() {
            let option = try FieldReader(item)
            try option.rejectUnknown(allowed: multi ? ["id", "label", "summary", "set", "exclusive"]
                                                    : ["id", "label", "summary", "set", "next"])
            var sets: [String: ScriptValue] = [:]
            for (name, setValue) in try option.optional("set")?.mapping() ?? [] {
                guard Identifier.isValid(name) else {
                    throw setValue.error("'\(name)' cannot be a variable name: use letters, digits and _")
                }
                sets[name] = try setValue.scriptValue()
            }
            options.append(AnswerOption(
                id: try option.required("id").nonEmptyString(),
                label: try text(option.required("label")),
                summary: try option.optional("summary").map { value throws(AuthoringError) in try text(value) },
                next: multi ? nil : try option.required("next").nonEmptyString(),
                sets: sets,
                isExclusive: try option.optional("exclusive")?.bool() ?? false))
        }
        return options
    }

    /// One node. Its kind is the key that names it: question, multi, number, info, if (a computed branch),
    /// outcome; or `use` to put in a shared node, with `next` to say where it leads in this flow.
    func node(id: String, _ value: YAMLValue) throws(AuthoringError) -> Node {
        let fields = try FieldReader(value)
        if let use = fields.optional("use") {
            try fields.rejectUnknown(allowed: ["use", "next"])
            let fragmentID = try use.nonEmptyString()
            guard let shared = fragments.nodes[fragmentID] else {
                throw use.error("no node fragment '\(fragmentID)'" + Self.known(fragments.nodes.keys))
            }
            var node = try self.node(id: id, shared)
            if let next = try fields.optional("next")?.nonEmptyString() {
                switch node.kind {
                case .multiSelect(var select): select.next = next; node.kind = .multiSelect(select)
                case .number(var entry): entry.next = next; node.kind = .number(entry)
                case .info(var page): page.next = next; node.kind = .info(page)
                default: throw try fields.required("next").error("only a multi, number or info node has one next to replace")
                }
            }
            return node
        }
        let kinds = ["question", "multi", "number", "info", "if", "outcome"].filter { fields.optional($0) != nil }
        guard kinds.count == 1, let kind = kinds.first else {
            throw value.error(kinds.isEmpty
                ? "a node needs one of: question, multi, number, info, if, outcome (or use: a shared node)"
                : "a node is one kind, but this has \(kinds.joined(separator: " and "))")
        }
        switch kind {
        case "question":
            try fields.rejectUnknown(allowed: ["question", "var", "options"])
            return Node(id: id, kind: .question(Question(
                prompt: try text(fields.required("question")),
                variable: try fields.optional("var").map { value throws(AuthoringError) in try variable(value) },
                options: try options(fields.required("options"), multi: false))), location: value.location)
        case "multi":
            try fields.rejectUnknown(allowed: ["multi", "var", "options", "min", "next"])
            return Node(id: id, kind: .multiSelect(MultiSelect(
                prompt: try text(fields.required("multi")),
                variable: try fields.optional("var").map { value throws(AuthoringError) in try variable(value) },
                options: try options(fields.required("options"), multi: true),
                minimum: try fields.optional("min")?.int() ?? 1,
                next: try fields.required("next").nonEmptyString())), location: value.location)
        case "number":
            try fields.rejectUnknown(allowed: ["number", "var", "unit", "min", "max", "decimals", "next"])
            return Node(id: id, kind: .number(NumberEntry(
                prompt: try text(fields.required("number")),
                variable: try variable(fields.required("var")),
                unit: try fields.optional("unit")?.nonEmptyString(),
                minimum: try fields.optional("min")?.double() ?? 0,
                maximum: try fields.optional("max")?.double() ?? 9_999_999,
                allowsDecimals: try fields.optional("decimals")?.bool() ?? false,
                next: try fields.required("next").nonEmptyString())), location: value.location)
        case "info":
            try fields.rejectUnknown(allowed: ["info", "title", "next"])
            return Node(id: id, kind: .info(InfoPage(
                title: try fields.optional("title").map { value throws(AuthoringError) in try text(value) },
                text: try text(fields.required("info")),
                next: try fields.required("next").nonEmptyString())), location: value.location)
        case "if":
            try fields.rejectUnknown(allowed: ["if", "then", "else"])
            let source = try fields.required("if")
            let written = try source.nonEmptyString()
            let condition: Condition
            do {
                condition = try Condition(written, location: source.textLocation)
            } catch {
                var location = source.textLocation
                location.column += error.offset
                throw AuthoringError(location, field: source.path, "\(error.message) (in: \(written))")
            }
            return Node(id: id, kind: .branch(Branch(
                condition: condition,
                then: try fields.required("then").nonEmptyString(),
                otherwise: try fields.optional("else")?.nonEmptyString())), location: value.location)
        default:
            try fields.rejectUnknown(allowed: ["outcome"])
            let outcome = try FieldReader(fields.required("outcome"))
            try outcome.rejectUnknown(allowed: ["title", "guidance", "materials", "places", "deadlines", "citations", "related"])
            return Node(id: id, kind: .outcome(Outcome(
                title: try text(outcome.required("title")),
                guidance: try text(outcome.required("guidance")),
                materials: try outcome.optional("materials").map { value throws(AuthoringError) in try materials(value) } ?? [],
                places: try outcome.optional("places")?.strings() ?? [],
                deadlines: try outcome.optional("deadlines").map { value throws(AuthoringError) in try texts(value) } ?? [],
                citations: try outcome.optional("citations").map { value throws(AuthoringError) in try citations(value) } ?? [],
                related: try outcome.optional("related")?.strings() ?? [])), location: value.location)
        }
    }
}
