import CenterTestSupport
import CenterServer
import Foundation
import KioskCore
import Testing

@Suite("POST /api/v1/events over loopback")
struct IngestTests {
    @Test func batchIsStoredCountedAndMarksKioskSeen() async throws {
        try await withCenter { center in
            let secret = try await center.addKiosk("kiosk-1")

            let result = try await center.post(EventBatch(kiosk: "kiosk-1", events: visitEvents(
                visit: "v1", flow: "wage-arrears", firstSeq: 1)), token: secret)

            #expect(result.status == 200)
            #expect(try result.decode(IngestAck.self) == IngestAck(stored: 5, duplicates: 0, ackedThrough: 5))
            #expect(result.text.contains("\"acked_through\":5"))
            let expected = StatsReport(visits: 1, outcomes: 1, slips: 1, flows: [
                FlowCounts(flow: "wage-arrears", visits: 1, outcomes: 1, slips: 1),
            ])
            #expect(try await center.stats() == expected)
            let kiosks = try await Center.kiosks(database: center.database)
            #expect(kiosks.map(\.id) == ["kiosk-1"])
            #expect(kiosks.first?.lastSeenMillis != nil)
        }
    }

    @Test func replayedAndOverlappingBatchesChangeNothing() async throws {
        try await withCenter { center in
            let secret = try await center.addKiosk("kiosk-1")
            let first = visitEvents(visit: "v1", flow: "divorce", firstSeq: 1)
            let second = visitEvents(visit: "v2", flow: "divorce", firstSeq: 6, slip: false)

            let original = try await center.post(EventBatch(kiosk: "kiosk-1", events: first), token: secret)
            #expect(try original.decode(IngestAck.self) == IngestAck(stored: 5, duplicates: 0, ackedThrough: 5))

            // The kiosk lost the ack (power cut) and sends the same batch again.
            let replay = try await center.post(EventBatch(kiosk: "kiosk-1", events: first), token: secret)
            #expect(replay.status == 200)
            #expect(try replay.decode(IngestAck.self) == IngestAck(stored: 0, duplicates: 5, ackedThrough: 5))

            // The next batch overlaps the last: seq 4...10.
            let overlap = Array(first.suffix(2)) + second
            let overlapping = try await center.post(EventBatch(kiosk: "kiosk-1", events: overlap), token: secret)
            #expect(try overlapping.decode(IngestAck.self) == IngestAck(stored: 5, duplicates: 2, ackedThrough: 10))

            // A replay whose content differs does not overwrite what was stored first.
            var altered = first
            altered[2].event.outcome = "other-outcome"
            altered[2].event.flow = "other-flow"
            let tampered = try await center.post(EventBatch(kiosk: "kiosk-1", events: altered), token: secret)
            #expect(try tampered.decode(IngestAck.self) == IngestAck(stored: 0, duplicates: 5, ackedThrough: 5))

            #expect(try await center.stats() == StatsReport(visits: 2, outcomes: 2, slips: 1, flows: [
                FlowCounts(flow: "divorce", visits: 2, outcomes: 2, slips: 1),
            ]))
        }
    }

    @Test func emptyBatchIsAcknowledgedWithZero() async throws {
        try await withCenter { center in
            let secret = try await center.addKiosk("kiosk-1")
            let result = try await center.post(EventBatch(kiosk: "kiosk-1", events: []), token: secret)
            #expect(result.status == 200)
            #expect(try result.decode(IngestAck.self) == IngestAck(stored: 0, duplicates: 0, ackedThrough: 0))
            #expect(try await center.stats() == emptyStats)
        }
    }

    @Test func statsCountVisitsOutcomesAndSlipsPerFlow() async throws {
        try await withCenter { center in
            let a = try await center.addKiosk("kiosk-a")
            let b = try await center.addKiosk("kiosk-b")

            // kiosk-a: two labour visits (one slip failed), one tenancy visit abandoned before an outcome.
            var eventsA = visitEvents(visit: "v1", flow: "labour", firstSeq: 1)
                + visitEvents(visit: "v2", flow: "labour", firstSeq: 6, slip: false)
            eventsA.append(SequencedEvent(seq: 11, event: UsageEvent(kind: .visitStart, atMillis: 1, visit: "v3",
                                                                       flow: "tenancy", node: "start")))
            eventsA.append(SequencedEvent(seq: 12, event: UsageEvent(kind: .visitEnd, atMillis: 2, visit: "v3",
                                                                       flow: "tenancy", reason: .idleTimeout)))
            // kiosk-b reuses the visit id "v1": a different visit, since visit ids are only unique per kiosk.
            let eventsB = visitEvents(visit: "v1", flow: "labour", firstSeq: 1)
                + visitEvents(visit: "v9", flow: "family", firstSeq: 6)

            #expect(try await center.post(EventBatch(kiosk: "kiosk-a", events: eventsA), token: a).status == 200)
            #expect(try await center.post(EventBatch(kiosk: "kiosk-b", events: eventsB), token: b).status == 200)

            let expected = StatsReport(visits: 5, outcomes: 4, slips: 3, flows: [
                FlowCounts(flow: "family", visits: 1, outcomes: 1, slips: 1),
                FlowCounts(flow: "labour", visits: 3, outcomes: 3, slips: 2),
                FlowCounts(flow: "tenancy", visits: 1, outcomes: 0, slips: 0),
            ])
            #expect(try await center.stats() == expected)

            let overHTTP = try await center.request(.get, "/api/v1/stats")
            #expect(overHTTP.status == 200)
            #expect(try overHTTP.decode(StatsReport.self) == expected)
        }
    }

    @Test func healthz() async throws {
        try await withCenter { center in
            let result = try await center.request(.get, "/healthz")
            #expect(result.status == 200)
            #expect(result.text == "ok")
        }
    }
}
