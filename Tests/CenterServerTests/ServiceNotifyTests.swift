import KioskTestSupport
import Foundation
import Glibc
import ServiceNotify
import Testing

/// A datagram socket standing in for systemd's notify socket.
private final class NotifyListener {
    let fd: Int32
    let name: String

    /// `abstract`: bind in the Linux abstract namespace and name it "@…", as systemd may.
    init(directory: TempDirectory, abstract: Bool) throws {
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        name = abstract ? "@kiosk-center-test-\(UUID().uuidString)" : directory.path("notify.sock")

        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(name.utf8)
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)! + bytes.count
            + (abstract ? 0 : 1))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        // A receive that never comes must fail the test, not hang it.
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    deinit { close(fd) }
}

/// Serialized: NOTIFY_SOCKET and WATCHDOG_* are process-wide.
@Suite("ServiceNotify", .serialized)
struct ServiceNotifyTests {
    private func withEnvironment(_ values: [String: String?], _ body: () throws -> Void) rethrows {
        for (name, value) in values {
            if let value { setenv(name, value, 1) } else { unsetenv(name) }
        }
        defer { for name in values.keys { unsetenv(name) } }
        try body()
    }

    @Test(arguments: [false, true])
    func sendsReadyStoppingAndStatus(abstract: Bool) throws {
        let directory = try TempDirectory()
        let listener = try NotifyListener(directory: directory, abstract: abstract)
        withEnvironment(["NOTIFY_SOCKET": listener.name]) {
            ServiceNotify.ready()
            #expect(listener.receive() == "READY=1")
            ServiceNotify.status("listening on\n127.0.0.1:8080")
            #expect(listener.receive() == "STATUS=listening on 127.0.0.1:8080")
            ServiceNotify.watchdogPing()
            #expect(listener.receive() == "WATCHDOG=1")
            ServiceNotify.stopping()
            #expect(listener.receive() == "STOPPING=1")
        }
    }

    @Test func isANoOpWithoutNotifySocket() {
        withEnvironment(["NOTIFY_SOCKET": nil]) {
            #expect(ServiceNotify.send("READY=1") == false)
            ServiceNotify.ready()
        }
        withEnvironment(["NOTIFY_SOCKET": "relative/path.sock"]) {
            #expect(ServiceNotify.send("READY=1") == false)
        }
    }

    @Test func watchdogIntervalIsHalfTheTimeoutForThisProcess() {
        withEnvironment(["WATCHDOG_USEC": "10000000", "WATCHDOG_PID": nil]) {
            #expect(ServiceNotify.watchdogInterval == .seconds(5))
        }
        withEnvironment(["WATCHDOG_USEC": "10000000", "WATCHDOG_PID": "\(getpid())"]) {
            #expect(ServiceNotify.watchdogInterval == .seconds(5))
        }
        withEnvironment(["WATCHDOG_USEC": "10000000", "WATCHDOG_PID": "\(getpid() + 1)"]) {
            #expect(ServiceNotify.watchdogInterval == nil)
        }
        withEnvironment(["WATCHDOG_USEC": nil, "WATCHDOG_PID": nil]) {
            #expect(ServiceNotify.watchdogInterval == nil)
        }
    }
}
