import Foundation
import KioskGraphics

public struct DisplayError: Error, CustomStringConvertible {
    public var device: String
    public var message: String
    public var description: String { "\(device): \(message)" }
}

/// Where frames go. Its size is the real size of the glass, which may differ from the config's guess.
public protocol Display: AnyObject {
    var width: Int { get }
    var height: Int { get }
    func present(_ canvas: Canvas) throws
    func close()
}

/// Writes every presented frame as DIR/frame-NNNN.png: headless runs and tests.
public final class PNGDirectoryDisplay: Display {
    public let width: Int
    public let height: Int
    public let directory: String
    public private(set) var framesWritten = 0

    public init(directory: String, width: Int, height: Int) throws {
        self.directory = directory
        self.width = width
        self.height = height
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    public func present(_ canvas: Canvas) throws {
        framesWritten += 1
        try canvas.writePNG(to: directory + "/" + String(format: "frame-%04d.png", framesWritten))
    }

    public func close() {}
}

/// Keeps the latest frame for the browser simulator, which long-polls for the next one.
public final class SimulatorDisplay: Display, @unchecked Sendable {
    // @unchecked: every stored property is guarded by `lock`.
    public let width: Int
    public let height: Int
    private let lock = NSLock()
    private var latest: (number: Int, png: Data) = (0, Data())

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public func present(_ canvas: Canvas) throws {
        let png = try canvas.pngData()
        lock.withLock { latest = (latest.number + 1, png) }
    }

    public var currentFrame: (number: Int, png: Data) { lock.withLock { latest } }

    /// The first frame newer than `number`, waiting up to `timeout` for it; otherwise the current one.
    public func frame(after number: Int, timeout: Duration) async -> (number: Int, png: Data) {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let frame = currentFrame
            if frame.number > number { return frame }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return currentFrame
    }

    public func close() {}
}
