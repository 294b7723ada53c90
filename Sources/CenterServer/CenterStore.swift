import KioskCore

/// A kiosk as the center knows it.
public struct KioskRecord: Sendable, Hashable {
    public var id: String
    /// Milliseconds since 1970, center clock.
    public var createdAtMillis: Int64
    /// When the kiosk last delivered a batch (center clock), nil if never.
    public var lastSeenMillis: Int64?

    public init(id: String, createdAtMillis: Int64, lastSeenMillis: Int64?) {
        self.id = id
        self.createdAtMillis = createdAtMillis
        self.lastSeenMillis = lastSeenMillis
    }
}

/// Everything the HTTP API and the CLI need from storage. SQLite implements it now; PostgreSQL will implement
/// the same protocol, so nothing above this line knows which database is behind it.
///
/// Contract shared by every implementation:
/// - `ingest` is all-or-nothing and idempotent on (kiosk id, seq): a replayed event is counted as a duplicate
///   and never changes what is stored (the first delivery wins).
/// - Only SHA-256 hashes of kiosk secrets are stored.
public protocol CenterStore: Sendable {
    /// Creates the kiosk with this secret hash, or (with `rotate`) replaces the hash of an existing one.
    /// Throws `CenterError.kioskExists` when the kiosk exists and `rotate` is false.
    func registerKiosk(id: String, tokenHash: String, rotate: Bool, nowMillis: Int64) async throws
    /// The kiosk id whose secret hashes to `tokenHash`, or nil.
    func kioskForTokenHash(_ tokenHash: String) async throws -> String?
    /// Stores the batch's events for `batch.kiosk` (already authenticated) and marks the kiosk seen.
    func ingest(_ batch: EventBatch, receivedAtMillis: Int64) async throws -> IngestAck
    func stats() async throws -> StatsReport
    func kiosks() async throws -> [KioskRecord]
}

extension CenterStore {
    func ingest(_ batch: EventBatch) async throws -> IngestAck {
        try await ingest(batch, receivedAtMillis: currentMillis())
    }
}

/// Opens the store a `--db` location names, creating or migrating its schema.
public func openCenterStore(_ database: String) async throws -> any CenterStore {
    switch try DatabaseLocation(parsing: database) {
    case .sqlite(let path):
        return try SQLiteCenterStore(path: path)
    }
}

/// Builds a report from per-flow counts; shared by the stores so that every backend sorts and totals the same way.
/// Events without a flow count in the totals but in no flow row.
func makeStatsReport(visits: Int, outcomes: Int, slips: Int, visitsByFlow: [String: Int],
                     outcomesByFlow: [String: Int], slipsByFlow: [String: Int]) -> StatsReport {
    let flowIDs = Set(visitsByFlow.keys).union(outcomesByFlow.keys).union(slipsByFlow.keys).sorted()
    let flows = flowIDs.map {
        FlowCounts(flow: $0, visits: visitsByFlow[$0] ?? 0, outcomes: outcomesByFlow[$0] ?? 0,
                   slips: slipsByFlow[$0] ?? 0)
    }
    return StatsReport(visits: visits, outcomes: outcomes, slips: slips, flows: flows)
}
