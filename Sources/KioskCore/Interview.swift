import Foundation

public enum InterviewError: Error, Equatable, CustomStringConvertible {
    case unknownFlow(String)
    case missingNode(flow: String, node: String)
    case optionOutOfRange(node: String, index: Int, count: Int)
    case notAQuestion(node: String)

    public var description: String {
        switch self {
        case .unknownFlow(let id): "no flow with id '\(id)'"
        case .missingNode(let flow, let node): "flow '\(flow)' refers to missing node '\(node)'"
        case .optionOutOfRange(let node, let index, let count):
            "node '\(node)' has \(count) options; choice \(index + 1) does not exist"
        case .notAQuestion(let node): "node '\(node)' is not a question; nothing to choose"
        }
    }
}

/// One answered question on the way to where the resident is now.
public struct AnsweredStep: Hashable, Sendable {
    public var nodeID: String
    public var option: AnswerOption
}

/// One resident's way through one flow. Pure: the same choices always give the same screens and slip.
///
/// The trail holds only the answers on the current path; going back drops the last answer, so nothing
/// from an abandoned branch can reach the slip.
public struct Interview: Sendable {
    public let flow: Flow
    public private(set) var trail: [AnsweredStep] = []
    public private(set) var currentNodeID: String

    public init(flow: Flow) throws {
        self.flow = flow
        guard flow.node(flow.start) != nil else { throw InterviewError.missingNode(flow: flow.id, node: flow.start) }
        self.currentNodeID = flow.start
    }

    public var currentNode: Node { flow.node(currentNodeID)! }
    public var canGoBack: Bool { !trail.isEmpty }
    public var isAtOutcome: Bool { currentNode.isOutcome }

    /// Chooses the option at `index` (0-based) on the current question.
    @discardableResult
    public mutating func choose(_ index: Int) throws -> AnswerOption {
        guard case .question(_, let options) = currentNode.kind else {
            throw InterviewError.notAQuestion(node: currentNodeID)
        }
        guard options.indices.contains(index) else {
            throw InterviewError.optionOutOfRange(node: currentNodeID, index: index, count: options.count)
        }
        let option = options[index]
        guard flow.node(option.next) != nil else {
            throw InterviewError.missingNode(flow: flow.id, node: option.next)
        }
        trail.append(AnsweredStep(nodeID: currentNodeID, option: option))
        currentNodeID = option.next
        return option
    }

    /// Steps back one question, forgetting the answer given there. Returns false at the first question.
    @discardableResult
    public mutating func back() -> Bool {
        guard let last = trail.popLast() else { return false }
        currentNodeID = last.nodeID
        return true
    }

    public mutating func startOver() {
        trail.removeAll()
        currentNodeID = flow.start
    }

    /// "Step k of at most n": k counts questions answered plus this one; n adds the longest way from here
    /// to an outcome, so the promise never shrinks unexpectedly.
    public var progress: (step: Int, ofAtMost: Int) {
        let step = trail.count + 1
        return (step, trail.count + longestRemainingSteps(from: currentNodeID, visiting: []))
    }

    private func longestRemainingSteps(from nodeID: String, visiting: Set<String>) -> Int {
        guard let node = flow.node(nodeID), !visiting.contains(nodeID) else { return 0 }
        switch node.kind {
        case .outcome: return 1
        case .question(_, let options):
            let deeper = options.map { longestRemainingSteps(from: $0.next, visiting: visiting.union([nodeID])) }
            return 1 + (deeper.max() ?? 0)
        }
    }
}
