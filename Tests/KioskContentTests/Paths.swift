import Foundation

enum Paths {
    /// The package root, found from this file's location.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let content = root.appendingPathComponent("kiosk-config/content").path
    static let kioskConfig = root.appendingPathComponent("kiosk-config/kiosk.yaml").path

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A copy of the shipped content folder that a test may break.
    static func copyOfContent() throws -> URL {
        let copy = try temporaryDirectory().appendingPathComponent("content")
        try FileManager.default.copyItem(atPath: content, toPath: copy.path)
        return copy
    }
}
