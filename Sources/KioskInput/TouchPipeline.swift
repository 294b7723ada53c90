public enum GestureKind: String, Sendable, Codable {
    case tap
}

/// A gesture in screen pixels; `time` is the kernel time of the frame that completed it.
public struct Gesture: Hashable, Sendable, Codable {
    public var kind: GestureKind
    public var x: Double
    public var y: Double
    public var time: Double

    public init(kind: GestureKind, x: Double, y: Double, time: Double) {
        self.kind = kind
        self.x = x
        self.y = y
        self.time = time
    }
}

/// Raw events in, gestures out; processes every frame up to each SYN_REPORT so a down+up inside one read still is a tap.
///
/// Only the first finger counts: the contact that comes down while no other tracked touch is active. Fingers that
/// join later are ignored for the whole touch, which makes a two-finger press behave like a press of the first.
/// A tap is a touch that ends within `maximumTapDuration` seconds without ever straying more than `tapSlop` screen
/// pixels from where it came down; it is reported at the last trustworthy position.
public struct TouchPipeline: Sendable {
    public let device: TouchDeviceInfo
    public var mapping: TouchMapping
    public var tapSlop: Double
    public var maximumTapDuration: Double

    private var decoder: PrimaryContactDecoder
    private var touch: TouchInProgress?

    public init(device: TouchDeviceInfo, mapping: TouchMapping, tapSlop: Double = 40, maximumTapDuration: Double = 1.5) {
        self.device = device
        self.mapping = mapping
        self.tapSlop = tapSlop
        self.maximumTapDuration = maximumTapDuration
        self.decoder = PrimaryContactDecoder(device: device)
    }

    /// Whether the first finger of a touch is down right now (e.g. so an idle timeout does not fire mid-touch).
    public var isTouching: Bool { touch != nil }

    public mutating func feed(_ event: RawInputEvent) -> [Gesture] {
        if event.type == EventType.syn && event.code == SynCode.dropped {
            // The kernel lost events: whatever the touch did meanwhile is unknown, so it must not become a tap.
            reset()
            decoder.beginResynchronisation()
            return []
        }
        var gestures: [Gesture] = []
        for change in decoder.feed(event) {
            switch change {
            case .began(let position):
                var started = TouchInProgress(startTime: event.time)
                if let position { started.move(to: screenPoint(position)) }
                touch = started
            case .moved(let position):
                let point = screenPoint(position)
                touch?.move(to: point)
            case .ended(let releasePosition):
                guard var finished = touch else { continue }
                touch = nil
                if let releasePosition { finished.move(to: screenPoint(releasePosition)) }
                if let point = finished.lastPoint, finished.farthestExcursion <= tapSlop,
                   event.time - finished.startTime <= maximumTapDuration {
                    gestures.append(Gesture(kind: .tap, x: point.x, y: point.y, time: event.time))
                }
            }
        }
        return gestures
    }

    /// Forgets any touch in progress (after SYN_DROPPED, device loss, or a session reset); the next touch starts
    /// fresh and nothing stays down.
    public mutating func reset() {
        touch = nil
        decoder.reset()
    }

    private func screenPoint(_ raw: RawPosition) -> ScreenPoint {
        let mapped = mapping.map(rawX: raw.x, rawY: raw.y, device: device)
        return ScreenPoint(x: mapped.x, y: mapped.y)
    }
}

struct ScreenPoint: Sendable {
    var x: Double
    var y: Double
}

private struct TouchInProgress: Sendable {
    let startTime: Double
    var startPoint: ScreenPoint?
    var lastPoint: ScreenPoint?
    var farthestExcursion = 0.0

    init(startTime: Double) {
        self.startTime = startTime
    }

    /// The first known position anchors the slop: a device may announce the contact a frame before its position.
    mutating func move(to point: ScreenPoint) {
        if let startPoint {
            let distance = ((point.x - startPoint.x) * (point.x - startPoint.x)
                + (point.y - startPoint.y) * (point.y - startPoint.y)).squareRoot()
            farthestExcursion = max(farthestExcursion, distance)
        } else {
            startPoint = point
        }
        lastPoint = point
    }
}
