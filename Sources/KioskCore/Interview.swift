import Foundation

public enum InterviewError: Error, Equatable, CustomStringConvertible {
    case unknownFlow(String)
    case missingNode(flow: String, node: String)
    case optionOutOfRange(node: String, index: Int, count: Int)
    case wrongAnswer(node: String, kind: String, expected: String)
    case tooFewChoices(node: String, minimum: Int)
    case exclusiveCombined(node: String, option: String)
    case numberOutOfRange(node: String, value: Double, minimum: Double, maximum: Double)
    case wholeNumberExpected(node: String)
    case branchLoop(flow: String, node: String)

    public var description: String {
        switch self {
        case .unknownFlow(let id): "no flow with id '\(id)'"
        case .missingNode(let flow, let node): "flow '\(flow)' refers to missing node '\(node)'"
        case .optionOutOfRange(let node, let index, let count):
            "node '\(node)' has \(count) options; choice \(index + 1) does not exist"
        case .wrongAnswer(let node, let kind, let expected): "node '\(node)' is \(kind); it takes \(expected)"
        case .tooFewChoices(let node, let minimum): "node '\(node)' needs at least \(minimum) ticked"
        case .exclusiveCombined(let node, let option):
            "node '\(node)': option '\(option)' excludes every other option"
        case .numberOutOfRange(let node, let value, let minimum, let maximum):
            "node '\(node)': \(LocalSettings.display(.number(value))) is outside "
                + "\(LocalSettings.display(.number(minimum)))–\(LocalSettings.display(.number(maximum)))"
        case .wholeNumberExpected(let node): "node '\(node)' takes a whole number"
        case .branchLoop(let flow, let node): "flow '\(flow)': computed branches loop at '\(node)' without a question"
        }
    }
}

/// What the resident did on one screen.
public enum Answer: Hashable, Sendable {
    /// A single-choice question: the option's index.
    case choice(Int)
    /// A multi-select question: the indices ticked.
    case choices(Set<Int>)
    case number(Double)
    /// An info page read and left with 继续.
    case proceed
}

/// One screen answered on the way to where the resident is now.
public struct AnsweredStep: Hashable, Sendable {
    public var nodeID: String
    public var answer: Answer
    /// The options chosen, in authored order (empty for numbers and info pages).
    public var options: [AnswerOption]
    /// Branches the engine passed through after this answer, in order.
    public var branches: [String]
    /// Every variable as it stood after this step; going back restores the step before.
    public var variables: [String: ScriptValue]
}

/// One resident's way through one flow. Pure: the same answers always give the same screens and slip.
///
/// The trail holds only the answers on the current path, and the variables are a snapshot per step, so going
/// back drops the answer and everything it set: nothing from an abandoned branch can reach a condition or the slip.
public struct Interview: Sendable {
    public let flow: Flow
    public let settings: LocalSettings
    public private(set) var trail: [AnsweredStep] = []
    public private(set) var currentNodeID: String
    /// Branches passed before the first screen (a flow may start with a computed branch).
    public private(set) var openingBranches: [String] = []
    private var firstScreenID: String
    private let graph: FlowGraph
    private let remaining: [String: Int]

    public init(flow: Flow, settings: LocalSettings = LocalSettings()) throws {
        self.flow = flow
        self.settings = settings
        self.graph = FlowGraph(flow: flow)
        self.remaining = graph.longestRemainingScreens()
        self.currentNodeID = flow.start
        self.firstScreenID = flow.start
        let (resting, branches) = try settle(at: flow.start, variables: [:])
        self.currentNodeID = resting
        self.firstScreenID = resting
        self.openingBranches = branches
    }

    public var currentNode: Node { graph.node(currentNodeID)! }
    public var canGoBack: Bool { !trail.isEmpty }
    public var isAtOutcome: Bool { currentNode.isOutcome }

    /// The answers' variables on the current path.
    public var variables: [String: ScriptValue] { trail.last?.variables ?? [:] }

    /// Every node on the current path, branches included, ending with the current one.
    public var path: [String] {
        var path = openingBranches
        for step in trail { path.append(step.nodeID); path += step.branches }
        path.append(currentNodeID)
        return path
    }

    /// Chooses the option at `index` (0-based) on the current single-choice question.
    @discardableResult
    public mutating func choose(_ index: Int) throws -> AnswerOption {
        try answer(.choice(index))
        return trail.last!.options[0]
    }

    /// Answers the current screen and moves on through any computed branches to the next screen.
    public mutating func answer(_ answer: Answer) throws {
        let node = currentNode
        var variables = self.variables
        var chosen: [AnswerOption] = []
        let next: String
        switch (node.kind, answer) {
        case (.question(let question), .choice(let index)):
            guard question.options.indices.contains(index) else {
                throw InterviewError.optionOutOfRange(node: node.id, index: index, count: question.options.count)
            }
            let option = question.options[index]
            guard let target = option.next else { throw InterviewError.missingNode(flow: flow.id, node: "") }
            if let name = question.variable { variables[name] = .text(option.id) }
            chosen = [option]
            next = target

        case (.multiSelect(let select), .choices(let indices)):
            if let bad = indices.first(where: { !select.options.indices.contains($0) }) {
                throw InterviewError.optionOutOfRange(node: node.id, index: bad, count: select.options.count)
            }
            guard indices.count >= select.minimum else {
                throw InterviewError.tooFewChoices(node: node.id, minimum: select.minimum)
            }
            chosen = indices.sorted().map { select.options[$0] }
            if chosen.count > 1, let exclusive = chosen.first(where: \.isExclusive) {
                throw InterviewError.exclusiveCombined(node: node.id, option: exclusive.id)
            }
            if let name = select.variable { variables[name] = .choices(Set(chosen.map(\.id))) }
            next = select.next

        case (.number(let entry), .number(let value)):
            guard value.isFinite, value >= entry.minimum, value <= entry.maximum else {
                throw InterviewError.numberOutOfRange(node: node.id, value: value, minimum: entry.minimum,
                                                      maximum: entry.maximum)
            }
            guard entry.allowsDecimals || value.rounded() == value else {
                throw InterviewError.wholeNumberExpected(node: node.id)
            }
            variables[entry.variable] = .number(value)
            next = entry.next

        case (.info(let page), .proceed):
            next = page.next

        default:
            throw InterviewError.wrongAnswer(node: node.id, kind: node.kind.name, expected: Self.expected(node.kind))
        }
        for option in chosen { for (name, value) in option.sets { variables[name] = value } }
        let (resting, branches) = try settle(at: next, variables: variables)
        trail.append(AnsweredStep(nodeID: node.id, answer: answer, options: chosen, branches: branches,
                                  variables: variables))
        currentNodeID = resting
    }

    private static func expected(_ kind: NodeKind) -> String {
        switch kind {
        case .question: "one choice"
        case .multiSelect: "a set of choices"
        case .number: "a number"
        case .info: "继续 (proceed)"
        case .branch, .outcome: "no answer"
        }
    }

    /// Follows computed branches from `nodeID` to the first screen. A condition that cannot be decided (a
    /// division by zero) takes the `else` way, the cautious one authors are told to write there.
    private func settle(at nodeID: String, variables: [String: ScriptValue]) throws -> (String, [String]) {
        // A local, so the condition's lookup closure captures a dictionary rather than the whole interview.
        let settings = self.settings.values
        var current = nodeID
        var passed: [String] = []
        while true {
            guard let node = graph.node(current) else { throw InterviewError.missingNode(flow: flow.id, node: current) }
            guard case .branch(let branch) = node.kind else { return (current, passed) }
            guard passed.count <= graph.nodes.count else { throw InterviewError.branchLoop(flow: flow.id, node: current) }
            passed.append(current)
            let holds = (try? branch.condition.expression.evaluate { reference in
                switch reference {
                case .variable(let name): variables[name]
                case .config(let name): settings[name]
                }
            }) == .bool(true)
            guard let target = holds ? branch.then : branch.otherwise else {
                throw InterviewError.missingNode(flow: flow.id, node: "\(current).else")
            }
            current = target
        }
    }

    /// Steps back one screen, forgetting the answer given there and everything it set. Returns false at the
    /// first screen.
    @discardableResult
    public mutating func back() -> Bool {
        guard let last = trail.popLast() else { return false }
        currentNodeID = last.nodeID
        return true
    }

    /// Back to the first screen with nothing answered. The opening branches can read only config values (the
    /// checker makes sure), so they lead where they did when the interview began.
    public mutating func startOver() {
        trail.removeAll()
        currentNodeID = firstScreenID
    }

    /// "Step k of at most n": k counts the screens answered plus this one; n adds the most screens any way
    /// from here can still show, so the promise is never broken.
    public var progress: (step: Int, ofAtMost: Int) {
        (trail.count + 1, trail.count + max(1, remaining[currentNodeID] ?? 1))
    }
}
