import Foundation
import GRDB
import KioskCore

/// The kiosk's outbox of usage events: SQLite in WAL mode, so an event that `append` returned for survives
/// power loss, and AUTOINCREMENT sequence numbers, so a number is never reused even after rows are deleted.
/// An event leaves only when the center has acknowledged its sequence.
public final class EventQueue: Sendable {
    private let pool: DatabasePool
    public let path: String

    public init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // FULL: a committed event is on disk before append returns, even across power loss.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL,
                                     created_ms INTEGER NOT NULL)
                """)
        }
        try migrator.migrate(pool)
    }

    /// Stores the event durably and returns its sequence number.
    @discardableResult
    public func append(_ event: UsageEvent) throws -> Int64 {
        let body = String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
        return try pool.write { db in
            try db.execute(sql: "INSERT INTO events (body, created_ms) VALUES (?, ?)",
                           arguments: [body, event.atMillis])
            return db.lastInsertedRowID
        }
    }

    /// The oldest events not yet acknowledged, in sequence order.
    public func pending(limit: Int) throws -> [SequencedEvent] {
        let decoder = JSONDecoder()
        return try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, body FROM events ORDER BY seq LIMIT ?", arguments: [limit]).map { row in
                let body: String = row["body"]
                return SequencedEvent(seq: row["seq"], event: try decoder.decode(UsageEvent.self, from: Data(body.utf8)))
            }
        }
    }

    /// The center stored everything up to `sequence`: those events may go.
    public func acknowledge(through sequence: Int64) throws {
        try pool.write { db in try db.execute(sql: "DELETE FROM events WHERE seq <= ?", arguments: [sequence]) }
    }

    public func count() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0 }
    }
}
