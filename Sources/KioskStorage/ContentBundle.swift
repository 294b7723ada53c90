import Foundation
import GRDB
import KioskCore

public struct BundleError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    /// Written by a kioskd whose bundle format differs from this one's: rebuild it from the source.
    public var isOutdatedFormat = false
    public var description: String { "\(path): \(message)" }
}

/// A content bundle: one SQLite file holding a whole ContentSet, read-only on the kiosk.
///
/// Flows are stored as JSON of the KioskCore model beside indexed columns, so the kiosk reads exactly the
/// model the checker passed, and a search index can be added beside them without changing it.
public enum ContentBundle {
    /// Bumped when the bundle layout changes; a kiosk refuses bundles it cannot read.
    public static let formatVersion = 2

    public static func write(_ content: ContentSet, to path: String) throws {
        let temporary = path + ".partial"
        try? FileManager.default.removeItem(atPath: temporary)
        // Build beside the target and rename, so a crash mid-build never leaves a half bundle in place.
        do {
            let queue = try DatabaseQueue(path: temporary)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try queue.write { db in
                try db.execute(sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE flows (id TEXT PRIMARY KEY, position INTEGER NOT NULL, title TEXT NOT NULL,
                                        category TEXT NOT NULL, version INTEGER NOT NULL, definition TEXT NOT NULL);
                    CREATE TABLE directory (id TEXT PRIMARY KEY, position INTEGER NOT NULL, definition TEXT NOT NULL);
                    CREATE TABLE strings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
                    """)
                try db.execute(sql: "INSERT INTO meta VALUES ('format', ?), ('version', ?)",
                               arguments: [String(formatVersion), content.version])
                for (position, flow) in content.flows.enumerated() {
                    let json = String(decoding: try encoder.encode(flow), as: UTF8.self)
                    try db.execute(sql: "INSERT INTO flows VALUES (?, ?, ?, ?, ?, ?)",
                                   arguments: [flow.id, position, flow.title, flow.category, flow.version, json])
                }
                for (position, entry) in content.directory.enumerated() {
                    let json = String(decoding: try encoder.encode(entry), as: UTF8.self)
                    try db.execute(sql: "INSERT INTO directory VALUES (?, ?, ?)", arguments: [entry.id, position, json])
                }
                for (key, value) in content.strings.entries.sorted(by: { $0.key < $1.key }) {
                    try db.execute(sql: "INSERT INTO strings VALUES (?, ?)", arguments: [key, value])
                }
                for (name, value) in content.settings.sorted(by: { $0.key < $1.key }) {
                    let json = String(decoding: try encoder.encode(value), as: UTF8.self)
                    try db.execute(sql: "INSERT INTO settings VALUES (?, ?)", arguments: [name, json])
                }
            }
            try queue.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    public static func read(from path: String) throws -> ContentSet {
        guard FileManager.default.fileExists(atPath: path) else {
            throw BundleError(path: path, message: "no content bundle here")
        }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            let decoder = JSONDecoder()
            return try queue.read { db in
                guard let format = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format'"),
                      Int(format) == formatVersion else {
                    throw BundleError(path: path, message: "bundle format is not \(formatVersion)", isOutdatedFormat: true)
                }
                let version = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'version'") ?? ""
                let flows = try String.fetchAll(db, sql: "SELECT definition FROM flows ORDER BY position")
                    .map { try decoder.decode(Flow.self, from: Data($0.utf8)) }
                let directory = try String.fetchAll(db, sql: "SELECT definition FROM directory ORDER BY position")
                    .map { try decoder.decode(DirectoryEntry.self, from: Data($0.utf8)) }
                var strings: [String: String] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT key, value FROM strings") { strings[row["key"]] = row["value"] }
                var settings: [String: ScriptValue] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT name, value FROM settings") {
                    settings[row["name"]] = try decoder.decode(ScriptValue.self, from: Data((row["value"] as String).utf8))
                }
                let content = ContentSet(version: version, flows: flows, directory: directory, strings: StringTable(strings),
                                         settings: settings)
                let problems = ContentChecker.check(content).filter { !$0.isWarning }
                guard problems.isEmpty else {
                    throw BundleError(path: path, message: "content fails its checks: \(problems.first!)")
                }
                return content
            }
        } catch let error as BundleError {
            throw error
        } catch {
            throw BundleError(path: path, message: "not a readable content bundle (\(error))")
        }
    }
}
