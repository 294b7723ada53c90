import CenterServer
import Foundation
import KioskCore
import KioskTestSupport

/// A real center on loopback with its own SQLite file; `stop()` must be called at the end of the test. The
/// database outlives `stop()`, so a test can stop the center and start another on the same data (which then
/// listens on a new port).
public struct TestCenter: Sendable {
    public let directory: TempDirectory
    public let database: String
    public let center: RunningCenter

    public static func start(in directory: TempDirectory? = nil, maxBodyBytes: Int = 1 << 20) async throws -> TestCenter {
        let directory = try directory ?? TempDirectory()
        let database = "sqlite:" + directory.path("center.db")
        let center = try await Center.start(CenterConfiguration(database: database, host: "127.0.0.1", port: 0,
                                                                maxBodyBytes: maxBodyBytes, logLevel: .warning))
        return TestCenter(directory: directory, database: database, center: center)
    }

    public func stop() async { await center.stop() }

    public var url: String { "http://127.0.0.1:\(center.port)" }

    public func addKiosk(_ id: String) async throws -> String { try await Center.addKiosk(id: id, database: database) }

    public func stats() async throws -> StatsReport { try await Center.stats(database: database) }
}

/// Runs `body` against a fresh center and stops the center however `body` ends.
public func withCenter(maxBodyBytes: Int = 1 << 20, _ body: (TestCenter) async throws -> Void) async throws {
    let center = try await TestCenter.start(maxBodyBytes: maxBodyBytes)
    do {
        try await body(center)
    } catch {
        await center.stop()
        throw error
    }
    await center.stop()
}
