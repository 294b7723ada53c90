import Foundation
import Testing
@testable import KioskCore

/// Random walks with back and start over: whatever a resident does, the slip and the engine hold only the answers
/// on the path they are on now. The generator is seeded, so a failure names a walk that can be replayed.
@Suite struct AbandonedAnswerPropertyTests {
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// What the variables must be: the answers on the current trail, applied in order, and nothing else.
    static func expectedVariables(_ interview: Interview) -> [String: ScriptValue] {
        var variables: [String: ScriptValue] = [:]
        for step in interview.trail {
            guard let node = interview.flow.node(step.nodeID) else { continue }
            switch (node.kind, step.answer) {
            case (.question(let question), .choice(let index)):
                if let name = question.variable { variables[name] = .text(question.options[index].id) }
            case (.multiSelect(let select), .choices(let indices)):
                if let name = select.variable { variables[name] = .choices(Set(indices.map { select.options[$0].id })) }
            case (.number(let entry), .number(let value)):
                variables[entry.variable] = .number(value)
            default: break
            }
            for option in step.options { for (name, value) in option.sets { variables[name] = value } }
        }
        return variables
    }

    static func randomAnswer(for node: Node, using generator: inout SeededGenerator) -> Answer? {
        switch node.kind {
        case .question(let question): return .choice(Int.random(in: 0..<question.options.count, using: &generator))
        case .multiSelect(let select):
            let plain = select.options.indices.filter { !select.options[$0].isExclusive }
            if let exclusive = select.options.indices.first(where: { select.options[$0].isExclusive }), Bool.random(using: &generator) {
                return .choices([exclusive])
            }
            let picked = Set(plain.filter { _ in Bool.random(using: &generator) })
            return .choices(picked.isEmpty ? [plain[0]] : picked)
        case .number(let entry):
            return .number(Double(Int.random(in: Int(entry.minimum)...min(Int(entry.maximum), 5000), using: &generator)))
        case .info: return .proceed
        case .branch, .outcome: return nil
        }
    }

    @Test(arguments: [Fixtures.flow, Fixtures.aid])
    func randomWalksNeverKeepAnAbandonedAnswer(_ flow: Flow) throws {
        let settings = LocalSettings(Fixtures.aidSettings)
        for seed in UInt64(1)...200 {
            var generator = SeededGenerator(state: seed)
            var interview = try Interview(flow: flow, settings: settings)
            var abandoned: [String] = []
            for _ in 0..<40 {
                let roll = Int.random(in: 0..<10, using: &generator)
                if roll < 3, let last = interview.trail.last {
                    interview.back()
                    abandoned += last.options.compactMap(\.summary)
                } else if roll == 3 {
                    abandoned += interview.trail.flatMap { $0.options.compactMap(\.summary) }
                    interview.startOver()
                } else if let answer = Self.randomAnswer(for: interview.currentNode, using: &generator) {
                    try interview.answer(answer)
                }
                #expect(interview.variables == Self.expectedVariables(interview), "seed \(seed)")
                if interview.isAtOutcome {
                    let slip = try #require(SlipBuilder.slip(for: interview, content: Fixtures.content,
                                                             context: SlipContext(kioskID: "k", publicBaseURL: "x")))
                    let current = Set(interview.trail.flatMap { $0.options.compactMap(\.summary) })
                    for summary in Set(abandoned).subtracting(current) {
                        #expect(!slip.situation.contains(summary), "seed \(seed): '\(summary)' was abandoned")
                    }
                    // And the same answers give the same slip.
                    var again = try Interview(flow: flow, settings: settings)
                    for step in interview.trail { try again.answer(step.answer) }
                    #expect(SlipBuilder.slip(for: again, content: Fixtures.content,
                                             context: SlipContext(kioskID: "k", publicBaseURL: "x", date: Date(timeIntervalSince1970: 0)))
                            == SlipBuilder.slip(for: interview, content: Fixtures.content,
                                                context: SlipContext(kioskID: "k", publicBaseURL: "x", date: Date(timeIntervalSince1970: 0))))
                }
            }
        }
    }

    /// The same at the visit level: a tick or a part-typed number left behind never shows on a later screen.
    @Test func visitDraftsDoNotSurviveLeavingTheScreen() {
        var visit = Visit(content: Fixtures.content, kioskID: "k", publicBaseURL: "x", hotline: "12348")
        _ = visit.handle(.openFlow("aid"), nowMillis: 0, newVisitID: { "v" })
        _ = visit.handle(.choose(0), nowMillis: 0, newVisitID: { "v" })
        _ = visit.handle(.toggle(1), nowMillis: 0, newVisitID: { "v" })
        #expect(visit.screen(nowMillis: 0).choices[1].isSelected == true)
        _ = visit.handle(.back, nowMillis: 0, newVisitID: { "v" })
        _ = visit.handle(.choose(0), nowMillis: 0, newVisitID: { "v" })
        #expect(visit.screen(nowMillis: 0).choices.allSatisfy { $0.isSelected == false })
        _ = visit.handle(.toggle(3), nowMillis: 0, newVisitID: { "v" })
        _ = visit.handle(.proceed, nowMillis: 0, newVisitID: { "v" })
        for digit in [4, 2] { _ = visit.handle(.key(.digit(digit)), nowMillis: 0, newVisitID: { "v" }) }
        #expect(visit.screen(nowMillis: 0).field?.text == "42")
        let effects = visit.handle(.startOver, nowMillis: 0, newVisitID: { "v" })
        #expect(effects.count == 1)
        _ = visit.handle(.openFlow("aid"), nowMillis: 0, newVisitID: { "w" })
        _ = visit.handle(.choose(0), nowMillis: 0, newVisitID: { "w" })
        _ = visit.handle(.toggle(3), nowMillis: 0, newVisitID: { "w" })
        _ = visit.handle(.proceed, nowMillis: 0, newVisitID: { "w" })
        #expect(visit.screen(nowMillis: 0).field?.text == "")
    }

    @Test func aTypedNumberNeverLeavesTheKioskInAnEvent() {
        var visit = Visit(content: Fixtures.content, kioskID: "k", publicBaseURL: "x", hotline: "12348")
        var events: [UsageEvent] = []
        func tap(_ action: ScreenAction) {
            for case .record(let event) in visit.handle(action, nowMillis: 0, newVisitID: { "v" }) { events.append(event) }
        }
        for action: ScreenAction in [.openFlow("aid"), .choose(0), .toggle(3), .proceed, .key(.digit(7)), .key(.digit(3)),
                                     .key(.digit(1)), .proceed] { tap(action) }
        #expect(visit.interview?.currentNodeID == "o-likely")
        let encoded = events.map { String(decoding: try! JSONEncoder().encode($0), as: UTF8.self) }.joined()
        #expect(!encoded.contains("731"))
        #expect(events.contains { $0.kind == .step && $0.node == "m-groups" && $0.answer == "none" })
    }
}
