import CenterTestSupport
import KioskTestSupport
import CenterServer
import Foundation
import KioskCore
import KioskStorage
@testable import KioskUplink
import Testing

@Suite("Uplink against a real center on loopback")
struct UplinkTests {
    @Test func queuedEventsAreDrainedToTheCenter() async throws {
        try await withCenter { center in
            let secret = try await center.addKiosk("kiosk-1")
            let directory = try TempDirectory()
            let queue = try EventQueue(path: directory.path("queue.db"))
            let events = visit("a1") + visit("a2", ending: .slipFailed) + visit("a3", ending: .startOver)
                + visit("a4", ending: .noSlip)
            let sent = try append(events, to: queue)

            let acknowledged = try await Uplink(queue: queue, configuration: configuration(center, secret: secret)).drain()

            #expect(acknowledged == events.count)
            #expect(try queue.count() == 0)
            #expect(try await center.stats() == StatsReport(visits: 4, outcomes: 3, slips: 1, flows: [
                FlowCounts(flow: flow, visits: 4, outcomes: 3, slips: 1),
            ]))
            try await center.expectHoldsAll(sent, kiosk: "kiosk-1", secret: secret)
        }
    }

    @Test func smallBatchesCarryEverythingInSeveralRequests() async throws {
        let directory = try TempDirectory()
        let queue = try EventQueue(path: directory.path("queue.db"))
        let events = Array((visit("b1") + visit("b2") + visit("b3")).prefix(10))
        let sent = try append(events, to: queue)
        #expect(sent.count == 10)

        // A body limit that admits any 3 consecutive events but no 4 makes every accepted request a proof that
        // it held at most 3 events, so 10 events took at least 4 requests.
        func bodySize(_ slice: ArraySlice<SequencedEvent>) throws -> Int {
            try JSONEncoder().encode(EventBatch(kiosk: "kiosk-1", events: Array(slice))).count
        }
        let limit = try (0...(sent.count - 3)).map { try bodySize(sent[$0..<($0 + 3)]) }.max()!
        let smallestFour = try (0...(sent.count - 4)).map { try bodySize(sent[$0..<($0 + 4)]) }.min()!
        try #require(smallestFour > limit)

        let center = try await TestCenter.start(maxBodyBytes: limit)
        do {
            let secret = try await center.addKiosk("kiosk-1")
            let refused = try await center.post(EventBatch(kiosk: "kiosk-1", events: Array(sent.prefix(4))),
                                                secret: secret)
            #expect(refused.status == 413)

            let log = LogCapture()
            let uplink = Uplink(queue: queue, configuration: configuration(center, secret: secret, batchSize: 3),
                                logger: log.logger)
            #expect(try await uplink.drain() == 10)

            // No 413 was met, so no batch was ever halved: each of the requests carried 3 events or fewer.
            #expect(log.messages.isEmpty, "\(log.messages)")
            #expect(try queue.count() == 0)
            #expect(try await center.stats() == expectedStats(events))
            #expect(try await center.stats() == StatsReport(visits: 2, outcomes: 2, slips: 1, flows: [
                FlowCounts(flow: flow, visits: 2, outcomes: 2, slips: 1),
            ]))
        } catch {
            await center.stop()
            throw error
        }
        await center.stop()
    }

    @Test func eventsWaitOutACenterThatIsDown() async throws {
        let centerDirectory = try TempDirectory()
        let first = try await TestCenter.start(in: centerDirectory)
        let secret = try await first.addKiosk("kiosk-1")
        let deadURL = first.url
        // Stopped, its port is closed: nothing listens there any more.
        await first.stop()

        let directory = try TempDirectory()
        let queue = try EventQueue(path: directory.path("queue.db"))
        let events = visit("c1") + visit("c2", ending: .startOver)
        let sent = try append(events, to: queue)

        let offline = Uplink(queue: queue, configuration: UplinkConfiguration(
            centerURL: deadURL, kioskID: "kiosk-1", secret: secret))
        let clock = ContinuousClock()
        let started = clock.now
        let error = await #expect(throws: UplinkError.self) { try await offline.drain() }
        #expect(error?.status == nil)
        // A refused connection is an answer: waiting it out is run()'s backoff's job, not the HTTP client's.
        #expect(clock.now - started < .seconds(5))
        #expect(try queue.count() == events.count)
        #expect(try queue.pending(limit: 100) == sent)

        // The center comes back on the same data but another address, as after a move or a restart.
        let second = try await TestCenter.start(in: centerDirectory)
        do {
            let online = Uplink(queue: queue, configuration: configuration(second, secret: secret))
            #expect(try await online.drain() == events.count)
            #expect(try queue.count() == 0)
            #expect(try await second.stats() == expectedStats(events))
            try await second.expectHoldsAll(sent, kiosk: "kiosk-1", secret: secret)
        } catch {
            await second.stop()
            throw error
        }
        await second.stop()
    }

    @Test func kioskRestartKeepsQueueAndSequence() async throws {
        try await withCenter { center in
            let secret = try await center.addKiosk("kiosk-1")
            let directory = try TempDirectory()
            let path = directory.path("queue.db")
            var sent: [SequencedEvent] = []
            var events: [UsageEvent] = []

            do {
                let queue = try EventQueue(path: path)
                let early = visit("d1") + visit("d2", ending: .slipFailed)
                sent += try append(early, to: queue)
                events += early
                try await Uplink(queue: queue, configuration: configuration(center, secret: secret)).drain()
                #expect(try queue.count() == 0)
                // Queued but not sent when the kiosk goes down.
                let unsent = visit("d3")
                sent += try append(unsent, to: queue)
                events += unsent
            }

            let queue = try EventQueue(path: path)
            #expect(try queue.pending(limit: 100) == Array(sent.suffix(visit("d3").count)))
            try await Uplink(queue: queue, configuration: configuration(center, secret: secret)).drain()
            #expect(try queue.count() == 0)

            // The table is empty now; a reused number would be taken by the center for a duplicate and dropped.
            let later = visit("d4", ending: .noSlip)
            let laterSent = try append(later, to: queue)
            #expect(laterSent.first!.seq > sent.last!.seq)
            #expect(zip(laterSent, laterSent.dropFirst()).allSatisfy { $0.seq < $1.seq })
            sent += laterSent
            events += later
            try await Uplink(queue: queue, configuration: configuration(center, secret: secret)).drain()

            #expect(try queue.count() == 0)
            #expect(sent.map(\.seq) == Array(1...Int64(sent.count)))
            #expect(try await center.stats() == StatsReport(visits: 4, outcomes: 4, slips: 2, flows: [
                FlowCounts(flow: flow, visits: 4, outcomes: 4, slips: 2),
            ]))
            try await center.expectHoldsAll(sent, kiosk: "kiosk-1", secret: secret)
        }
    }

    @Test func resendAfterLostAcknowledgementIsCountedOnce() async throws {
        try await withCenter { center in
            let secret = try await center.addKiosk("kiosk-1")
            let directory = try TempDirectory()
            let queue = try EventQueue(path: directory.path("queue.db"))
            let events = visit("e1") + visit("e2") + visit("e3", ending: .slipFailed)
            let sent = try append(events, to: queue)

            // The center stored the first 8 events but the answer never reached the kiosk, which still holds them.
            let delivered = try await center.post(EventBatch(kiosk: "kiosk-1", events: Array(sent.prefix(8))),
                                                  secret: secret)
            #expect(delivered.ack == IngestAck(stored: 8, duplicates: 0, ackedThrough: 8))
            #expect(try queue.count() == events.count)

            // Batches of 5 straddle the already-stored prefix: 1–5 all duplicates, 6–10 partly.
            let uplink = Uplink(queue: queue, configuration: configuration(center, secret: secret, batchSize: 5))
            #expect(try await uplink.drain() == events.count)

            #expect(try queue.count() == 0)
            #expect(try await center.stats() == StatsReport(visits: 3, outcomes: 3, slips: 2, flows: [
                FlowCounts(flow: flow, visits: 3, outcomes: 3, slips: 2),
            ]))
            try await center.expectHoldsAll(sent, kiosk: "kiosk-1", secret: secret)
        }
    }

    @Test func wrongSecretIsRefusedAndNothingIsLost() async throws {
        try await withCenter { center in
            let secret = try await center.addKiosk("kiosk-1")
            let directory = try TempDirectory()
            let queue = try EventQueue(path: directory.path("queue.db"))
            let events = visit("f1")
            let sent = try append(events, to: queue)

            let uplink = Uplink(queue: queue, configuration: configuration(center, secret: secret + "x"))
            let error = await #expect(throws: UplinkError.self) { try await uplink.drain() }
            #expect(error?.status == 401)
            #expect(try queue.pending(limit: 100) == sent)
            #expect(try await center.stats() == StatsReport(visits: 0, outcomes: 0, slips: 0, flows: []))
        }
    }

    @Test func runLoopUploadsWhatArrivesWhileItRuns() async throws {
        try await withCenter { center in
            let secret = try await center.addKiosk("kiosk-1")
            let directory = try TempDirectory()
            let queue = try EventQueue(path: directory.path("queue.db"))
            let uplink = Uplink(queue: queue, configuration: configuration(
                center, secret: secret, batchSize: 4, interval: .milliseconds(100), maximumBackoff: .seconds(1)))
            let running = Task { await uplink.run() }

            var sent: [SequencedEvent] = []
            var events: [UsageEvent] = []
            for (index, ending) in [VisitEnding.slipPrinted, .startOver, .slipFailed, .slipPrinted].enumerated() {
                let next = visit("g\(index)", ending: ending)
                sent += try append(next, to: queue)
                events += next
                try await Task.sleep(for: .milliseconds(150))
            }

            let deadline = ContinuousClock.now + .seconds(10)
            while try queue.count() > 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            running.cancel()
            await running.value

            #expect(try queue.count() == 0)
            #expect(await uplink.consecutiveFailures == 0)
            #expect(try await center.stats() == expectedStats(events))
            #expect(try await center.stats() == StatsReport(visits: 4, outcomes: 3, slips: 2, flows: [
                FlowCounts(flow: flow, visits: 4, outcomes: 3, slips: 2),
            ]))
            try await center.expectHoldsAll(sent, kiosk: "kiosk-1", secret: secret)
        }
    }
}

@Suite("Retry backoff")
struct BackoffTests {
    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    @Test(arguments: [
        (interval: Duration.milliseconds(100), cap: Duration.seconds(2)),
        (interval: Duration.seconds(30), cap: Duration.seconds(600)),
        // A cap with a fraction of a second must be honoured as given, not rounded down to whole seconds.
        (interval: Duration.milliseconds(100), cap: Duration.milliseconds(1500)),
        (interval: Duration.milliseconds(50), cap: Duration.milliseconds(800)),
    ])
    func fullJitterWithinTheExponentialCappedBound(interval: Duration, cap: Duration) async throws {
        let directory = try TempDirectory()
        let uplink = Uplink(queue: try EventQueue(path: directory.path("queue.db")), configuration: UplinkConfiguration(
            centerURL: "http://127.0.0.1:9", kioskID: "kiosk-1", secret: "unused", interval: interval,
            maximumBackoff: cap))

        for failures in [1, 2, 3, 5, 8, 12, 20, 40] {
            let bound = min(seconds(cap), seconds(interval) * pow(2, Double(failures)))
            var samples: [Double] = []
            for _ in 0..<400 { samples.append(seconds(await uplink.backoff(afterFailures: failures))) }

            #expect(samples.allSatisfy { $0 >= 0 && $0 <= bound + 1e-9 }, "failures \(failures), bound \(bound)")
            #expect(Set(samples).count > 50, "failures \(failures): jitter looks constant")
            // Full jitter spreads over the whole range: with 400 uniform samples, missing either tenth of it
            // has a probability around 1e-18.
            #expect(samples.min()! < bound * 0.1, "failures \(failures): never near 0")
            #expect(samples.max()! > bound * 0.9, "failures \(failures): never near \(bound) s; max \(samples.max()!)")
        }
    }
}
