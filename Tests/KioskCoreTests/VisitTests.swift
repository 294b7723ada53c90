import Foundation
import Testing
@testable import KioskCore

@Suite struct VisitTests {
    func newVisit() -> Visit {
        Visit(content: Fixtures.content, kioskID: "k1", publicBaseURL: "https://c.example", hotline: "12348")
    }

    func events(_ effects: [VisitEffect]) -> [UsageEvent] {
        effects.compactMap { if case .record(let event) = $0 { event } else { nil } }
    }

    @Test func aWholeVisitRecordsAnonymousEvents() throws {
        var visit = newVisit()
        var recorded: [UsageEvent] = []
        recorded += events(visit.handle(.openFlow("wages"), nowMillis: 1000, newVisitID: { "v1" }))
        recorded += events(visit.handle(.choose(0), nowMillis: 4000, newVisitID: { "unused" }))
        let printEffects = visit.handle(.printSlip, nowMillis: 5000, newVisitID: { "unused" })
        #expect(printEffects.count == 1)
        guard case .print(let slip, let ticket) = printEffects.first else { Issue.record("expected a print"); return }
        #expect(slip.outcomeID == "o-site")
        // A second tap while the job runs must not print twice.
        #expect(visit.handle(.printSlip, nowMillis: 5100, newVisitID: { "unused" }).isEmpty)
        recorded += events(visit.printFinished(ticket, succeeded: true, failure: nil, nowMillis: 6000))
        #expect(visit.handle(.printSlip, nowMillis: 6100, newVisitID: { "unused" }).isEmpty)
        recorded += events(visit.handle(.finish, nowMillis: 7000, newVisitID: { "unused" }))

        #expect(recorded.map(\.kind) == [.visitStart, .step, .outcome, .slipPrinted, .visitEnd])
        #expect(recorded.allSatisfy { $0.visit == "v1" })
        #expect(recorded[1].answer == "site")
        #expect(recorded[1].dwellMillis == 3000)
        #expect(recorded.last?.reason == .outcome)
        #expect(!visit.isActive)
        #expect(visit.interview == nil)
    }

    @Test func eventsHoldNoTextFromContentOrResident() throws {
        var visit = newVisit()
        var recorded: [UsageEvent] = []
        recorded += events(visit.handle(.openFlow("wages"), nowMillis: 0, newVisitID: { "v" }))
        recorded += events(visit.handle(.choose(1), nowMillis: 1, newVisitID: { "v" }))
        recorded += events(visit.idleTimeout(nowMillis: 2))
        let json = String(decoding: try JSONEncoder().encode(recorded), as: UTF8.self)
        for label in ["工地", "商店", "哪里", "还在上班"] { #expect(!json.contains(label)) }
        #expect(recorded.last?.reason == .idleTimeout)
    }

    @Test func startOverEndsTheVisitAndGoesHome() {
        var visit = newVisit()
        _ = visit.handle(.openFlow("wages"), nowMillis: 0, newVisitID: { "v" })
        _ = visit.handle(.choose(1), nowMillis: 1, newVisitID: { "v" })
        let ended = events(visit.handle(.startOver, nowMillis: 2, newVisitID: { "v" }))
        #expect(ended.map(\.reason) == [.startOver])
        #expect(visit.screen(nowMillis: 3).kind == .home)
    }

    @Test func failedPrintCanBeRetriedAndIsCounted() {
        var visit = newVisit()
        _ = visit.handle(.openFlow("wages"), nowMillis: 0, newVisitID: { "v" })
        _ = visit.handle(.choose(0), nowMillis: 1, newVisitID: { "v" })
        guard case .print(_, let ticket) = visit.handle(.printSlip, nowMillis: 2, newVisitID: { "v" }).first else {
            Issue.record("expected a print"); return
        }
        let failed = events(visit.printFinished(ticket, succeeded: false, failure: "stopped", nowMillis: 3))
        #expect(failed.map(\.kind) == [.slipFailed])
        #expect(failed.first?.failure == "stopped")
        #expect(visit.screen(nowMillis: 4).status == "[print_failed]")
        #expect(visit.handle(.printSlip, nowMillis: 5, newVisitID: { "v" }).count == 1)
    }

    @Test func aJobFinishingAfterTheVisitEndedIsStillRecordedForThatVisit() {
        var visit = newVisit()
        _ = visit.handle(.openFlow("wages"), nowMillis: 0, newVisitID: { "first" })
        _ = visit.handle(.choose(0), nowMillis: 1, newVisitID: { "first" })
        guard case .print(_, let ticket) = visit.handle(.printSlip, nowMillis: 2, newVisitID: { "first" }).first else {
            Issue.record("expected a print"); return
        }
        _ = visit.handle(.finish, nowMillis: 3, newVisitID: { "first" })
        _ = visit.handle(.openFlow("wages"), nowMillis: 4, newVisitID: { "second" })
        let recorded = events(visit.printFinished(ticket, succeeded: true, failure: nil, nowMillis: 5))
        #expect(recorded.map(\.visit) == ["first"])
        #expect(recorded.map(\.kind) == [.slipPrinted])
        #expect(recorded.first?.outcome == "o-site")
        // The new visit's print button is untouched by the old job.
        #expect(visit.printState == .idle)
    }

    @Test func screensCarryStringsFromTheTable() {
        var visit = newVisit()
        let home = visit.screen(nowMillis: 0)
        #expect(home.kind == .home)
        #expect(home.choices.map(\.action) == [.openFlow("wages"), .openFlow("aid")])
        _ = visit.handle(.openFlow("wages"), nowMillis: 0, newVisitID: { "v" })
        let question = visit.screen(nowMillis: 0)
        #expect(question.prompt == "哪里？")
        #expect(question.choices.map(\.label) == ["工地", "商店"])
        #expect(question.bar.map(\.label) == ["[back]", "[start_over]"])
        #expect(question.bar.first?.isEnabled == false)
        _ = visit.handle(.choose(0), nowMillis: 0, newVisitID: { "v" })
        let outcome = visit.screen(nowMillis: 0)
        #expect(outcome.kind == .outcome)
        #expect(outcome.qrURL == "https://c.example/g/wages/o-site?v=test-1")
        #expect(outcome.bar.map(\.action).contains(.printSlip))
    }

    @Test func wireFormatIsCompactAndRoundTrips() throws {
        let event = SequencedEvent(seq: 7, event: UsageEvent(kind: .step, atMillis: 5, visit: "v", flow: "f", node: "n",
                                                             answer: "a", dwellMillis: 9))
        let data = try JSONEncoder().encode(EventBatch(kiosk: "k", events: [event]))
        let decoded = try JSONDecoder().decode(EventBatch.self, from: data)
        #expect(decoded.events == [event])
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"seq\":7") && text.contains("\"dwell_ms\":9"))
    }
}
