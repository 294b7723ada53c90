import AsyncHTTPClient
import CenterServer
import CenterTestSupport
import Foundation
import KioskTestSupport
import KioskCore
import KioskStorage
import KioskUplink
import Logging
import Synchronization
import Testing

extension TestCenter {
    /// Posts a batch the way a kiosk would, bypassing any queue; returns the status and the decoded ack (if 200).
    func post(_ batch: EventBatch, secret: String) async throws -> (status: Int, ack: IngestAck?) {
        var request = HTTPClientRequest(url: url + "/api/v1/events")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer \(secret)")
        let body = try JSONEncoder().encode(batch)
        request.body = .bytes(Array(body), length: .known(Int64(body.count)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let buffer = try await response.body.collect(upTo: 1 << 20)
        let status = Int(response.status.code)
        return (status, status == 200 ? try JSONDecoder().decode(IngestAck.self, from: Data(buffer.readableBytesView)) : nil)
    }

    /// Proves the center holds exactly these (kiosk, seq) pairs' worth of events from `sent`: replaying them all
    /// must store nothing new. Stats alone cannot show it, since steps and visit ends are not counted there.
    func expectHoldsAll(_ sent: [SequencedEvent], kiosk: String, secret: String,
                        sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
        let replay = try await post(EventBatch(kiosk: kiosk, events: sent), secret: secret)
        #expect(replay.status == 200, sourceLocation: sourceLocation)
        #expect(replay.ack == IngestAck(stored: 0, duplicates: sent.count, ackedThrough: sent.map(\.seq).max() ?? 0),
                sourceLocation: sourceLocation)
    }
}

let flow = "unpaid-wages"

/// How a simulated visit to the unpaid-wages flow ends.
enum VisitEnding { case slipPrinted, slipFailed, noSlip, startOver }

/// The events a kiosk records for one visit, in order. A visit that starts over never reaches an outcome.
func visit(_ id: String, ending: VisitEnding = .slipPrinted, at start: Int64 = 1_750_000_000_000) -> [UsageEvent] {
    var events = [
        UsageEvent(kind: .visitStart, atMillis: start, visit: id, flow: flow, node: "employer-paid"),
        UsageEvent(kind: .step, atMillis: start + 8_000, visit: id, flow: flow, node: "employer-paid", answer: "no",
                   dwellMillis: 8_000),
        UsageEvent(kind: .step, atMillis: start + 20_000, visit: id, flow: flow, node: "months-owed", answer: "3-6",
                   dwellMillis: 12_000),
    ]
    if ending == .startOver {
        events.append(UsageEvent(kind: .visitEnd, atMillis: start + 25_000, visit: id, flow: flow, reason: .startOver))
        return events
    }
    events.append(UsageEvent(kind: .outcome, atMillis: start + 21_000, visit: id, flow: flow,
                             outcome: "labour-arbitration"))
    switch ending {
    case .slipPrinted:
        events.append(UsageEvent(kind: .slipPrinted, atMillis: start + 30_000, visit: id, flow: flow,
                                 outcome: "labour-arbitration"))
    case .slipFailed:
        events.append(UsageEvent(kind: .slipFailed, atMillis: start + 30_000, visit: id, flow: flow,
                                 failure: "queue-stopped"))
    case .noSlip, .startOver:
        break
    }
    events.append(UsageEvent(kind: .visitEnd, atMillis: start + 40_000, visit: id, flow: flow, reason: .outcome))
    return events
}

/// What the center's statistics must say after receiving `events` exactly once.
func expectedStats(_ events: [UsageEvent]) -> StatsReport {
    let visits = Set(events.filter { $0.kind == .visitStart }.map(\.visit)).count
    let outcomes = events.filter { $0.kind == .outcome }.count
    let slips = events.filter { $0.kind == .slipPrinted }.count
    return StatsReport(visits: visits, outcomes: outcomes, slips: slips,
                       flows: visits == 0 ? [] : [FlowCounts(flow: flow, visits: visits, outcomes: outcomes, slips: slips)])
}

/// Appends the events and returns them with the sequence numbers the queue gave them.
@discardableResult
func append(_ events: [UsageEvent], to queue: EventQueue) throws -> [SequencedEvent] {
    try events.map { SequencedEvent(seq: try queue.append($0), event: $0) }
}

func configuration(_ center: TestCenter, kiosk: String = "kiosk-1", secret: String, batchSize: Int = 500,
                   interval: Duration = .seconds(30), maximumBackoff: Duration = .seconds(600)) -> UplinkConfiguration {
    UplinkConfiguration(centerURL: center.url, kioskID: kiosk, secret: secret, batchSize: batchSize,
                        interval: interval, maximumBackoff: maximumBackoff)
}

/// Keeps what an Uplink logs, so a test can tell whether it had to shrink its batches.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var messages: [String] { lines.withLock { $0 } }

    var logger: Logger {
        var logger = Logger(label: "kiosk.uplink.test") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func add(_ line: String) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        var metadataProvider: Logger.MetadataProvider?

        func log(event: LogEvent) { capture.add("\(event.level): \(event.message)") }
    }
}
