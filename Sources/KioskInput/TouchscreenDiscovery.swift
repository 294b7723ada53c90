import Foundation

/// Finds the touchscreen among /dev/input/event* nodes, explaining each decision for `kioskctl` and the log.
public enum TouchscreenDiscovery {
    /// Scans /dev/input/event* (or `directory`) in numeric order, without grabbing, and says why each device is or
    /// is not taken for a touchscreen.
    public static func scan(directory: String = "/dev/input") -> [(path: String, name: String, isTouchscreen: Bool, reason: String)] {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            return []
        }
        let eventNodes = entries.compactMap { entry -> (number: Int, name: String)? in
            guard entry.hasPrefix("event"), let number = Int(entry.dropFirst("event".count)) else { return nil }
            return (number, entry)
        }.sorted { $0.number < $1.number }

        return eventNodes.map { node in
            let path = URL(fileURLWithPath: directory).appendingPathComponent(node.name).path
            do {
                let device = try EvdevTouchDevice(path: path, grab: false)
                defer { device.close() }
                let (isTouchscreen, reason) = isTouchscreen(device.info)
                return (path, device.info.name, isTouchscreen, reason)
            } catch {
                return (path, "", false, "cannot inspect: \(error)")
            }
        }
    }

    /// INPUT_PROP_DIRECT with position axes, or (for drivers older than input properties) ABS_X/ABS_Y with
    /// BTN_TOUCH and no mouse buttons. Touchpads also have ABS_X/ABS_Y and BTN_TOUCH, hence the button and
    /// INPUT_PROP_POINTER checks.
    public static func isTouchscreen(_ info: TouchDeviceInfo) -> (Bool, String) {
        let hasPosition = info.xRange != nil && info.yRange != nil
        if info.properties.contains(InputProperty.direct) {
            guard hasPosition else { return (false, "INPUT_PROP_DIRECT but no absolute X/Y axes") }
            return (true, "INPUT_PROP_DIRECT with absolute X/Y axes (\(info.touchProtocol.rawValue))")
        }
        guard info.axes[AbsCode.x] != nil, info.axes[AbsCode.y] != nil else {
            return (false, "no absolute X/Y axes")
        }
        guard info.keys.contains(KeyCode.buttonTouch) else {
            return (false, "absolute X/Y without BTN_TOUCH (a tablet, joystick or accelerometer)")
        }
        if info.keys.contains(KeyCode.buttonLeft) || info.keys.contains(KeyCode.buttonRight) {
            return (false, "has BTN_LEFT/BTN_RIGHT (a touchpad or mouse)")
        }
        if info.properties.contains(InputProperty.pointer) {
            return (false, "INPUT_PROP_POINTER (a touchpad)")
        }
        return (true, "absolute X/Y with BTN_TOUCH and no mouse buttons (\(info.touchProtocol.rawValue))")
    }
}
