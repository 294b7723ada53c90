#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The systemd notify protocol (sd_notify(3)) without linking libsystemd: one datagram per message to the
/// socket named by $NOTIFY_SOCKET. Every call is a no-op when the variable is unset, so the same binary runs
/// under systemd, in a container and in tests.
public enum ServiceNotify {
    /// Tells the service manager that startup is finished (Type=notify units wait for this).
    public static func ready() { send("READY=1") }

    /// Tells the service manager that shutdown has begun, so it does not treat the exit as a crash.
    public static func stopping() { send("STOPPING=1") }

    /// A one-line status shown by `systemctl status`.
    public static func status(_ text: String) {
        // A newline would start a new assignment in the protocol; a status must stay one field.
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        send("STATUS=" + line)
    }

    /// Resets the watchdog timer; call at least every `watchdogInterval`.
    public static func watchdogPing() { send("WATCHDOG=1") }

    /// Half of WatchdogSec (as sd_watchdog_enabled(3) advises), or nil when no watchdog is set or it is meant for
    /// another process (WATCHDOG_PID names a different pid).
    public static var watchdogInterval: Duration? {
        guard let usecText = environment("WATCHDOG_USEC"), let usec = UInt64(usecText), usec > 0 else { return nil }
        if let pidText = environment("WATCHDOG_PID") {
            guard let pid = Int32(pidText), pid == getpid() else { return nil }
        }
        return .microseconds(Int64(clamping: usec / 2))
    }

    /// Sends one raw message ("KEY=value\n..."). Returns whether it was delivered; callers normally ignore
    /// this because a service must keep running when the manager is not listening.
    @discardableResult
    public static func send(_ message: String) -> Bool {
        guard let path = environment("NOTIFY_SOCKET"), !path.isEmpty else { return false }
        guard var address = socketAddress(path) else { return false }

        #if canImport(Glibc)
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        // The manager may have gone away; a dead socket must not kill us with SIGPIPE.
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let fd = socket(AF_UNIX, SOCK_DGRAM, 0)
        let flags: Int32 = 0
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }

        let bytes = Array(message.utf8)
        let sent = withUnsafePointer(to: &address.storage) { storage in
            storage.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bytes.withUnsafeBytes { buffer in
                    sendto(fd, buffer.baseAddress, buffer.count, flags, pointer, address.length)
                }
            }
        }
        return sent == bytes.count
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// Builds the sockaddr_un. A leading '@' means a Linux abstract socket: the name starts with a NUL byte
    /// and its length is exact (not NUL-terminated), so the address length must not cover the whole sun_path.
    private static func socketAddress(_ path: String) -> (storage: sockaddr_un, length: socklen_t)? {
        var bytes = Array(path.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract {
            bytes[0] = 0
        } else if bytes.first != UInt8(ascii: "/") {
            // sd_notify accepts only absolute paths and abstract names; anything else is a misconfiguration.
            return nil
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        // A path socket needs room for its terminating NUL; an abstract name does not.
        guard bytes.count <= (abstract ? capacity : capacity - 1) else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)!
        let length = pathOffset + bytes.count + (abstract ? 0 : 1)
        return (address, socklen_t(length))
    }
}
