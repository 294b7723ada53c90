import Foundation
import KioskCore

/// Reads an authored content folder into a ContentSet:
///
///     content.yaml      version of this content set
///     strings.yaml      interface text (UIText keys)
///     directory.yaml    places: id -> name, address, hours, phone, sample
///     flows/*.yaml      one guided interview per file
///
/// Collects every error it can find before giving up, then runs the checker.
public enum ContentLoader {
    public static func load(directory: String) throws(AuthoringErrors) -> ContentSet {
        var errors: [AuthoringError] = []
        let root = URL(fileURLWithPath: directory)

        func attempt<T>(_ body: () throws(AuthoringError) -> T) -> T? {
            do { return try body() } catch { errors.append(error); return nil }
        }

        let version = attempt { () throws(AuthoringError) -> String in
            let manifest = try FieldReader(try YAMLValue.load(path: root.appendingPathComponent("content.yaml").path))
            try manifest.rejectUnknown(allowed: ["version", "title"])
            return try manifest.required("version").nonEmptyString()
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

        let flowsFolder = root.appendingPathComponent("flows")
        let flowFiles = ((try? FileManager.default.contentsOfDirectory(atPath: flowsFolder.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted()
        if flowFiles.isEmpty {
            errors.append(AuthoringError(SourceLocation(file: flowsFolder.path, line: 1, column: 1),
                                         "no flows: expected flows/*.yaml"))
        }
        var flows: [Flow] = []
        for name in flowFiles {
            if let flow = attempt({ () throws(AuthoringError) -> Flow in
                try loadFlow(YAMLValue.load(path: flowsFolder.appendingPathComponent(name).path))
            }) {
                flows.append(flow)
            }
        }

        guard errors.isEmpty, let version, let strings, let directoryEntries else { throw AuthoringErrors(errors) }
        let content = ContentSet(version: version, flows: flows, directory: directoryEntries, strings: strings)
        let problems = ContentChecker.check(content)
        guard problems.isEmpty else { throw AuthoringErrors(problems) }
        return content
    }

    static func loadFlow(_ file: YAMLValue) throws(AuthoringError) -> Flow {
        let fields = try FieldReader(file)
        try fields.rejectUnknown(allowed: ["id", "title", "category", "keywords", "version", "start", "nodes"])
        var nodes: [Node] = []
        for (id, value) in try fields.required("nodes").mapping() {
            nodes.append(try loadNode(id: id, value))
        }
        return Flow(
            id: try fields.required("id").nonEmptyString(),
            title: try fields.required("title").nonEmptyString(),
            category: try fields.required("category").nonEmptyString(),
            keywords: try fields.optional("keywords")?.strings() ?? [],
            version: try fields.required("version").int(),
            start: try fields.required("start").nonEmptyString(),
            nodes: nodes,
            location: file.location)
    }

    static func loadNode(id: String, _ value: YAMLValue) throws(AuthoringError) -> Node {
        let fields = try FieldReader(value)
        if let prompt = fields.optional("question") {
            try fields.rejectUnknown(allowed: ["question", "options"])
            var options: [AnswerOption] = []
            for item in try fields.required("options").sequence() {
                let option = try FieldReader(item)
                try option.rejectUnknown(allowed: ["id", "label", "summary", "next"])
                options.append(AnswerOption(
                    id: try option.required("id").nonEmptyString(),
                    label: try option.required("label").nonEmptyString(),
                    summary: try option.optional("summary")?.nonEmptyString(),
                    next: try option.required("next").nonEmptyString()))
            }
            return Node(id: id, kind: .question(prompt: try prompt.prose(), options: options),
                        location: value.location)
        }
        if let outcomeValue = fields.optional("outcome") {
            try fields.rejectUnknown(allowed: ["outcome"])
            let outcome = try FieldReader(outcomeValue)
            try outcome.rejectUnknown(allowed: ["title", "guidance", "materials", "places", "deadlines", "citations"])
            var citations: [Citation] = []
            for item in try outcome.optional("citations")?.sequence() ?? [] {
                let citation = try FieldReader(item)
                try citation.rejectUnknown(allowed: ["law", "article", "excerpt"])
                citations.append(Citation(law: try citation.required("law").nonEmptyString(),
                                          article: try citation.required("article").nonEmptyString(),
                                          excerpt: try citation.optional("excerpt")?.prose()))
            }
            return Node(id: id, kind: .outcome(Outcome(
                title: try outcome.required("title").nonEmptyString(),
                guidance: try outcome.required("guidance").prose(),
                materials: try outcome.optional("materials")?.strings() ?? [],
                places: try outcome.optional("places")?.strings() ?? [],
                deadlines: try outcome.optional("deadlines")?.strings() ?? [],
                citations: citations)), location: value.location)
        }
        throw value.error("a node is either a question (question:, options:) or an outcome (outcome:)")
    }
}
