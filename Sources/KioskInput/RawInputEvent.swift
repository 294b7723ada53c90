/// One kernel input event, as read from evdev or an evemu recording.
public struct RawInputEvent: Hashable, Sendable {
    /// Seconds; the kernel's timestamp (monotonic or realtime, as the device was configured).
    public var time: Double
    public var type: UInt16
    public var code: UInt16
    public var value: Int32

    public init(time: Double, type: UInt16, code: UInt16, value: Int32) {
        self.time = time
        self.type = type
        self.code = code
        self.value = value
    }
}

/// The handful of linux/input-event-codes.h numbers this module reasons about, kept in Swift
/// so that recordings can be parsed and tested without the C headers.
enum EventType {
    static let syn: UInt16 = 0x00
    static let key: UInt16 = 0x01
    static let rel: UInt16 = 0x02
    static let abs: UInt16 = 0x03
    static let msc: UInt16 = 0x04
    static let sw: UInt16 = 0x05
    static let led: UInt16 = 0x11
    static let snd: UInt16 = 0x12
    static let rep: UInt16 = 0x14
    static let ff: UInt16 = 0x15
    static let count = 0x20
}

enum SynCode {
    static let report: UInt16 = 0
    static let mtReport: UInt16 = 2
    static let dropped: UInt16 = 3
}

enum KeyCode {
    static let buttonLeft: UInt16 = 0x110
    static let buttonRight: UInt16 = 0x111
    static let buttonToolFinger: UInt16 = 0x145
    static let buttonTouch: UInt16 = 0x14a
    static let count = 0x300
}

enum AbsCode {
    static let x: UInt16 = 0x00
    static let y: UInt16 = 0x01
    static let pressure: UInt16 = 0x18
    /// The kernel's "fake multitouch" marker: devices exposing ABS_MT_SLOT - 1 are not real MT devices.
    static let mtReservedBeforeSlot: UInt16 = 0x2e
    static let mtSlot: UInt16 = 0x2f
    static let mtTouchMajor: UInt16 = 0x30
    static let mtPositionX: UInt16 = 0x35
    static let mtPositionY: UInt16 = 0x36
    static let mtTrackingID: UInt16 = 0x39
    static let count = 0x40
}

enum InputProperty {
    static let pointer: UInt16 = 0x00
    static let direct: UInt16 = 0x01
    static let count = 0x20
}
