import Foundation

/// A flow as a graph of node ids, for the checker's analyses and the engine's progress count.
public struct FlowGraph: Sendable {
    public let flow: Flow
    /// Node ids in authored order; duplicates after the first are ignored (the checker reports them).
    public let ids: [String]
    public let index: [String: Int]
    /// Successors that exist, by position.
    public let successors: [[Int]]

    /// The nodes, by position (the first of each id).
    public let nodes: [Node]

    public init(flow: Flow) {
        self.flow = flow
        var nodes: [Node] = []
        var index: [String: Int] = [:]
        for node in flow.nodes where index[node.id] == nil {
            index[node.id] = nodes.count
            nodes.append(node)
        }
        self.nodes = nodes
        self.ids = nodes.map(\.id)
        self.index = index
        self.successors = nodes.map { $0.successors.compactMap { index[$0] } }
    }

    /// The node with this id, if the flow has one.
    public func node(_ id: String) -> Node? { index[id].map { nodes[$0] } }

    /// Nodes a resident can reach from the start.
    public func reachable() -> Set<Int> {
        guard let start = index[flow.start] else { return [] }
        var seen: Set<Int> = [start]
        var pending = [start]
        while let node = pending.popLast() {
            for next in successors[node] where seen.insert(next).inserted { pending.append(next) }
        }
        return seen
    }

    /// Nodes from which some way leads to an outcome.
    public func reachesOutcome() -> Set<Int> {
        var predecessors = Array(repeating: [Int](), count: ids.count)
        for (node, nexts) in successors.enumerated() { for next in nexts { predecessors[next].append(node) } }
        var seen = Set(nodes.indices.filter { nodes[$0].isOutcome })
        var pending = Array(seen)
        while let node = pending.popLast() {
            for previous in predecessors[node] where seen.insert(previous).inserted { pending.append(previous) }
        }
        return seen
    }

    /// Strongly connected components (Tarjan), in reverse topological order: every component comes after
    /// the components it leads to.
    public func components() -> [[Int]] {
        var indexOf = Array(repeating: -1, count: ids.count)
        var low = Array(repeating: 0, count: ids.count)
        var onStack = Array(repeating: false, count: ids.count)
        var stack: [Int] = []
        var counter = 0
        var result: [[Int]] = []
        // Iterative, so a long generated flow cannot overflow the call stack.
        for root in ids.indices where indexOf[root] < 0 {
            var work: [(node: Int, next: Int)] = [(root, 0)]
            indexOf[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while let (node, position) = work.last {
                if position < successors[node].count {
                    work[work.count - 1].next += 1
                    let next = successors[node][position]
                    if indexOf[next] < 0 {
                        indexOf[next] = counter; low[next] = counter; counter += 1
                        stack.append(next); onStack[next] = true
                        work.append((next, 0))
                    } else if onStack[next] {
                        low[node] = min(low[node], indexOf[next])
                    }
                } else {
                    work.removeLast()
                    if let parent = work.last { low[parent.node] = min(low[parent.node], low[node]) }
                    if low[node] == indexOf[node] {
                        var component: [Int] = []
                        while let member = stack.popLast() {
                            onStack[member] = false
                            component.append(member)
                            if member == node { break }
                        }
                        result.append(component)
                    }
                }
            }
        }
        return result
    }

    /// Whether a component is a cycle (more than one node, or a node leading to itself).
    public func isCycle(_ component: [Int]) -> Bool {
        component.count > 1 || successors[component[0]].contains(component[0])
    }

    /// For each node, the most screens (nodes other than branches) any way from it can still show, counting
    /// itself. A cycle counts each of its screens once: an upper bound for every way that does not go round.
    public func longestRemainingScreens() -> [String: Int] {
        let components = components()
        var componentOf = Array(repeating: 0, count: ids.count)
        for (number, component) in components.enumerated() { for node in component { componentOf[node] = number } }
        var longest = Array(repeating: 0, count: components.count)
        // Reverse topological order: successors' components are done before their predecessors'.
        for (number, component) in components.enumerated() {
            let screens = component.filter { !nodes[$0].isBranch }.count
            var after = 0
            for node in component {
                for next in successors[node] where componentOf[next] != number { after = max(after, longest[componentOf[next]]) }
            }
            longest[number] = screens + after
        }
        var result: [String: Int] = [:]
        for (node, id) in ids.enumerated() { result[id] = longest[componentOf[node]] }
        return result
    }
}
