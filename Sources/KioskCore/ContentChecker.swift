import Foundation

/// Measures laid-out text, so the checker can report text that will not fit the screen or the slip. KioskCore
/// cannot draw; the programs pass a probe backed by the real renderers.
public protocol LayoutProbe {
    /// Each piece of text on this screen that does not fit (empty when all fits), saying in which layout (theme
    /// and size) it was tried.
    func screenProblems(_ screen: ScreenModel) -> [LayoutProblem]
    /// The same for an outcome's slip.
    func slipProblems(_ slip: SlipModel) -> [LayoutProblem]
}

public struct LayoutProblem: Hashable, Sendable {
    public var message: String
    /// False for what the screen shows incompletely but usably (a long outcome's last paragraph, which the slip
    /// and the QR page still carry): reported as a warning, not an error.
    public var isBlocking: Bool

    public init(_ message: String, isBlocking: Bool = true) {
        self.message = message
        self.isBlocking = isBlocking
    }
}

/// Static checks that make a broken flow impossible to ship: every reference resolves, every node is reachable
/// and leads to an outcome, no loop traps a resident, every condition is well-typed and reads only variables set
/// on every way to it, every outcome cites the law and says where to go, and (with a probe) all text fits.
public enum ContentChecker {
    /// Every problem found; those with `isWarning` do not stop a build.
    public static func check(_ content: ContentSet, layout: (any LayoutProbe)? = nil) -> [AuthoringError] {
        var errors: [AuthoringError] = []
        let stringsFile = SourceLocation(file: "strings.yaml", line: 1, column: 1)
        for key in UIText.allCases where content.strings.entries[key.rawValue] == nil {
            errors.append(AuthoringError(stringsFile, field: key.rawValue, "missing interface text"))
        }
        var seenFlows: [String: SourceLocation] = [:]
        let unknown = SourceLocation(file: "flows", line: 1, column: 1)
        for flow in content.flows {
            let location = flow.location ?? unknown
            if let first = seenFlows[flow.id] {
                errors.append(AuthoringError(location, field: "id", "flow id '\(flow.id)' is also used at \(first)"))
            }
            seenFlows[flow.id] = location
            var flowCheck = FlowCheck(flow: flow, content: content)
            errors += flowCheck.run()
        }
        if let layout {
            let settings = LocalSettings(content.settings)
            for flow in content.flows {
                for (node, screen, slip) in ScreenBuilder.catalogue(flow: flow, content: content, settings: settings) {
                    let where_ = node.location ?? flow.location ?? unknown
                    for problem in layout.screenProblems(screen) {
                        errors.append(AuthoringError(where_, field: "nodes.\(node.id)", "does not fit the screen: \(problem.message)",
                                                     isWarning: !problem.isBlocking))
                    }
                    if let slip {
                        for problem in layout.slipProblems(slip) {
                            errors.append(AuthoringError(where_, field: "nodes.\(node.id)", "does not fit the slip: \(problem.message)",
                                                         isWarning: !problem.isBlocking))
                        }
                    }
                }
            }
        }
        return errors
    }
}

/// What a flow's answers can put into a variable, as the checker learns it from the nodes that set it.
struct VariableDeclaration {
    var info: ReferenceInfo
    var location: SourceLocation
}

/// The checks of one flow.
private struct FlowCheck {
    let flow: Flow
    let content: ContentSet
    let graph: FlowGraph
    var errors: [AuthoringError] = []

    init(flow: Flow, content: ContentSet) {
        self.flow = flow
        self.content = content
        self.graph = FlowGraph(flow: flow)
    }

    private var flowLocation: SourceLocation { flow.location ?? SourceLocation(file: "flows", line: 1, column: 1) }

    private mutating func report(_ node: Node?, _ field: String, _ message: String) {
        errors.append(AuthoringError(node?.location ?? flowLocation, field: field, message))
    }

    mutating func run() -> [AuthoringError] {
        var nodeIDs = Set<String>()
        for node in flow.nodes where !nodeIDs.insert(node.id).inserted {
            report(node, "nodes.\(node.id)", "duplicate node id")
        }
        guard graph.node(flow.start) != nil else {
            report(nil, "start", "no node named '\(flow.start)'")
            return errors
        }
        let declarations = declareVariables()
        for node in flow.nodes { checkNode(node, declarations: declarations) }
        checkGraph()
        checkAssignments(declarations: declarations)
        return errors
    }

    // MARK: - Nodes

    private mutating func checkNode(_ node: Node, declarations: [String: VariableDeclaration]) {
        let field = "nodes.\(node.id)"
        func exists(_ target: String, _ at: String) {
            if graph.node(target) == nil { report(node, at, "no node named '\(target)'") }
        }
        func checkOptions(_ options: [AnswerOption], what: String) {
            if !(2...8).contains(options.count) {
                report(node, "\(field).options", "\(what) needs 2 to 8 options, not \(options.count)")
            }
            var optionIDs = Set<String>()
            for option in options where !optionIDs.insert(option.id).inserted {
                report(node, "\(field).options", "option id '\(option.id)' is used twice")
            }
            for option in options {
                checkText(option.label, node: node, field: "\(field).options.\(option.id).label")
                if let summary = option.summary { checkText(summary, node: node, field: "\(field).options.\(option.id).summary") }
            }
        }
        switch node.kind {
        case .question(let question):
            checkText(question.prompt, node: node, field: "\(field).question")
            checkOptions(question.options, what: "a question")
            for option in question.options {
                if let next = option.next { exists(next, "\(field).options.\(option.id).next") }
                else { report(node, "\(field).options.\(option.id).next", "dead end: this answer leads nowhere") }
            }
        case .multiSelect(let select):
            checkText(select.prompt, node: node, field: "\(field).multi")
            checkOptions(select.options, what: "a multi-select question")
            if !(0...select.options.count).contains(select.minimum) {
                report(node, "\(field).min", "min must be between 0 and the number of options (\(select.options.count))")
            }
            if select.options.count(where: \.isExclusive) > 1, select.minimum > 1 {
                report(node, "\(field).min", "with exclusive options a resident can tick only one; min must be at most 1")
            }
            exists(select.next, "\(field).next")
        case .number(let entry):
            checkText(entry.prompt, node: node, field: "\(field).number")
            if let unit = entry.unit { checkText(unit, node: node, field: "\(field).unit") }
            if entry.minimum >= entry.maximum {
                report(node, "\(field).max", "max must be greater than min")
            }
            exists(entry.next, "\(field).next")
        case .info(let page):
            checkText(page.text, node: node, field: "\(field).info")
            if let title = page.title { checkText(title, node: node, field: "\(field).title") }
            exists(page.next, "\(field).next")
        case .branch(let branch):
            exists(branch.then, "\(field).then")
            if let otherwise = branch.otherwise {
                exists(otherwise, "\(field).else")
            } else {
                report(node, "\(field).else", "a computed branch needs an else: where to go when the condition does not hold")
            }
            checkCondition(branch.condition, node: node, declarations: declarations)
        case .outcome(let outcome):
            if outcome.citations.isEmpty {
                report(node, "\(field).outcome.citations", "an outcome must cite at least one law and article")
            }
            if outcome.places.isEmpty {
                report(node, "\(field).outcome.places", "an outcome must say at least one place or number to go to")
            }
            for place in outcome.places where content.place(place) == nil {
                report(node, "\(field).outcome.places", "no directory entry '\(place)'")
            }
            for related in outcome.related {
                if content.flow(related) == nil {
                    report(node, "\(field).outcome.related", "no flow named '\(related)'")
                } else if related == flow.id {
                    report(node, "\(field).outcome.related", "a flow cannot list itself as related")
                }
            }
            checkText(outcome.title, node: node, field: "\(field).outcome.title")
            checkText(outcome.guidance, node: node, field: "\(field).outcome.guidance")
            for item in outcome.materials { checkText(item, node: node, field: "\(field).outcome.materials") }
            for item in outcome.deadlines { checkText(item, node: node, field: "\(field).outcome.deadlines") }
        }
    }

    /// `{config.NAME}` must name a setting the content declares.
    private mutating func checkText(_ text: String, node: Node, field: String) {
        for (name, _) in Placeholders.find(in: text, prefix: "config") where content.settings[name] == nil {
            report(node, field, "{config.\(name)}: no such setting; content.yaml settings declares "
                   + (content.settings.isEmpty ? "none" : content.settings.keys.sorted().joined(separator: ", ")))
        }
    }

    // MARK: - Variables and conditions

    /// Collects what sets each variable. A name set with two different types is an error at the second place.
    private mutating func declareVariables() -> [String: VariableDeclaration] {
        var declarations: [String: VariableDeclaration] = [:]
        func declare(_ name: String, _ info: ReferenceInfo, _ node: Node, _ field: String) {
            let location = node.location ?? flowLocation
            guard var existing = declarations[name] else {
                declarations[name] = VariableDeclaration(info: info, location: location)
                return
            }
            guard existing.info.type == info.type else {
                report(node, field, "'\(name)' is set to \(info.type) here but to \(existing.info.type) at \(existing.location)")
                return
            }
            if let more = info.options {
                existing.info.options = (existing.info.options ?? []) + more.filter { !(existing.info.options ?? []).contains($0) }
            } else if info.type == .text {
                // Free text from an answer's `set:` widens the variable: no option list can be enforced any more.
                existing.info.options = nil
            }
            declarations[name] = existing
        }
        for node in flow.nodes {
            let field = "nodes.\(node.id)"
            var options: [AnswerOption] = []
            switch node.kind {
            case .question(let question):
                if let name = question.variable {
                    declare(name, ReferenceInfo(type: .text, options: question.options.map(\.id)), node, "\(field).var")
                }
                options = question.options
            case .multiSelect(let select):
                if let name = select.variable {
                    declare(name, ReferenceInfo(type: .choices, options: select.options.map(\.id)), node, "\(field).var")
                }
                options = select.options
            case .number(let entry):
                declare(entry.variable, ReferenceInfo(type: .number, options: nil), node, "\(field).var")
            default: break
            }
            for option in options {
                for (name, value) in option.sets.sorted(by: { $0.key < $1.key }) {
                    let info: ReferenceInfo = if case .text(let text) = value {
                        ReferenceInfo(type: .text, options: [text])
                    } else {
                        ReferenceInfo(type: value.type, options: nil)
                    }
                    declare(name, info, node, "\(field).options.\(option.id).set.\(name)")
                }
            }
        }
        return declarations
    }

    private mutating func checkCondition(_ condition: Condition, node: Node,
                                         declarations: [String: VariableDeclaration]) {
        let field = "nodes.\(node.id).if"
        do {
            let type = try condition.expression.typeCheck { reference in
                switch reference {
                case .variable(let name): declarations[name]?.info
                case .config(let name): content.settings[name].map { ReferenceInfo(type: $0.type, options: nil) }
                }
            }
            if type != .bool {
                errors.append(AuthoringError(conditionLocation(condition, node: node, offset: 0), field: field,
                                             "a condition must be true or false, but this is \(type)"))
            }
        } catch {
            errors.append(AuthoringError(conditionLocation(condition, node: node, offset: error.offset), field: field,
                                         "\(error.message) (in: \(condition.source))"))
        }
    }

    private func conditionLocation(_ condition: Condition, node: Node, offset: Int) -> SourceLocation {
        guard var location = condition.location else { return node.location ?? flowLocation }
        location.column += offset
        return location
    }

    // MARK: - Graph

    private mutating func checkGraph() {
        let reachable = graph.reachable()
        let reachesOutcome = graph.reachesOutcome()
        for (position, node) in graph.nodes.enumerated() where !reachable.contains(position) {
            report(node, "nodes.\(node.id)", "unreachable: no way from '\(flow.start)' leads here")
        }
        var reportedComponents = Set<Int>()
        let components = graph.components()
        var componentOf = [Int: Int]()
        for (number, component) in components.enumerated() { for node in component { componentOf[node] = number } }
        for (position, node) in graph.nodes.enumerated()
        where reachable.contains(position) && !reachesOutcome.contains(position) {
            let number = componentOf[position]!
            let component = components[number]
            if graph.isCycle(component) {
                guard reportedComponents.insert(number).inserted else { continue }
                let members = component.sorted().map { graph.ids[$0] }
                report(graph.nodes[component.min()!], "nodes.\(graph.ids[component.min()!])",
                       "a cycle with no way out: \(members.joined(separator: " → ")) lead only to each other and never to an outcome")
            } else if graph.successors[position].isEmpty {
                report(node, "nodes.\(node.id)", "dead end: this \(node.kind.name) leads nowhere and is not an outcome")
            } else if !node.successors.contains(where: { graph.node($0) == nil }) {
                // (A node with a missing target has that reported where the target is named.)
                report(node, "nodes.\(node.id)", "dead end: no way from here leads to an outcome")
            }
        }
        // Branches that lead only to each other would spin without ever showing a screen.
        let branchesOnly = FlowGraph(flow: Flow(id: flow.id, title: flow.title, category: flow.category,
                                                version: flow.version, start: flow.start,
                                                nodes: flow.nodes.filter(\.isBranch)))
        for component in branchesOnly.components() where branchesOnly.isCycle(component) {
            let members = component.sorted().map { branchesOnly.ids[$0] }
            report(branchesOnly.nodes[component.min()!], "nodes.\(members[0])",
                   "computed branches go round without a question in between: \(members.joined(separator: " → "))")
        }
    }

    // MARK: - Definite assignment

    /// Which variables each edge sets for certain, whatever the resident picks.
    private func definitelySet(from node: Node) -> [(target: String, sets: Set<String>)] {
        switch node.kind {
        case .question(let question):
            return question.options.compactMap { option in
                guard let next = option.next else { return nil }
                var sets = Set(option.sets.keys)
                if let name = question.variable { sets.insert(name) }
                return (next, sets)
            }
        case .multiSelect(let select):
            // An option's own `set:` applies only when ticked, so only the question's variable is certain.
            return [(select.next, select.variable.map { [$0] } ?? [])]
        case .number(let entry): return [(entry.next, [entry.variable])]
        case .info(let page): return [(page.next, [])]
        case .branch(let branch):
            return [(branch.then, Set<String>())] + (branch.otherwise.map { [($0, Set<String>())] } ?? [])
        case .outcome: return []
        }
    }

    /// A forward "must" analysis: a variable is available at a node only if every way from the start to it sets
    /// it. A condition reading anything else is reported with one such way, so the author sees the gap.
    private mutating func checkAssignments(declarations: [String: VariableDeclaration]) {
        let reachable = graph.reachable()
        let all = Set(declarations.keys)
        var available = [String: Set<String>]()
        for position in reachable { available[graph.ids[position]] = all }
        available[flow.start] = []
        var pending = reachable.sorted().map { graph.ids[$0] }
        while let id = pending.popLast() {
            guard let node = graph.node(id), let here = available[id] else { continue }
            for (target, sets) in definitelySet(from: node) {
                guard let before = available[target], target != flow.start else { continue }
                let after = before.intersection(here.union(sets))
                if after != before {
                    available[target] = after
                    pending.append(target)
                }
            }
        }
        for position in reachable.sorted() {
            let node = graph.nodes[position]
            guard case .branch(let branch) = node.kind else { continue }
            let here = available[node.id] ?? []
            var reported = Set<String>()
            for (reference, offset) in branch.condition.expression.references {
                guard case .variable(let name) = reference, declarations[name] != nil, !here.contains(name),
                      reported.insert(name).inserted else { continue }
                let way = wayWithout(name, to: node.id)
                errors.append(AuthoringError(conditionLocation(branch.condition, node: node, offset: offset),
                                             field: "nodes.\(node.id).if",
                                             "'\(name)' is read here, but nothing sets it on the way "
                                             + way.joined(separator: " → ")))
            }
        }
    }

    /// The shortest way from the start to `target` on which nothing sets `name`.
    private func wayWithout(_ name: String, to target: String) -> [String] {
        var parent: [String: String] = [flow.start: flow.start]
        var queue = [flow.start]
        var head = 0
        while head < queue.count {
            let id = queue[head]
            head += 1
            if id == target { break }
            guard let node = graph.node(id) else { continue }
            for (next, sets) in definitelySet(from: node) where !sets.contains(name) && parent[next] == nil {
                parent[next] = id
                queue.append(next)
            }
        }
        guard parent[target] != nil else { return [target] }
        var way = [target]
        var current = target
        while current != flow.start, let previous = parent[current] {
            way.append(previous)
            current = previous
        }
        return way.reversed()
    }
}
