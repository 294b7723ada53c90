import KioskCore
import Logging

/// How a center is started, both by `kiosk-center serve` and by other modules' tests that run a real center
/// in-process.
public struct CenterConfiguration: Sendable {
    /// Where the center keeps its data, as a location string: `sqlite:/path/to/center.db` for now;
    /// `postgres://…` will follow with the PostgreSQL store.
    public var database: String
    public var host: String
    /// 0 lets the system pick a free port; `RunningCenter.port` tells which.
    public var port: Int
    /// Largest request body the center reads; a larger one is answered 413 without being stored.
    public var maxBodyBytes: Int
    public var logLevel: Logger.Level

    public init(database: String, host: String, port: Int, maxBodyBytes: Int = 1 << 20,
                logLevel: Logger.Level = .info) {
        self.database = database
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.logLevel = logLevel
    }
}

/// A parsed `--db` value. A separate type so that adding PostgreSQL is one new case and one new store.
public enum DatabaseLocation: Sendable, Hashable {
    case sqlite(path: String)

    public init(parsing text: String) throws(CenterError) {
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else {
                throw .badDatabaseLocation(text, "sqlite: needs a file path, for example sqlite:/var/lib/kiosk-center/center.db")
            }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres:") || text.hasPrefix("postgresql:") {
            throw .badDatabaseLocation(text, "PostgreSQL is not supported yet; use sqlite:PATH")
        } else {
            throw .badDatabaseLocation(text, "expected sqlite:PATH (PostgreSQL is not supported yet)")
        }
    }
}

/// Errors a center operator or an embedding test can act on; `description` is the message the CLI prints.
public enum CenterError: Error, Sendable, Equatable, CustomStringConvertible {
    case badDatabaseLocation(String, String)
    case cannotOpenDatabase(String, String)
    case invalidKioskID(String)
    case kioskExists(String)
    case badListenAddress(String)
    case stoppedBeforeListening
    case cannotWriteSecret(String, String)

    public var description: String {
        switch self {
        case .badDatabaseLocation(let text, let why):
            "invalid database location '\(text)': \(why)"
        case .cannotOpenDatabase(let location, let why):
            "cannot open database \(location): \(why)"
        case .invalidKioskID(let id):
            "invalid kiosk id '\(id)': use \(KioskID.rule)"
        case .kioskExists(let id):
            "kiosk '\(id)' already exists; pass --rotate to issue a new secret (the old one stops working)"
        case .badListenAddress(let text):
            "invalid listen address '\(text)': expected HOST:PORT, for example 127.0.0.1:8080 or [::1]:8080"
        case .stoppedBeforeListening:
            "the center stopped before it was listening"
        case .cannotWriteSecret(let path, let why):
            "cannot write the secret to \(path): \(why)"
        }
    }
}

/// Parses `HOST:PORT` (IPv6 hosts in brackets).
public func parseListenAddress(_ text: String) throws(CenterError) -> (host: String, port: Int) {
    guard let colon = text.lastIndex(of: ":") else { throw .badListenAddress(text) }
    var host = String(text[..<colon])
    let portText = text[text.index(after: colon)...]
    guard let port = Int(portText), (0...65535).contains(port) else { throw .badListenAddress(text) }
    if host.hasPrefix("[") && host.hasSuffix("]") {
        host = String(host.dropFirst().dropLast())
    } else if host.contains(":") {
        // An unbracketed IPv6 address is ambiguous about where the port starts.
        throw .badListenAddress(text)
    }
    guard !host.isEmpty else { throw .badListenAddress(text) }
    return (host, port)
}
