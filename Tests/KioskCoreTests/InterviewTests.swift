import Foundation
import Testing
@testable import KioskCore

@Suite struct InterviewTests {
    @Test func walksToAnOutcomeAndBuildsTheSlip() throws {
        var interview = try Interview(flow: Fixtures.flow)
        try interview.choose(1)
        try interview.choose(1)
        try interview.choose(0)
        #expect(interview.isAtOutcome)
        #expect(interview.currentNodeID == "o-arbitration")
        let slip = try #require(SlipBuilder.slip(for: interview, content: Fixtures.content, context: SlipContext(
            kioskID: "k1", publicBaseURL: "https://center.example/", date: Date(timeIntervalSince1970: 0),
            timeZone: TimeZone(identifier: "Asia/Shanghai")!)))
        #expect(slip.situation == "商店；已离开；不到一年")
        #expect(slip.qrURL == "https://center.example/g/wages/o-arbitration?v=test-1")
        #expect(slip.date == "1970-01-01")
        #expect(slip.citations == [Citation(law: "仲裁法", article: "第二十七条")])
        #expect(slip.places.map(\.id) == ["center"])
        #expect(slip.hotline == "12348")
    }

    @Test func backForgetsTheAbandonedBranch() throws {
        var interview = try Interview(flow: Fixtures.flow)
        try interview.choose(1)
        try interview.choose(0)
        #expect(interview.currentNodeID == "o-employed")
        let wentBack = interview.back()
        #expect(wentBack)
        try interview.choose(1)
        try interview.choose(1)
        let slip = try #require(SlipBuilder.slip(for: interview, content: Fixtures.content,
                                                 context: SlipContext(kioskID: "k", publicBaseURL: "x")))
        #expect(!slip.situation.contains("还在上班"))
        #expect(interview.trail.map { $0.options.map(\.id) } == [["shop"], ["no"], ["long"]])
    }

    @Test func backAtTheFirstQuestionDoesNothing() throws {
        var interview = try Interview(flow: Fixtures.flow)
        let wentBack = interview.back()
        #expect(!wentBack)
        #expect(interview.currentNodeID == "q1")
    }

    @Test func startOverClearsEverything() throws {
        var interview = try Interview(flow: Fixtures.flow)
        try interview.choose(1)
        interview.startOver()
        #expect(interview.trail.isEmpty)
        #expect(interview.currentNodeID == "q1")
    }

    @Test func rejectsChoicesThatDoNotExist() throws {
        var interview = try Interview(flow: Fixtures.flow)
        #expect(throws: InterviewError.optionOutOfRange(node: "q1", index: 5, count: 2)) { try interview.choose(5) }
        try interview.choose(0)
        #expect(throws: InterviewError.wrongAnswer(node: "o-site", kind: "outcome", expected: "no answer")) {
            try interview.choose(0)
        }
    }

    @Test func progressCountsTheLongestWayLeft() throws {
        var interview = try Interview(flow: Fixtures.flow)
        #expect(interview.progress.step == 1 && interview.progress.ofAtMost == 4)
        try interview.choose(0)
        #expect(interview.progress.step == 2 && interview.progress.ofAtMost == 2)
    }

    @Test func sameChoicesGiveTheSameSlip() throws {
        func slip() throws -> SlipModel? {
            var interview = try Interview(flow: Fixtures.flow)
            try interview.choose(1)
            try interview.choose(0)
            return SlipBuilder.slip(for: interview, content: Fixtures.content, context: SlipContext(
                kioskID: "k", publicBaseURL: "x", date: Date(timeIntervalSince1970: 1_700_000_000)))
        }
        #expect(try slip() == slip())
    }

    @Test func publicURLEscapesTheVersion() {
        #expect(SlipBuilder.publicURL(base: "https://c.example//", flowID: "f", outcomeID: "o", contentVersion: "2026 11")
                == "https://c.example/g/f/o?v=2026%2011")
    }
}
