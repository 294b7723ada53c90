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
    /// Stable id used in usage events; never the label text.
    public var id: String
    public var label: String
    /// How this answer reads in the one-line summary of the resident's situation on the slip.
    public var summary: String?
    public var next: String

    public init(id: String, label: String, summary: String? = nil, next: String) {
        self.id = id
        self.label = label
        self.summary = summary
        self.next = next
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

    public init(title: String, guidance: String, materials: [String] = [], places: [String] = [],
                deadlines: [String] = [], citations: [Citation]) {
        self.title = title
        self.guidance = guidance
        self.materials = materials
        self.places = places
        self.deadlines = deadlines
        self.citations = citations
    }
}

public enum NodeKind: Hashable, Sendable, Codable {
    case question(prompt: String, options: [AnswerOption])
    case outcome(Outcome)
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
}

public struct Flow: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var title: String
    public var category: String
    public var keywords: [String]
    public var version: Int
    public var start: String
    /// In authored order.
    public var nodes: [Node]
    public var location: SourceLocation?

    public init(id: String, title: String, category: String, keywords: [String] = [], version: Int,
                start: String, nodes: [Node], location: SourceLocation? = nil) {
        self.id = id
        self.title = title
        self.category = category
        self.keywords = keywords
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
}

/// Everything a kiosk shows, as one versioned unit: what a content bundle holds.
public struct ContentSet: Hashable, Sendable, Codable {
    public var version: String
    public var flows: [Flow]
    public var directory: [DirectoryEntry]
    public var strings: StringTable

    public init(version: String, flows: [Flow], directory: [DirectoryEntry], strings: StringTable) {
        self.version = version
        self.flows = flows
        self.directory = directory
        self.strings = strings
    }

    public func flow(_ id: String) -> Flow? { flows.first { $0.id == id } }
    public func place(_ id: String) -> DirectoryEntry? { directory.first { $0.id == id } }
}
