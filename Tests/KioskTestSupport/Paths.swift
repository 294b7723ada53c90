import Foundation

/// Where the package's own files and the shared fixtures are, found from this file's location, and scratch
/// folders for tests.
public enum Paths {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    public static let content = root.appendingPathComponent("kiosk-config/content").path
    public static let kioskConfig = root.appendingPathComponent("kiosk-config/kiosk.yaml").path
    public static let fixtures = root.deletingLastPathComponent().appendingPathComponent("shared/fixtures/evemu").path

    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A copy of the shipped content folder that a test may break.
    public static func copyOfContent() throws -> URL {
        let copy = try temporaryDirectory().appendingPathComponent("content")
        try FileManager.default.copyItem(atPath: content, toPath: copy.path)
        return copy
    }
}

/// A private directory per test, removed afterwards, so tests run in parallel on their own SQLite files.
public final class TempDirectory: Sendable {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}
