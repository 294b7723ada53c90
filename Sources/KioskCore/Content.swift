import Foundation

/// Where in an authored file something was written, so every content or config error can point at it.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A law and article that a piece of guidance rests on. Every outcome carries at least one.
public struct Citation: Hashable, Sendable, Codable {
    public var law: String
    public var article: String
    /// The article's words (or the relevant sentence), so the slip can quote it.
    public var excerpt: String?

    public init(law: String, article: String, excerpt: String? = nil) {
        self.law = law
        self.article = article
        self.excerpt = excerpt
    }
}

/// A place a resident can go or call: the service center, a station, the court.
public struct DirectoryEntry: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var name: String
    public var address: String?
    public var hours: String?
    public var phone: String?
    /// Sample entries ship with the default content and are marked as such wherever they appear.
    public var isSample: Bool

    public init(id: String, name: String, address: String? = nil, hours: String? = nil, phone: String? = nil,
                isSample: Bool = false) {
        self.id = id
        self.name = name
        self.address = address
        self.hours = hours
        self.phone = phone
        self.isSample = isSample
    }
}

public struct AnswerOption: Hashable, Sendable, Codable {
    /// Stable id used in usage events and conditions; never the label text.
    public var id: String
    public var label: String
    /// How this answer reads in the one-line summary of the resident's situation on the slip.
    public var summary: String?
    /// Where a single-choice answer leads. Multi-select options have none: the question has one `next`.
    public var next: String?
    /// Further variables this answer sets, beyond the question's own.
    public var sets: [String: ScriptValue]
    /// A multi-select option that excludes all others ("都没有").
    public var isExclusive: Bool

    public init(id: String, label: String, summary: String? = nil, next: String? = nil,
                sets: [String: ScriptValue] = [:], isExclusive: Bool = false) {
        self.id = id
        self.label = label
        self.summary = summary
        self.next = next
        self.sets = sets
        self.isExclusive = isExclusive
    }
}

/// A condition as written, with its parse and where it was written, so errors can point into it.
public struct Condition: Hashable, Sendable, Codable {
    public var source: String
    public var expression: Expression
    /// Where the condition's first character is in the authored file.
    public var location: SourceLocation?

    public init(source: String, expression: Expression, location: SourceLocation? = nil) {
        self.source = source
        self.expression = expression
        self.location = location
    }

    public init(_ source: String, location: SourceLocation? = nil) throws(ExpressionError) {
        self.init(source: source, expression: try Expression.parse(source), location: location)
    }
}

/// Pick one of 2 to 8 answers; each answer leads on.
public struct Question: Hashable, Sendable, Codable {
    public var prompt: String
    /// The variable the chosen option's id goes into, for conditions further on.
    public var variable: String?
    public var options: [AnswerOption]

    public init(prompt: String, variable: String? = nil, options: [AnswerOption]) {
        self.prompt = prompt
        self.variable = variable
        self.options = options
    }
}

/// "Which of these apply to you?": any number of options, then one way on.
public struct MultiSelect: Hashable, Sendable, Codable {
    public var prompt: String
    /// Receives the set of chosen option ids.
    public var variable: String?
    public var options: [AnswerOption]
    /// Fewest options the resident must tick before going on (0 lets them go on with none).
    public var minimum: Int
    public var next: String

    public init(prompt: String, variable: String? = nil, options: [AnswerOption], minimum: Int = 1, next: String) {
        self.prompt = prompt
        self.variable = variable
        self.options = options
        self.minimum = minimum
        self.next = next
    }
}

/// A number typed on the on-screen keypad, such as monthly income per person.
public struct NumberEntry: Hashable, Sendable, Codable {
    public var prompt: String
    public var variable: String
    /// Shown after the number ("元").
    public var unit: String?
    public var minimum: Double
    public var maximum: Double
    public var allowsDecimals: Bool
    public var next: String

    public init(prompt: String, variable: String, unit: String? = nil, minimum: Double = 0, maximum: Double = 9_999_999,
                allowsDecimals: Bool = false, next: String) {
        self.prompt = prompt
        self.variable = variable
        self.unit = unit
        self.minimum = minimum
        self.maximum = maximum
        self.allowsDecimals = allowsDecimals
        self.next = next
    }
}

/// A page to read, such as emergency numbers, then one way on.
public struct InfoPage: Hashable, Sendable, Codable {
    public var title: String?
    public var text: String
    public var next: String

    public init(title: String? = nil, text: String, next: String) {
        self.title = title
        self.text = text
        self.next = next
    }
}

/// Goes on to `then` when the condition holds, otherwise to `else`. The resident never sees it.
public struct Branch: Hashable, Sendable, Codable {
    public var condition: Condition
    public var then: String
    /// Optional in the model only so the checker can report a branch written without one.
    public var otherwise: String?

    public init(condition: Condition, then: String, otherwise: String?) {
        self.condition = condition
        self.then = then
        self.otherwise = otherwise
    }
}

public struct Outcome: Hashable, Sendable, Codable {
    public var title: String
    public var guidance: String
    public var materials: [String]
    /// Ids into the directory.
    public var places: [String]
    public var deadlines: [String]
    public var citations: [Citation]
    /// Flows a resident at this outcome may want next (ids).
    public var related: [String]

    public init(title: String, guidance: String, materials: [String] = [], places: [String] = [],
                deadlines: [String] = [], citations: [Citation], related: [String] = []) {
        self.title = title
        self.guidance = guidance
        self.materials = materials
        self.places = places
        self.deadlines = deadlines
        self.citations = citations
        self.related = related
    }
}

public enum NodeKind: Hashable, Sendable, Codable {
    case question(Question)
    case multiSelect(MultiSelect)
    case number(NumberEntry)
    case info(InfoPage)
    case branch(Branch)
    case outcome(Outcome)

    public var name: String {
        switch self {
        case .question: "question"
        case .multiSelect: "multi-select"
        case .number: "number"
        case .info: "info"
        case .branch: "branch"
        case .outcome: "outcome"
        }
    }
}

public struct Node: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var kind: NodeKind
    public var location: SourceLocation?

    public init(id: String, kind: NodeKind, location: SourceLocation? = nil) {
        self.id = id
        self.kind = kind
        self.location = location
    }

    public var isOutcome: Bool {
        if case .outcome = kind { return true }
        return false
    }

    /// Branches are decided by the engine; every other node is a screen the resident sees.
    public var isBranch: Bool {
        if case .branch = kind { return true }
        return false
    }

    /// Every node this one can lead to, in authored order (a branch's `then` before its `else`).
    public var successors: [String] {
        switch kind {
        case .question(let question): question.options.compactMap(\.next)
        case .multiSelect(let select): [select.next]
        case .number(let entry): [entry.next]
        case .info(let page): [page.next]
        case .branch(let branch): [branch.then] + (branch.otherwise.map { [$0] } ?? [])
        case .outcome: []
        }
    }
}

public struct Flow: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var title: String
    public var category: String
    public var keywords: [String]
    /// Other words residents use for the same problem, for search.
    public var synonyms: [String]
    public var version: Int
    public var start: String
    /// In authored order.
    public var nodes: [Node]
    public var location: SourceLocation?

    public init(id: String, title: String, category: String, keywords: [String] = [], synonyms: [String] = [],
                version: Int, start: String, nodes: [Node], location: SourceLocation? = nil) {
        self.id = id
        self.title = title
        self.category = category
        self.keywords = keywords
        self.synonyms = synonyms
        self.version = version
        self.start = start
        self.nodes = nodes
        self.location = location
    }

    public func node(_ id: String) -> Node? { nodes.first { $0.id == id } }
}

/// User-facing interface text (button labels, headings). Chinese text lives in content, not in Swift.
public struct StringTable: Hashable, Sendable, Codable {
    public var entries: [String: String]

    public init(_ entries: [String: String] = [:]) { self.entries = entries }

    /// Looks a key up and fills `{name}` placeholders. A missing key shows itself, so a gap is visible
    /// in review rather than silently blank; the content checker makes sure none is missing.
    public func text(_ key: UIText, _ values: [String: String] = [:]) -> String {
        var text = entries[key.rawValue] ?? "‹\(key.rawValue)›"
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }
}

/// Every interface string the programs use. The content checker requires each one in strings.yaml.
public enum UIText: String, CaseIterable, Sendable {
    case appTitle = "app_title"
    case homePrompt = "home_prompt"
    case back = "back"
    case startOver = "start_over"
    case stepOf = "step_of"
    case printSlip = "print_slip"
    case finish = "finish"
    case printing = "printing"
    case printed = "printed"
    case printFailed = "print_failed"
    case scanToTakeAway = "scan_to_take_away"
    case slipHeading = "slip_heading"
    case slipSituation = "slip_situation"
    case slipGuidance = "slip_guidance"
    case slipMaterials = "slip_materials"
    case slipWhereToGo = "slip_where_to_go"
    case slipDeadlines = "slip_deadlines"
    case slipLaw = "slip_law"
    case slipHotline = "slip_hotline"
    case slipFooter = "slip_footer"
    case sampleEntry = "sample_entry"
    case phone = "phone"
    case hours = "hours"
    case address = "address"
    case proceed = "proceed"
    case chooseAny = "choose_any"
    case keypadDelete = "keypad_delete"
    case keypadClear = "keypad_clear"
    case numberPlaceholder = "number_placeholder"
    case numberRange = "number_range"
    case related = "related"
}

/// Everything a kiosk shows, as one versioned unit: what a content bundle holds.
public struct ContentSet: Hashable, Sendable, Codable {
    public var version: String
    public var flows: [Flow]
    public var directory: [DirectoryEntry]
    public var strings: StringTable
    /// Values each kiosk's config may override, with the county's defaults (content.yaml `settings:`).
    public var settings: [String: ScriptValue]

    public init(version: String, flows: [Flow], directory: [DirectoryEntry], strings: StringTable,
                settings: [String: ScriptValue] = [:]) {
        self.version = version
        self.flows = flows
        self.directory = directory
        self.strings = strings
        self.settings = settings
    }

    public func flow(_ id: String) -> Flow? { flows.first { $0.id == id } }
    public func place(_ id: String) -> DirectoryEntry? { directory.first { $0.id == id } }
}
