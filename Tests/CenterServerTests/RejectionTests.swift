import CenterTestSupport
import CenterServer
import Foundation
import KioskCore
import Testing

/// Every rejected request must leave the database exactly as it was: no events, no last_seen.
@Suite("Rejected requests write nothing")
struct RejectionTests {
    let batch = EventBatch(kiosk: "kiosk-1", events: visitEvents(visit: "v1", flow: "labour", firstSeq: 1))

    private func expectNothingWritten(_ center: TestCenter) async throws {
        #expect(try await center.stats() == emptyStats)
        for kiosk in try await Center.kiosks(database: center.database) {
            #expect(kiosk.lastSeenMillis == nil, "kiosk \(kiosk.id) was marked seen")
        }
    }

    private func expectError(_ result: HTTPResult, status: Int, error: String, field: String? = nil,
                             sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        #expect(result.status == status, "\(result.text)", sourceLocation: sourceLocation)
        let body = try result.decode(APIErrorBody.self)
        #expect(body.error == error, sourceLocation: sourceLocation)
        #expect(body.field == field, "\(body.message)", sourceLocation: sourceLocation)
        #expect(!body.message.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func missingOrUnknownTokenIs401() async throws {
        try await withCenter { center in
            _ = try await center.addKiosk("kiosk-1")

            let missing = try await center.post(batch, token: nil)
            try expectError(missing, status: 401, error: "unauthorized")
            #expect(missing.headers.contains { $0.0.lowercased() == "www-authenticate" && $0.1 == "Bearer" })

            try expectError(try await center.post(batch, token: "not-a-real-secret"), status: 401,
                            error: "unauthorized")

            let basic = try await center.request(.post, "/api/v1/events", authorization: "Basic a2lvc2s6cGFzcw==",
                                                 body: try JSONEncoder().encode(batch))
            try expectError(basic, status: 401, error: "unauthorized")
            try await expectNothingWritten(center)
        }
    }

    @Test func tokenOfAnotherKioskIs403() async throws {
        try await withCenter { center in
            _ = try await center.addKiosk("kiosk-1")
            let other = try await center.addKiosk("kiosk-2")
            try expectError(try await center.post(batch, token: other), status: 403, error: "forbidden",
                            field: "kiosk")
            try await expectNothingWritten(center)
        }
    }

    @Test(arguments: [
        // A kind the model does not know, in the second event.
        (#"{"kiosk":"kiosk-1","events":[{"seq":1,"kind":"visit_start","at":1,"visit":"v"},{"seq":2,"kind":"dance","at":2,"visit":"v"}]}"#,
         "events[1].kind"),
        // A required field missing.
        (#"{"kiosk":"kiosk-1","events":[{"seq":1,"kind":"visit_start","at":1}]}"#, "events[0].visit"),
        // A timestamp sent as a string.
        (#"{"kiosk":"kiosk-1","events":[{"seq":1,"kind":"step","at":"yesterday","visit":"v"}]}"#, "events[0].at"),
        (#"{"kiosk":"kiosk-1","events":[{"seq":1,"kind":"visit_end","at":1,"visit":"v","reason":"bored"}]}"#,
         "events[0].reason"),
        (#"{"kiosk":"kiosk-1"}"#, "events"),
        (#"{"kiosk":null,"events":[]}"#, "kiosk"),
        (#"{"kiosk":"kiosk-1","events":[{"seq":0,"kind":"step","at":1,"visit":"v"}]}"#, "events[0].seq"),
    ])
    func malformedBodyIs400NamingTheField(json: String, field: String) async throws {
        try await withCenter { center in
            let secret = try await center.addKiosk("kiosk-1")
            let result = try await center.post(json: json, token: secret)
            try expectError(result, status: 400, error: "bad_request", field: field)
            #expect(try result.decode(APIErrorBody.self).message.hasPrefix(field))
            try await expectNothingWritten(center)
        }
    }

    @Test func invalidJSONSyntaxIs400() async throws {
        try await withCenter { center in
            let secret = try await center.addKiosk("kiosk-1")
            let result = try await center.post(json: #"{"kiosk":"kiosk-1","events":[{"seq":1,"#, token: secret)
            try expectError(result, status: 400, error: "bad_request", field: nil)
            #expect(try result.decode(APIErrorBody.self).message.contains("not valid JSON"))
            try await expectNothingWritten(center)
        }
    }

    @Test func oversizedBodyIs413() async throws {
        try await withCenter(maxBodyBytes: 4096) { center in
            let secret = try await center.addKiosk("kiosk-1")
            var events: [SequencedEvent] = []
            for index in 0..<40 {
                events += visitEvents(visit: "v\(index)", flow: "labour", firstSeq: Int64(index * 5 + 1))
            }
            let body = try JSONEncoder().encode(EventBatch(kiosk: "kiosk-1", events: events))
            #expect(body.count > 4096)

            // Declared length over the limit: refused before reading.
            let declared = try await center.request(.post, "/api/v1/events", token: secret, body: body)
            try expectError(declared, status: 413, error: "too_large")
            // Chunked, so the center only finds out while reading.
            let streamed = try await center.request(.post, "/api/v1/events", token: secret, body: body,
                                                    chunked: true)
            try expectError(streamed, status: 413, error: "too_large")
            try await expectNothingWritten(center)

            // The limit is on size, not on the center's health: a small batch still goes through.
            let small = try await center.post(EventBatch(kiosk: "kiosk-1", events: Array(events.prefix(5))),
                                              token: secret)
            #expect(small.status == 200)
        }
    }

    @Test func moreThanTenThousandEventsIs413() async throws {
        try await withCenter { center in
            let secret = try await center.addKiosk("kiosk-1")
            let events = (1...10_001).map {
                SequencedEvent(seq: Int64($0), event: UsageEvent(kind: .step, atMillis: 1, visit: "v"))
            }
            let result = try await center.post(EventBatch(kiosk: "kiosk-1", events: events), token: secret)
            try expectError(result, status: 413, error: "too_many_events", field: "events")
            try await expectNothingWritten(center)

            // Exactly the limit is fine.
            let atLimit = try await center.post(EventBatch(kiosk: "kiosk-1", events: Array(events.prefix(10_000))),
                                                token: secret)
            #expect(try atLimit.decode(IngestAck.self) == IngestAck(stored: 10_000, duplicates: 0,
                                                                   ackedThrough: 10_000))
        }
    }

    @Test func overlongIdIs400() async throws {
        try await withCenter { center in
            let secret = try await center.addKiosk("kiosk-1")
            let event = UsageEvent(kind: .step, atMillis: 1, visit: "v", flow: "labour",
                                   answer: String(repeating: "x", count: 5000))
            let result = try await center.post(EventBatch(kiosk: "kiosk-1", events: [SequencedEvent(seq: 1, event: event)]),
                                               token: secret)
            try expectError(result, status: 400, error: "bad_request", field: "events[0].answer")
            try await expectNothingWritten(center)
        }
    }
}
