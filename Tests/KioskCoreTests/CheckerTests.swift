import Testing
@testable import KioskCore

@Suite struct CheckerTests {
    @Test func soundContentPasses() {
        #expect(ContentChecker.check(Fixtures.content).isEmpty)
    }

    @Test func findsBrokenReferencesMissingCitationsAndUnreachableNodes() {
        var content = Fixtures.content
        var flow = Fixtures.flow
        flow.nodes[0].kind = .question(Question(prompt: "?", options: [
            AnswerOption(id: "a", label: "A", next: "nowhere"), AnswerOption(id: "b", label: "B", next: "o-site"),
        ]))
        flow.nodes[3].kind = .outcome(Outcome(title: "t", guidance: "g", places: ["ghost"], citations: []))
        content.flows = [flow, Fixtures.aid]
        let messages = ContentChecker.check(content).map(\.description)
        #expect(messages.contains { $0.contains("no node named 'nowhere'") })
        #expect(messages.contains { $0.contains("must cite at least one law") })
        #expect(messages.contains { $0.contains("no directory entry 'ghost'") })
        #expect(messages.contains { $0.contains("nodes.q2") && $0.contains("unreachable") })
    }

    @Test func missingInterfaceTextIsAnError() {
        var content = Fixtures.content
        content.strings.entries["back"] = nil
        #expect(ContentChecker.check(content).map(\.field) == ["back"])
    }
}
