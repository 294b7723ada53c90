import Foundation

/// One way through a flow: the answers given, every node passed (branches included) and the outcome.
public struct FlowPath: Hashable, Sendable, Codable {
    public var flow: String
    /// One answer per screen, written as `kioskctl walk --choose` takes them: option ids, ids joined by commas
    /// (or `-` for none ticked) on a multi-select, a number, `next` on an info page.
    public var answers: [String]
    public var nodes: [String]
    public var outcome: String
}

/// Lists every way through a flow, for golden slips and review. A number entry is tried at the values that
/// matter (each threshold the flow's conditions or settings mention, one either side, and the entry's limits);
/// a multi-select with the option combinations its conditions can tell apart. Ways that pass the same nodes are
/// one path; a way never goes round a cycle.
public enum FlowPaths {
    public struct Listing: Sendable {
        public var paths: [FlowPath]
        /// Branch arms ("b-income.then") no listed path takes: a threshold the example values missed, or an arm
        /// no answer can reach.
        public var untakenArms: [String]
        /// True when the listing stopped at `limit` paths.
        public var truncated: Bool
    }

    public static func list(_ flow: Flow, settings: LocalSettings, limit: Int = 5000) throws -> Listing {
        var explorer = Explorer(flow: flow, settings: settings, limit: limit)
        try explorer.explore(try Interview(flow: flow, settings: settings), answers: [])
        let graph = FlowGraph(flow: flow)
        let reachable = graph.reachable()
        var arms = Set<String>()
        for (position, node) in graph.nodes.enumerated() where node.isBranch && reachable.contains(position) {
            arms.insert("\(node.id).then")
            arms.insert("\(node.id).else")
        }
        for path in explorer.paths {
            for (index, id) in path.nodes.enumerated() where index + 1 < path.nodes.count {
                guard let node = graph.node(id), case .branch(let branch) = node.kind else { continue }
                arms.remove("\(id).\(path.nodes[index + 1] == branch.then ? "then" : "else")")
            }
        }
        return Listing(paths: explorer.paths, untakenArms: arms.sorted(), truncated: explorer.truncated)
    }

    private struct Explorer {
        let flow: Flow
        let settings: LocalSettings
        let limit: Int
        var paths: [FlowPath] = []
        var seen = Set<[String]>()
        var truncated = false
        let thresholds: [Double]
        let mentionedTexts: Set<String>

        init(flow: Flow, settings: LocalSettings, limit: Int) {
            self.flow = flow
            self.settings = settings
            self.limit = limit
            var numbers: [Double] = []
            var texts = Set<String>()
            for node in flow.nodes {
                guard case .branch(let branch) = node.kind else { continue }
                numbers += branch.condition.expression.numberLiterals
                texts.formUnion(branch.condition.expression.textLiterals)
                for (reference, _) in branch.condition.expression.references {
                    if case .number(let value)? = settings.value(of: reference) { numbers.append(value) }
                }
            }
            thresholds = Array(Set(numbers)).sorted()
            mentionedTexts = texts
        }

        mutating func explore(_ interview: Interview, answers: [String]) throws {
            guard !truncated else { return }
            let node = interview.currentNode
            if node.isOutcome {
                let nodes = interview.path
                if seen.insert(nodes).inserted {
                    paths.append(FlowPath(flow: flow.id, answers: answers, nodes: nodes, outcome: node.id))
                    if paths.count >= limit { truncated = true }
                }
                return
            }
            let visited = Set(interview.trail.map(\.nodeID))
            for (answer, token) in candidates(for: node) {
                var next = interview
                guard (try? next.answer(answer)) != nil, !visited.contains(next.currentNodeID),
                      next.currentNodeID != node.id else { continue }
                try explore(next, answers: answers + [token])
            }
        }

        private func candidates(for node: Node) -> [(Answer, String)] {
            switch node.kind {
            case .question(let question):
                return question.options.enumerated().map { (.choice($0), $1.id) }
            case .info:
                return [(.proceed, "next")]
            case .number(let entry):
                var values: [Double] = [entry.minimum]
                for threshold in thresholds {
                    let step: Double = entry.allowsDecimals ? 0.5 : 1
                    for value in [threshold - step, threshold, threshold + step] { values.append(value) }
                }
                values.append(entry.maximum)
                let usable = values.map { entry.allowsDecimals ? $0 : $0.rounded(.down) }
                    .filter { $0 >= entry.minimum && $0 <= entry.maximum }
                return Array(Set(usable)).sorted().map { (.number($0), LocalSettings.display(.number($0))) }
            case .multiSelect(let select):
                // Options a condition names or that set something can change the way; the rest only the wording.
                let telling = select.options.indices.filter {
                    mentionedTexts.contains(select.options[$0].id) || !select.options[$0].sets.isEmpty
                        || select.options[$0].isExclusive
                }
                let quiet = select.options.indices.filter { !telling.contains($0) }
                var result: [(Answer, String)] = []
                for mask in 0..<(1 << min(telling.count, 8)) {
                    var picked = Set(telling.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element))
                    // Fill up to the minimum with options that change nothing but the wording.
                    for index in quiet where picked.count < select.minimum { picked.insert(index) }
                    guard picked.count >= select.minimum else { continue }
                    if picked.count > 1, picked.contains(where: { select.options[$0].isExclusive }) { continue }
                    let token = picked.isEmpty ? "-" : picked.sorted().map { select.options[$0].id }.joined(separator: ",")
                    if !result.contains(where: { $0.1 == token }) { result.append((.choices(picked), token)) }
                }
                return result
            case .branch, .outcome:
                return []
            }
        }
    }
}

extension Expression {
    /// Text written in the expression (option ids a condition tests for).
    public var textLiterals: [String] {
        switch self {
        case .text(let text, _): [text]
        case .number, .bool, .reference: []
        case .list(let items, _): items.flatMap(\.textLiterals)
        case .unary(_, let operand, _): operand.textLiterals
        case .binary(_, let left, let right, _): left.textLiterals + right.textLiterals
        }
    }
}

public struct AnswerSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension Answer {
    /// Reads an answer as `kioskctl walk --choose` and `content paths` write it, for the screen `node` shows:
    /// an option's number (from 1) or id; several joined by commas, or `-` for none ticked, on a multi-select; a number on a
    /// keypad screen; `next` on an info page.
    public static func parse(_ token: String, at node: Node) throws(AnswerSyntaxError) -> Answer {
        func problem(_ message: String) -> AnswerSyntaxError {
            AnswerSyntaxError(message: "'\(token)' at '\(node.id)': \(message)")
        }
        func optionIndex(_ part: Substring, in options: [AnswerOption]) throws(AnswerSyntaxError) -> Int {
            if let number = Int(part) {
                guard (1...max(1, options.count)).contains(number), !options.isEmpty else {
                    throw problem("this \(node.kind.name) has options 1 to \(options.count)")
                }
                return number - 1
            }
            guard let index = options.firstIndex(where: { $0.id == part }) else {
                throw problem("no option '\(part)'; options: \(options.map(\.id).joined(separator: ", "))")
            }
            return index
        }
        switch node.kind {
        case .question(let question):
            return .choice(try optionIndex(Substring(token), in: question.options))
        case .multiSelect(let select):
            var picked = Set<Int>()
            for part in token == "-" ? [] : token.split(separator: ",") { picked.insert(try optionIndex(part, in: select.options)) }
            return .choices(picked)
        case .number:
            guard let value = Double(token), token.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else {
                throw problem("a number entry takes digits, such as 1800")
            }
            return .number(value)
        case .info:
            guard token == "next" else { throw problem("an info page is left with 'next'") }
            return .proceed
        case .outcome:
            throw problem("this is an outcome; there is nothing left to answer")
        case .branch:
            throw problem("a computed branch takes no answer")
        }
    }
}
