import Foundation

/// Static checks that make a broken flow impossible to ship: every reference resolves, every node is
/// reachable, every question leads somewhere, every outcome cites the law and says where to go.
public enum ContentChecker {
    public static func check(_ content: ContentSet) -> [AuthoringError] {
        var errors: [AuthoringError] = []
        let unknownPlace = SourceLocation(file: "directory.yaml", line: 1, column: 1)

        for key in UIText.allCases where content.strings.entries[key.rawValue] == nil {
            errors.append(AuthoringError(SourceLocation(file: "strings.yaml", line: 1, column: 1), field: key.rawValue,
                                         "missing interface text"))
        }

        var seenFlows: [String: SourceLocation] = [:]
        for flow in content.flows {
            let flowLocation = flow.location ?? unknownPlace
            if let first = seenFlows[flow.id] {
                errors.append(AuthoringError(flowLocation, field: "id", "flow id '\(flow.id)' is also used at \(first)"))
            }
            seenFlows[flow.id] = flowLocation
            var nodeIDs = Set<String>()
            for node in flow.nodes {
                if !nodeIDs.insert(node.id).inserted {
                    errors.append(AuthoringError(node.location ?? flowLocation, field: "nodes.\(node.id)", "duplicate node id"))
                }
            }
            if flow.node(flow.start) == nil {
                errors.append(AuthoringError(flowLocation, field: "start", "no node named '\(flow.start)'"))
            }
            for node in flow.nodes {
                let location = node.location ?? flowLocation
                let field = "nodes.\(node.id)"
                switch node.kind {
                case .question(_, let options):
                    if !(2...8).contains(options.count) {
                        errors.append(AuthoringError(location, field: field, "a question needs 2 to 8 options, not \(options.count)"))
                    }
                    var optionIDs = Set<String>()
                    for option in options {
                        if !optionIDs.insert(option.id).inserted {
                            errors.append(AuthoringError(location, field: field, "option id '\(option.id)' is used twice"))
                        }
                        if flow.node(option.next) == nil {
                            errors.append(AuthoringError(location, field: "\(field).options.\(option.id).next",
                                                         "no node named '\(option.next)'"))
                        }
                    }
                case .outcome(let outcome):
                    if outcome.citations.isEmpty {
                        errors.append(AuthoringError(location, field: "\(field).outcome.citations",
                                                     "an outcome must cite at least one law and article"))
                    }
                    if outcome.places.isEmpty {
                        errors.append(AuthoringError(location, field: "\(field).outcome.places",
                                                     "an outcome must say at least one place or number to go to"))
                    }
                    for place in outcome.places where content.place(place) == nil {
                        errors.append(AuthoringError(location, field: "\(field).outcome.places",
                                                     "no directory entry '\(place)'"))
                    }
                }
            }
            let reachableNodes = reachable(in: flow)
            for node in flow.nodes where !reachableNodes.contains(node.id) {
                errors.append(AuthoringError(node.location ?? flowLocation, field: "nodes.\(node.id)",
                                             "unreachable: no path from '\(flow.start)' leads here"))
            }
        }
        return errors
    }

    static func reachable(in flow: Flow) -> Set<String> {
        var seen = Set<String>()
        var pending = [flow.start]
        while let id = pending.popLast() {
            guard seen.insert(id).inserted, let node = flow.node(id) else { continue }
            if case .question(_, let options) = node.kind { pending += options.map(\.next) }
        }
        return seen
    }
}
