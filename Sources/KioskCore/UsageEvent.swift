import Foundation

/// Why a visit ended.
public enum VisitEndReason: String, Hashable, Sendable, Codable {
    case outcome
    case startOver = "start_over"
    case idleTimeout = "idle_timeout"
}

public enum UsageEventKind: String, Hashable, Sendable, Codable, CaseIterable {
    case visitStart = "visit_start"
    /// A related flow opened from an outcome, within the same visit.
    case flowStart = "flow_start"
    case step
    case outcome
    case slipPrinted = "slip_printed"
    case slipFailed = "slip_failed"
    case visitEnd = "visit_end"
}

/// One anonymous fact about kiosk use. By construction it can only hold ids that content defines,
/// durations and reasons: there is no field a resident's words or identity could go into.
public struct UsageEvent: Hashable, Sendable, Codable {
    public var kind: UsageEventKind
    /// Milliseconds since 1970, kiosk clock.
    public var atMillis: Int64
    /// A random id per visit, to tie a visit's events together; not derived from anything about the resident.
    public var visit: String
    public var flow: String?
    public var node: String?
    public var answer: String?
    public var outcome: String?
    public var dwellMillis: Int64?
    public var reason: VisitEndReason?
    /// For slip_failed: a machine word for the failure (for example "queue-stopped"), never free text.
    public var failure: String?

    public init(kind: UsageEventKind, atMillis: Int64, visit: String, flow: String? = nil, node: String? = nil,
                answer: String? = nil, outcome: String? = nil, dwellMillis: Int64? = nil,
                reason: VisitEndReason? = nil, failure: String? = nil) {
        self.kind = kind
        self.atMillis = atMillis
        self.visit = visit
        self.flow = flow
        self.node = node
        self.answer = answer
        self.outcome = outcome
        self.dwellMillis = dwellMillis
        self.reason = reason
        self.failure = failure
    }

    enum CodingKeys: String, CodingKey {
        case kind, atMillis = "at", visit, flow, node, answer, outcome, dwellMillis = "dwell_ms", reason, failure
    }
}

/// An event with the kiosk's sequence number: (kiosk id, seq) identifies it everywhere, which is what
/// lets the center ignore a batch it has already stored.
public struct SequencedEvent: Hashable, Sendable, Codable {
    public var seq: Int64
    public var event: UsageEvent

    public init(seq: Int64, event: UsageEvent) {
        self.seq = seq
        self.event = event
    }

    enum CodingKeys: String, CodingKey { case seq }

    public init(from decoder: Decoder) throws {
        seq = try decoder.container(keyedBy: CodingKeys.self).decode(Int64.self, forKey: .seq)
        event = try UsageEvent(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try event.encode(to: encoder)
    }
}

/// The body of POST /api/v1/events.
public struct EventBatch: Hashable, Sendable, Codable {
    public var kiosk: String
    public var events: [SequencedEvent]

    public init(kiosk: String, events: [SequencedEvent]) {
        self.kiosk = kiosk
        self.events = events
    }
}

/// The center's answer to a batch: every event up to and including `ackedThrough` is stored.
public struct IngestAck: Hashable, Sendable, Codable {
    public var stored: Int
    public var duplicates: Int
    public var ackedThrough: Int64

    public init(stored: Int, duplicates: Int, ackedThrough: Int64) {
        self.stored = stored
        self.duplicates = duplicates
        self.ackedThrough = ackedThrough
    }

    enum CodingKeys: String, CodingKey { case stored, duplicates, ackedThrough = "acked_through" }
}

/// Per-flow counts, as GET /api/v1/stats returns them.
public struct FlowCounts: Hashable, Sendable, Codable {
    public var flow: String
    public var visits: Int
    public var outcomes: Int
    public var slips: Int

    public init(flow: String, visits: Int, outcomes: Int, slips: Int) {
        self.flow = flow
        self.visits = visits
        self.outcomes = outcomes
        self.slips = slips
    }
}

public struct StatsReport: Hashable, Sendable, Codable {
    public var visits: Int
    public var outcomes: Int
    public var slips: Int
    public var flows: [FlowCounts]

    public init(visits: Int, outcomes: Int, slips: Int, flows: [FlowCounts]) {
        self.visits = visits
        self.outcomes = outcomes
        self.slips = slips
        self.flows = flows
    }
}
