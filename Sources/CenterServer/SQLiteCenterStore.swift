import Foundation
import GRDB
import KioskCore

/// The default store: one SQLite file in WAL mode, so the HTTP server and `kiosk-center kiosk add` can use it
/// at the same time.
public final class SQLiteCenterStore: CenterStore {
    private let pool: DatabasePool

    public init(path: String) throws {
        var configuration = Configuration()
        // `kiosk add` runs in another process while the server writes; wait for its lock instead of failing.
        configuration.busyMode = .timeout(10)
        configuration.label = "kiosk-center"
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw CenterError.cannotOpenDatabase("sqlite:" + path, error.message ?? "\(error)")
        }
    }

    /// Schema changes are appended as new migrations, never edited, so that existing center databases upgrade.
    /// Times are integer milliseconds since 1970 so the PostgreSQL store can use the same columns (bigint).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: kiosks and events") { db in
            try db.execute(sql: """
                CREATE TABLE kiosks (
                    id TEXT PRIMARY KEY NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL,
                    rotated_at INTEGER,
                    last_seen INTEGER
                );
                CREATE TABLE events (
                    kiosk_id TEXT NOT NULL REFERENCES kiosks(id),
                    seq INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    at_ms INTEGER NOT NULL,
                    visit TEXT NOT NULL,
                    flow TEXT,
                    node TEXT,
                    answer TEXT,
                    outcome TEXT,
                    dwell_ms INTEGER,
                    reason TEXT,
                    failure TEXT,
                    received_at INTEGER NOT NULL,
                    PRIMARY KEY (kiosk_id, seq)
                );
                -- Statistics group by kind and flow.
                CREATE INDEX events_by_kind_flow ON events(kind, flow);
                """)
        }
        return migrator
    }

    public func registerKiosk(id: String, tokenHash: String, rotate: Bool, nowMillis: Int64) async throws {
        try await pool.write { db in
            let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM kiosks WHERE id = ?", arguments: [id]) ?? false
            if exists {
                guard rotate else { throw CenterError.kioskExists(id) }
                try db.execute(sql: "UPDATE kiosks SET token_hash = ?, rotated_at = ? WHERE id = ?",
                               arguments: [tokenHash, nowMillis, id])
            } else {
                try db.execute(sql: "INSERT INTO kiosks (id, token_hash, created_at) VALUES (?, ?, ?)",
                               arguments: [id, tokenHash, nowMillis])
            }
        }
    }

    public func kioskForTokenHash(_ tokenHash: String) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT id FROM kiosks WHERE token_hash = ?", arguments: [tokenHash])
        }
    }

    public func ingest(_ batch: EventBatch, receivedAtMillis: Int64) async throws -> IngestAck {
        // One write transaction: either the whole batch and the last_seen update land, or nothing does.
        try await pool.write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO events
                    (kiosk_id, seq, kind, at_ms, visit, flow, node, answer, outcome, dwell_ms, reason, failure,
                     received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            var stored = 0
            for item in batch.events {
                let event = item.event
                try insert.execute(arguments: [
                    batch.kiosk, item.seq, event.kind.rawValue, event.atMillis, event.visit, event.flow,
                    event.node, event.answer, event.outcome, event.dwellMillis, event.reason?.rawValue,
                    event.failure, receivedAtMillis,
                ])
                stored += db.changesCount
            }
            try db.execute(sql: "UPDATE kiosks SET last_seen = ? WHERE id = ?",
                           arguments: [receivedAtMillis, batch.kiosk])
            return IngestAck(stored: stored, duplicates: batch.events.count - stored,
                             ackedThrough: batch.events.map(\.seq).max() ?? 0)
        }
    }

    public func stats() async throws -> StatsReport {
        // One read transaction, so the totals and the per-flow rows describe the same snapshot.
        try await pool.read { db in
            // Visit ids are random per kiosk; counting (kiosk, visit) pairs keeps two kiosks' ids from merging.
            let visits = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM (SELECT DISTINCT kiosk_id, visit FROM events WHERE kind = 'visit_start')
                """) ?? 0
            let outcomes = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE kind = 'outcome'") ?? 0
            let slips = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE kind = 'slip_printed'") ?? 0

            func byFlow(_ sql: String) throws -> [String: Int] {
                var counts: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: sql) {
                    let flow: String = row[0]
                    let count: Int = row[1]
                    counts[flow] = count
                }
                return counts
            }
            let visitsByFlow = try byFlow("""
                SELECT flow, COUNT(*) FROM (
                    SELECT DISTINCT kiosk_id, visit, flow FROM events
                    WHERE kind = 'visit_start' AND flow IS NOT NULL)
                GROUP BY flow
                """)
            let outcomesByFlow = try byFlow(
                "SELECT flow, COUNT(*) FROM events WHERE kind = 'outcome' AND flow IS NOT NULL GROUP BY flow")
            let slipsByFlow = try byFlow(
                "SELECT flow, COUNT(*) FROM events WHERE kind = 'slip_printed' AND flow IS NOT NULL GROUP BY flow")
            return makeStatsReport(visits: visits, outcomes: outcomes, slips: slips, visitsByFlow: visitsByFlow,
                                   outcomesByFlow: outcomesByFlow, slipsByFlow: slipsByFlow)
        }
    }

    public func kiosks() async throws -> [KioskRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, created_at, last_seen FROM kiosks ORDER BY id").map {
                KioskRecord(id: $0["id"], createdAtMillis: $0["created_at"], lastSeenMillis: $0["last_seen"])
            }
        }
    }
}

func currentMillis() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1000).rounded())
}
