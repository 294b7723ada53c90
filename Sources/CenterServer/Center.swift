import Foundation
import Hummingbird
import KioskCore
import Logging
import ServiceLifecycle
import ServiceNotify
import UnixSignals

/// A center running in this process, listening on a real TCP port.
public final class RunningCenter: Sendable {
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    fileprivate init(port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port
        self.group = group
        self.task = task
    }

    /// Stops accepting connections, lets requests in flight finish, and returns when the server is closed.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}

public enum Center {
    /// Starts a center and returns once it is listening; `RunningCenter.port` is the port actually bound.
    public static func start(_ config: CenterConfiguration) async throws -> RunningCenter {
        let store = try await openCenterStore(config.database)
        let (listening, listener) = AsyncThrowingStream.makeStream(of: Int.self)
        let app = makeApplication(config, store: store) { port in
            listener.yield(port)
        }
        let group = ServiceGroup(configuration: .init(services: [app], logger: app.logger))
        let task = Task {
            // Ending the stream also covers a server that fails before listening (port in use, bad host).
            do {
                try await group.run()
                listener.finish()
            } catch {
                listener.finish(throwing: error)
                throw error
            }
        }
        for try await port in listening {
            return RunningCenter(port: port, group: group, task: task)
        }
        throw CenterError.stoppedBeforeListening
    }

    /// Runs a center until SIGTERM or SIGINT, telling systemd (when it supervises us) when it is ready and when
    /// it begins to stop. This is what `kiosk-center serve` runs.
    public static func serve(_ config: CenterConfiguration) async throws {
        let store = try await openCenterStore(config.database)
        let app = makeApplication(config, store: store) { port in
            ServiceNotify.ready()
            ServiceNotify.status("listening on \(config.host):\(port)")
        }
        // Services shut down in reverse order: the notifier (last) sends STOPPING=1 before the server drains,
        // and the watchdog (first) keeps systemd informed until the server has closed.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let interval = ServiceNotify.watchdogInterval {
            services.append(.init(service: WatchdogPinger(interval: interval), successTerminationBehavior: .ignore))
        }
        services.append(.init(service: app))
        services.append(.init(service: NotifyStopping(), successTerminationBehavior: .ignore))
        let groupConfiguration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: app.logger)
        try await ServiceGroup(configuration: groupConfiguration).run()
    }

    /// Issues a new secret for a kiosk and returns it; only its hash is stored, so this is the one time it is seen.
    /// With `rotate`, an existing kiosk gets a new secret and the old one stops working at once.
    public static func addKiosk(id: String, database: String, rotate: Bool = false) async throws -> String {
        guard KioskID.isValid(id) else { throw CenterError.invalidKioskID(id) }
        let store = try await openCenterStore(database)
        let secret = KioskCredential.newSecret()
        try await store.registerKiosk(id: id, tokenHash: KioskCredential.hash(of: secret), rotate: rotate,
                                      nowMillis: currentMillis())
        return secret
    }

    public static func kiosks(database: String) async throws -> [KioskRecord] {
        try await openCenterStore(database).kiosks()
    }

    public static func stats(database: String) async throws -> StatsReport {
        try await openCenterStore(database).stats()
    }

    /// Writes a secret to a file only its owner can read. The mode is set at creation and again after, so an
    /// existing file with wider permissions is narrowed before the secret is in it.
    public static func writeSecret(_ secret: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CenterError.cannotWriteSecret(path, String(cString: strerror(errno))) }
        defer { close(fd) }
        guard fchmod(fd, 0o600) == 0 else {
            throw CenterError.cannotWriteSecret(path, String(cString: strerror(errno)))
        }
        let bytes = Array((secret + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw CenterError.cannotWriteSecret(path, written < 0 ? String(cString: strerror(errno)) : "short write")
        }
    }

    static func makeApplication(_ config: CenterConfiguration, store: any CenterStore,
                                onListening: @escaping @Sendable (Int) -> Void)
        -> some ApplicationProtocol & Service {
        var logger = Logger(label: "kiosk-center")
        logger.logLevel = config.logLevel
        let router = buildRouter(store: store, limits: APILimits(maxBodyBytes: config.maxBodyBytes))
        return Application(
            router: router,
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "kiosk-center"),
            onServerRunning: { channel in
                onListening(channel.localAddress?.port ?? config.port)
            },
            logger: logger
        )
    }
}

/// Sends STOPPING=1 as soon as graceful shutdown begins.
private struct NotifyStopping: Service {
    func run() async throws {
        try? await gracefulShutdown()
        ServiceNotify.stopping()
    }
}

/// Keeps systemd's watchdog fed while the process is alive and its event loop runs.
private struct WatchdogPinger: Service {
    let interval: Duration

    func run() async throws {
        let interval = interval
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                ServiceNotify.watchdogPing()
                try await Task.sleep(for: interval)
            }
        }
    }
}
