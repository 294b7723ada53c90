import CEvdev
import Glibc
import Synchronization

/// A failed operation on an input device node, with the kernel's reason.
public struct EvdevError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var operation: String
    public var errorNumber: Int32

    public init(path: String, operation: String, errorNumber: Int32) {
        self.path = path
        self.operation = operation
        self.errorNumber = errorNumber
    }

    /// ENODEV: the device was unplugged; the caller should close it and rediscover.
    public var isDeviceGone: Bool { errorNumber == ENODEV }

    public var description: String {
        "\(path): \(operation): \(String(cString: strerror(errorNumber))) (errno \(errorNumber))"
    }
}

/// A real device through libevdev: open, EVIOCGRAB (libevdev_grab), non-blocking reads.
///
/// Sendable because every use of the libevdev handle and the descriptor happens inside `handle`'s mutex, so a
/// poll loop on one task and `close()` from another cannot race.
public final class EvdevTouchDevice: Sendable {
    public let path: String
    public let info: TouchDeviceInfo
    private let handle: Mutex<DeviceHandle>

    private struct DeviceHandle: ~Copyable {
        var device: OpaquePointer?
        var fileDescriptor: Int32
    }

    /// Opens the node non-blocking; with `grab`, takes it exclusively so the touches do not also reach a desktop
    /// or console underneath the kiosk.
    public init(path: String, grab: Bool = true) throws {
        self.path = path
        let descriptor = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw EvdevError(path: path, operation: "open", errorNumber: errno) }
        var device: OpaquePointer?
        let created = libevdev_new_from_fd(descriptor, &device)
        guard created >= 0, let device else {
            Glibc.close(descriptor)
            throw EvdevError(path: path, operation: "libevdev_new_from_fd", errorNumber: -created)
        }
        if grab {
            let grabbed = libevdev_grab(device, LIBEVDEV_GRAB)
            if grabbed < 0 {
                libevdev_free(device)
                Glibc.close(descriptor)
                throw EvdevError(path: path, operation: "grab (EVIOCGRAB)", errorNumber: -grabbed)
            }
        }
        info = Self.describe(device)
        handle = Mutex(DeviceHandle(device: device, fileDescriptor: descriptor))
    }

    deinit {
        close()
    }

    /// For poll(); -1 once closed.
    public var fileDescriptor: Int32 {
        handle.withLock { $0.fileDescriptor }
    }

    /// Reads all pending events (libevdev_next_event in normal mode). After SYN_DROPPED the result holds a
    /// SYN_DROPPED event followed by the events that restate the device's current state (read in
    /// LIBEVDEV_READ_FLAG_SYNC mode until -EAGAIN), then whatever came after; TouchPipeline treats that as a resync.
    /// Throws EvdevError with `isDeviceGone` on ENODEV.
    public func readAvailable() throws -> [RawInputEvent] {
        try handle.withLock { state throws -> [RawInputEvent] in
            guard let device = state.device else {
                throw EvdevError(path: path, operation: "read", errorNumber: EBADF)
            }
            var events: [RawInputEvent] = []
            var flags = LIBEVDEV_READ_FLAG_NORMAL
            var event = input_event()
            // Bounded so a device flooding events cannot starve the caller's other work; the rest comes next poll.
            // A resync is always finished, though: libevdev discards the rest of it once normal reading resumes.
            while events.count < 4096 || flags == LIBEVDEV_READ_FLAG_SYNC {
                let status = libevdev_next_event(device, flags.rawValue, &event)
                if status == Int32(LIBEVDEV_READ_STATUS_SUCCESS.rawValue) {
                    events.append(Self.rawEvent(event))
                } else if status == Int32(LIBEVDEV_READ_STATUS_SYNC.rawValue) {
                    // In normal mode this is the SYN_DROPPED itself; in sync mode, one restated state event.
                    events.append(Self.rawEvent(event))
                    flags = LIBEVDEV_READ_FLAG_SYNC
                } else if status == -EAGAIN {
                    if flags == LIBEVDEV_READ_FLAG_SYNC {
                        flags = LIBEVDEV_READ_FLAG_NORMAL
                        continue
                    }
                    break
                } else if status == -EINTR {
                    continue
                } else {
                    throw EvdevError(path: path, operation: "read", errorNumber: -status)
                }
            }
            return events
        }
    }

    /// Releases the grab and the descriptor; safe to call more than once.
    public func close() {
        handle.withLock { state in
            if let device = state.device {
                libevdev_grab(device, LIBEVDEV_UNGRAB)
                libevdev_free(device)
                state.device = nil
            }
            if state.fileDescriptor >= 0 {
                Glibc.close(state.fileDescriptor)
                state.fileDescriptor = -1
            }
        }
    }

    private static func rawEvent(_ event: input_event) -> RawInputEvent {
        var copy = event
        return RawInputEvent(time: kiosk_input_event_seconds(&copy), type: event.type, code: event.code,
                             value: event.value)
    }

    private static func describe(_ device: OpaquePointer) -> TouchDeviceInfo {
        let name = libevdev_get_name(device).map { String(cString: $0) } ?? ""
        var axes: [UInt16: AxisRange] = [:]
        for code in 0..<UInt32(AbsCode.count)
        where libevdev_has_event_code(device, UInt32(EventType.abs), code) != 0 {
            guard let absinfo = libevdev_get_abs_info(device, code)?.pointee else { continue }
            axes[UInt16(code)] = AxisRange(minimum: absinfo.minimum, maximum: absinfo.maximum, fuzz: absinfo.fuzz,
                                           flat: absinfo.flat, resolution: absinfo.resolution)
        }
        var keys: Set<UInt16> = []
        for code in 0..<UInt32(KeyCode.count) where libevdev_has_event_code(device, UInt32(EventType.key), code) != 0 {
            keys.insert(UInt16(code))
        }
        var properties: Set<UInt16> = []
        for property in 0..<UInt32(InputProperty.count) where libevdev_has_property(device, property) != 0 {
            properties.insert(UInt16(property))
        }
        let identity = DeviceIdentity(busType: UInt16(truncatingIfNeeded: libevdev_get_id_bustype(device)),
                                      vendor: UInt16(truncatingIfNeeded: libevdev_get_id_vendor(device)),
                                      product: UInt16(truncatingIfNeeded: libevdev_get_id_product(device)),
                                      version: UInt16(truncatingIfNeeded: libevdev_get_id_version(device)))
        return TouchDeviceInfo(name: name, axes: axes, properties: properties, keys: keys, identity: identity)
    }
}
