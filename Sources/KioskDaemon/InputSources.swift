import Foundation
import Glibc
import KioskCore
import KioskInput
import Logging

/// Anything that reaches the session as a touch, in the order it happened.
public enum InputEvent: Sendable {
    case tap(x: Double, y: Double)
}

extension TouchMapping {
    init(config: KioskConfig.Input, width: Int, height: Int) {
        self.init(screenWidth: width, screenHeight: height,
                  rotation: ScreenRotation(rawValue: config.rotation) ?? .none,
                  flipX: config.flipX, flipY: config.flipY, calibration: config.calibration)
    }
}

enum InputSources {
    /// Replays an evemu recording through the same pipeline a live device uses.
    static func replay(path: String, mapping: TouchMapping) throws -> [InputEvent] {
        let recording = try EvemuRecording.load(path: path)
        var pipeline = TouchPipeline(device: recording.device, mapping: mapping)
        return recording.events.flatMap { pipeline.feed($0) }.map { .tap(x: $0.x, y: $0.y) }
    }

    /// Reads the touchscreen on a thread of its own (blocking poll), re-finding it when it goes away.
    static func startDevice(config: KioskConfig.Input, mapping: TouchMapping, logger: Logger,
                            deliver: @escaping @Sendable (InputEvent) -> Void) {
        let thread = Thread {
            var announcedMissing = false
            while true {
                let path: String? = config.device == "auto"
                    ? TouchscreenDiscovery.scan().first(where: { $0.isTouchscreen })?.path
                    : config.device
                guard let path, let device = try? EvdevTouchDevice(path: path, grab: true) else {
                    if !announcedMissing { logger.warning("no touchscreen found (input.device: \(config.device)); retrying") }
                    announcedMissing = true
                    Thread.sleep(forTimeInterval: 1)
                    continue
                }
                announcedMissing = false
                logger.info("reading touchscreen \(path) (\(device.info.name))")
                var pipeline = TouchPipeline(device: device.info, mapping: mapping)
                readLoop: while true {
                    var descriptor = pollfd(fd: device.fileDescriptor, events: Int16(POLLIN), revents: 0)
                    let ready = poll(&descriptor, 1, 1000)
                    if ready < 0 && errno == EINTR { continue }
                    if ready == 0 { continue }
                    do {
                        for event in try device.readAvailable() {
                            for gesture in pipeline.feed(event) { deliver(.tap(x: gesture.x, y: gesture.y)) }
                        }
                    } catch {
                        logger.warning("touchscreen \(path) lost: \(error)")
                        pipeline.reset()
                        device.close()
                        break readLoop
                    }
                }
            }
        }
        thread.name = "touch-input"
        thread.start()
    }
}
