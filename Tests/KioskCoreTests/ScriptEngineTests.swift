import Foundation
import Testing
@testable import KioskCore

/// The engine over every node kind, with variables, conditions and settings.
@Suite struct ScriptEngineTests {
    let settings = LocalSettings(Fixtures.aidSettings)

    func interview() throws -> Interview { try Interview(flow: Fixtures.aid, settings: settings) }

    @Test func aMultiSelectAnswerDecidesTheBranchWithoutStoppingThere() throws {
        var interview = try interview()
        try interview.answer(.choice(0))
        #expect(interview.currentNodeID == "m-groups")
        try interview.answer(.choices([1]))
        #expect(interview.currentNodeID == "o-exempt")
        #expect(interview.path == ["q-matter", "m-groups", "b-exempt", "o-exempt"])
        #expect(interview.variables["groups"] == .choices(["migrant"]))
        #expect(interview.variables["matter"] == .text("wages"))
        #expect(interview.variables["urgent"] == .bool(false))
    }

    @Test func aNumberIsComparedWithTheKiosksThreshold() throws {
        for (income, outcome, threshold) in [(1500.0, "o-likely", 2000.0), (2000, "o-likely", 2000), (2001, "o-above", 2000),
                                             (1500, "o-above", 1000)] {
            var interview = try Interview(flow: Fixtures.aid, settings: LocalSettings(["threshold": .number(threshold)]))
            try interview.answer(.choice(0))
            try interview.answer(.choices([3]))
            #expect(interview.currentNodeID == "n-income")
            try interview.answer(.number(income))
            #expect(interview.currentNodeID == outcome, "income \(income), threshold \(threshold)")
        }
    }

    @Test func numbersOutsideTheRangeOrWithDecimalsAreRefused() throws {
        var interview = try interview()
        try interview.answer(.choice(0))
        try interview.answer(.choices([3]))
        #expect(throws: InterviewError.numberOutOfRange(node: "n-income", value: 100_001, minimum: 0, maximum: 100_000)) {
            try interview.answer(.number(100_001))
        }
        #expect(throws: InterviewError.wholeNumberExpected(node: "n-income")) { try interview.answer(.number(1.5)) }
        #expect(interview.currentNodeID == "n-income")
    }

    @Test func anExclusiveOptionCannotBeTickedWithOthersAndTheMinimumHolds() throws {
        var interview = try interview()
        try interview.answer(.choice(0))
        #expect(throws: InterviewError.exclusiveCombined(node: "m-groups", option: "none")) {
            try interview.answer(.choices([0, 3]))
        }
        #expect(throws: InterviewError.tooFewChoices(node: "m-groups", minimum: 1)) { try interview.answer(.choices([])) }
    }

    @Test func goingBackForgetsTheAnswerAndEverythingItSet() throws {
        var interview = try interview()
        try interview.answer(.choice(1))
        #expect(interview.variables["urgent"] == .bool(true))
        #expect(interview.currentNodeID == "i-safety")
        interview.back()
        #expect(interview.variables.isEmpty)
        try interview.answer(.choice(0))
        try interview.answer(.choices([3]))
        try interview.answer(.number(900))
        #expect(interview.variables["urgent"] == .bool(false))
        interview.back()
        #expect(interview.currentNodeID == "n-income")
        #expect(interview.variables["income"] == nil)
        interview.back()
        #expect(interview.variables["groups"] == nil && interview.currentNodeID == "m-groups")
    }

    @Test func anInfoPageIsLeftWithProceedOnly() throws {
        var interview = try interview()
        try interview.answer(.choice(1))
        #expect(throws: InterviewError.wrongAnswer(node: "i-safety", kind: "info", expected: "继续 (proceed)")) {
            try interview.answer(.choice(0))
        }
        try interview.answer(.proceed)
        #expect(interview.currentNodeID == "o-free")
    }

    @Test func progressNeverCountsBranchesAndNeverPromisesTooFew() throws {
        var interview = try interview()
        // q-matter, m-groups, n-income, outcome: branches are not screens.
        #expect(interview.progress.step == 1 && interview.progress.ofAtMost == 4)
        try interview.answer(.choice(1))
        #expect(interview.progress.step == 2 && interview.progress.ofAtMost == 3)
    }

    @Test func anUndecidableConditionTakesElse() throws {
        var flow = Fixtures.aid
        let index = flow.nodes.firstIndex { $0.id == "b-income" }!
        flow.nodes[index].kind = .branch(Branch(condition: try Condition("income / 0 > 1"), then: "o-likely", otherwise: "o-above"))
        var interview = try Interview(flow: flow, settings: settings)
        try interview.answer(.choice(0))
        try interview.answer(.choices([3]))
        try interview.answer(.number(10))
        #expect(interview.currentNodeID == "o-above")
    }

    @Test func aFlowMayStartWithABranchOnASetting() throws {
        var flow = Fixtures.aid
        flow.nodes.append(Node(id: "b-start", kind: .branch(Branch(
            condition: try Condition("config.threshold > 0"), then: "q-matter", otherwise: "o-free"))))
        flow.start = "b-start"
        var interview = try Interview(flow: flow, settings: settings)
        #expect(interview.currentNodeID == "q-matter")
        #expect(interview.path == ["b-start", "q-matter"])
        try interview.answer(.choice(1))
        interview.startOver()
        #expect(interview.currentNodeID == "q-matter" && interview.trail.isEmpty)
    }

    @Test func settingsAreFilledIntoTextAndOverridesAreChecked() {
        let (merged, problems) = LocalSettings.merging(
            defaults: ["threshold": .number(2000), "service_center": .text("县中心")],
            overrides: ["threshold": .number(2500), "service_center": .number(1), "unknown": .text("x")])
        #expect(merged["threshold"] == .number(2500))
        #expect(merged["service_center"] == .text("县中心"))
        #expect(problems.count == 2)
        #expect(problems.contains { $0.contains("local.unknown") })
        #expect(merged.fill("标准 {config.threshold} 元，到{config.service_center}，{config.nothing}") ==
                "标准 2500 元，到县中心，{config.nothing}")
    }

    @Test func theSlipFillsSettingsAndNeverShowsATypedNumber() throws {
        var interview = try interview()
        try interview.answer(.choice(0))
        try interview.answer(.choices([3]))
        try interview.answer(.number(7319))
        let slip = try #require(SlipBuilder.slip(for: interview, content: Fixtures.content,
                                                 context: SlipContext(kioskID: "k", publicBaseURL: "https://c")))
        #expect(slip.guidance == "到县中心申请")
        #expect(slip.situation == "讨薪；都不是")
        #expect(!SlipBuilder.text(of: slip).contains("7319"))
    }

    @Test func pathsCoverEveryOutcomeAndEveryBranchArm() throws {
        let listing = try FlowPaths.list(Fixtures.aid, settings: settings)
        #expect(Set(listing.paths.map(\.outcome)) == ["o-free", "o-exempt", "o-likely", "o-above"])
        #expect(listing.untakenArms.isEmpty)
        #expect(!listing.truncated)
        // Every listed path replays to its outcome.
        for path in listing.paths {
            var interview = try interview()
            for token in path.answers { try interview.answer(try Answer.parse(token, at: interview.currentNode)) }
            #expect(interview.currentNodeID == path.outcome)
            #expect(interview.path == path.nodes)
        }
    }
}

@Suite struct RelatedFlowTests {
    @Test func anOutcomeOpensARelatedFlowInTheSameVisit() throws {
        var visit = Visit(content: Fixtures.content, kioskID: "k", publicBaseURL: "x", hotline: "12348")
        _ = visit.handle(.openFlow("aid"), nowMillis: 0, newVisitID: { "v1" })
        // Not before the outcome, and only flows the outcome lists.
        #expect(visit.handle(.openRelated("wages"), nowMillis: 1, newVisitID: { "v2" }).isEmpty)
        for action: ScreenAction in [.choose(1), .proceed] { _ = visit.handle(action, nowMillis: 1, newVisitID: { "v2" }) }
        #expect(visit.interview?.currentNodeID == "o-free")
        let screen = visit.screen(nowMillis: 1)
        #expect(screen.links.map(\.action) == [.openRelated("wages")])
        #expect(visit.handle(.openRelated("aid"), nowMillis: 2, newVisitID: { "v2" }).isEmpty)
        let effects = visit.handle(.openRelated("wages"), nowMillis: 3, newVisitID: { "v2" })
        #expect(effects == [.record(UsageEvent(kind: .flowStart, atMillis: 3, visit: "v1", flow: "wages", node: "q1"))])
        #expect(visit.interview?.flow.id == "wages" && visit.interview?.canGoBack == false)
        #expect(visit.visitID == "v1")
    }
}
