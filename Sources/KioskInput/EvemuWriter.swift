/// Writes evemu recordings (header + events) that tap the given screen points on a given device; used by daemon tests to walk a flow.
public enum EvemuWriter {
    /// How long each synthetic finger stays down; well inside any sensible tap duration.
    static let pressDuration = 0.08

    public static func tapRecording(device: TouchDeviceInfo, mapping: TouchMapping, taps: [(x: Double, y: Double)],
                                    startTime: Double = 1.0, interval: Double = 0.5) -> String {
        var lines = [header(for: device)]
        let press = min(pressDuration, max(interval, 0) / 2)
        for (index, tap) in taps.enumerated() {
            let downTime = startTime + Double(index) * interval
            let panel = mapping.panelFraction(x: tap.x, y: tap.y)
            for event in tapEvents(device: device, panel: panel, trackingID: Int32(index % 65_536),
                                   downTime: downTime, upTime: downTime + press) {
                lines.append(eventLine(event))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The description part of a recording in the layout evemu-record 2.x writes, so evemu-play can use it too.
    public static func header(for device: TouchDeviceInfo) -> String {
        var lines = [
            "# EVEMU 1.3",
            "# Input device name: \"\(device.name)\"",
            "# Written by KioskInput.EvemuWriter",
            "N: \(device.name)",
            "I: \(hex(device.identity.busType, width: 4)) \(hex(device.identity.vendor, width: 4)) "
                + "\(hex(device.identity.product, width: 4)) \(hex(device.identity.version, width: 4))",
        ]
        lines += bitmaskLines(prefix: "P:", bits: device.properties, byteCount: 8)
        var eventTypes: Set<UInt16> = [EventType.syn]
        if !device.keys.isEmpty { eventTypes.insert(EventType.key) }
        if !device.axes.isEmpty { eventTypes.insert(EventType.abs) }
        // evemu writes these types with these byte counts (whole 8-byte lines), present or not.
        let bitmaskLayout: [(type: UInt16, bits: Set<UInt16>, bytes: Int)] = [
            (EventType.syn, eventTypes, 8),
            (EventType.key, device.keys, KeyCode.count / 8),
            (EventType.rel, [], 8),
            (EventType.abs, Set(device.axes.keys), 8),
            (EventType.msc, [], 8),
            (EventType.sw, [], 8),
            (EventType.led, [], 8),
            (EventType.snd, [], 8),
            (EventType.rep, [], 8),
            (EventType.ff, [], 16),
        ]
        for entry in bitmaskLayout {
            lines += bitmaskLines(prefix: "B: \(hex(entry.type))", bits: entry.bits, byteCount: entry.bytes)
        }
        for code in device.axes.keys.sorted() {
            let axis = device.axes[code]!
            lines.append("A: \(hex(code)) \(axis.minimum) \(axis.maximum) \(axis.fuzz) \(axis.flat) \(axis.resolution)")
        }
        return lines.joined(separator: "\n")
    }

    static func eventLine(_ event: RawInputEvent) -> String {
        var seconds = event.time.rounded(.down)
        var microseconds = ((event.time - seconds) * 1_000_000).rounded()
        if microseconds >= 1_000_000 {
            seconds += 1
            microseconds -= 1_000_000
        }
        let secondsText = String(Int64(seconds))
        let microsecondsText = String(Int64(microseconds))
        let paddedMicroseconds = String(repeating: "0", count: max(0, 6 - microsecondsText.count)) + microsecondsText
        return "E: \(secondsText).\(paddedMicroseconds) \(hex(event.type, width: 4)) \(hex(event.code, width: 4)) "
            + paddedDecimal(event.value)
    }

    /// printf's "%04d": the sign counts towards the width, so -1 is "-001" as in real recordings.
    static func paddedDecimal(_ value: Int32) -> String {
        let magnitude = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        let padding = max(0, 4 - sign.count - magnitude.count)
        return sign + String(repeating: "0", count: padding) + magnitude
    }

    private static func bitmaskLines(prefix: String, bits: Set<UInt16>, byteCount: Int) -> [String] {
        var bytes = [UInt8](repeating: 0, count: byteCount)
        for bit in bits where Int(bit) / 8 < byteCount {
            bytes[Int(bit) / 8] |= UInt8(1) << (bit % 8)
        }
        return stride(from: 0, to: byteCount, by: 8).map { start in
            prefix + " " + bytes[start..<min(start + 8, byteCount)].map { hex(UInt16($0)) }.joined(separator: " ")
        }
    }

    /// One press and release in the device's own protocol, with the legacy ABS_X/ABS_Y and BTN_TOUCH a real driver
    /// sends alongside when the device has them.
    private static func tapEvents(device: TouchDeviceInfo, panel: (x: Double, y: Double), trackingID: Int32,
                                  downTime: Double, upTime: Double) -> [RawInputEvent] {
        func event(_ time: Double, _ type: UInt16, _ code: UInt16, _ value: Int32) -> RawInputEvent {
            RawInputEvent(time: time, type: type, code: code, value: value)
        }
        var legacyPosition: [RawInputEvent] = []
        if let xAxis = device.axes[AbsCode.x], let yAxis = device.axes[AbsCode.y] {
            legacyPosition = [event(downTime, EventType.abs, AbsCode.x, xAxis.raw(fromNormalised: panel.x)),
                              event(downTime, EventType.abs, AbsCode.y, yAxis.raw(fromNormalised: panel.y))]
        }
        let hasTouchKey = device.keys.contains(KeyCode.buttonTouch)
        let touchDown = hasTouchKey ? [event(downTime, EventType.key, KeyCode.buttonTouch, 1)] : []
        let touchUp = hasTouchKey ? [event(upTime, EventType.key, KeyCode.buttonTouch, 0)] : []
        let downReport = event(downTime, EventType.syn, SynCode.report, 0)
        let upReport = event(upTime, EventType.syn, SynCode.report, 0)

        switch device.touchProtocol {
        case .multitouchB:
            let x = device.axes[AbsCode.mtPositionX]!.raw(fromNormalised: panel.x)
            let y = device.axes[AbsCode.mtPositionY]!.raw(fromNormalised: panel.y)
            return [event(downTime, EventType.abs, AbsCode.mtSlot, 0),
                    event(downTime, EventType.abs, AbsCode.mtTrackingID, trackingID),
                    event(downTime, EventType.abs, AbsCode.mtPositionX, x),
                    event(downTime, EventType.abs, AbsCode.mtPositionY, y)]
                + touchDown + legacyPosition + [downReport]
                + [event(upTime, EventType.abs, AbsCode.mtSlot, 0),
                   event(upTime, EventType.abs, AbsCode.mtTrackingID, -1)] + touchUp + [upReport]
        case .multitouchA:
            let x = device.axes[AbsCode.mtPositionX]!.raw(fromNormalised: panel.x)
            let y = device.axes[AbsCode.mtPositionY]!.raw(fromNormalised: panel.y)
            return [event(downTime, EventType.abs, AbsCode.mtPositionX, x),
                    event(downTime, EventType.abs, AbsCode.mtPositionY, y),
                    event(downTime, EventType.syn, SynCode.mtReport, 0)]
                + touchDown + legacyPosition + [downReport]
                + touchUp + [upReport]
        case .singleTouch:
            let releaseKey = hasTouchKey || !device.keys.contains(KeyCode.buttonToolFinger)
                ? KeyCode.buttonTouch : KeyCode.buttonToolFinger
            return legacyPosition + [event(downTime, EventType.key, releaseKey, 1), downReport,
                                     event(upTime, EventType.key, releaseKey, 0), upReport]
        }
    }
}
