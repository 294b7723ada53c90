import Foundation
import Hummingbird
import KioskContent
import KioskCore
import KioskInput
import KioskPrinting
import KioskScreen
import KioskStorage
import KioskUplink
import Logging
import ServiceNotify

public struct DaemonError: Error, CustomStringConvertible {
    public var message: String
    public var exitCode: Int32
    public var description: String { message }
}

public struct DaemonOptions: Sendable {
    public var configPath: String
    /// Overrides display.backend: "fbdev", "png:DIR", "simulator".
    public var display: String?
    /// "evemu:FILE", a device path, or "auto"; nil takes input.device from the config.
    public var input: String?
    public var exitWhenDone = false
    public var simulatorPort: Int?
    public var simulatorHost = "127.0.0.1"

    public init(configPath: String, display: String? = nil, input: String? = nil, exitWhenDone: Bool = false,
                simulatorPort: Int? = nil) {
        self.configPath = configPath
        self.display = display
        self.input = input
        self.exitWhenDone = exitWhenDone
        self.simulatorPort = simulatorPort
    }
}

public enum Daemon {
    /// Loads the content bundle, building it from the authored folder first when there is none yet, or when the
    /// bundle is in a format this kioskd no longer reads (after an upgrade). A bundle that fails for any other
    /// reason is reported, not silently replaced.
    public static func loadContent(config: KioskConfig, logger: Logger) throws -> ContentSet {
        let bundle = config.bundlePath
        func build() throws {
            do {
                try ContentBundle.write(try ContentLoader.load(directory: config.content.source), to: bundle)
            } catch let errors as AuthoringErrors {
                throw DaemonError(message: "content in \(config.content.source) has errors:\n\(errors)", exitCode: 65)
            }
        }
        if !FileManager.default.fileExists(atPath: bundle), !config.content.source.isEmpty {
            logger.info("no bundle at \(bundle); building it from \(config.content.source)")
            try build()
        }
        do {
            return try ContentBundle.read(from: bundle)
        } catch let error as BundleError where error.isOutdatedFormat && !config.content.source.isEmpty {
            logger.warning("\(error); rebuilding it from \(config.content.source)")
            try build()
        } catch {
            throw DaemonError(message: "\(error)", exitCode: 66)
        }
        do {
            return try ContentBundle.read(from: bundle)
        } catch {
            throw DaemonError(message: "\(error)", exitCode: 66)
        }
    }

    public static func run(_ options: DaemonOptions, logger: Logger = Logger(label: "kioskd")) async throws {
        var config: KioskConfig
        do {
            config = try ConfigLoader.load(path: options.configPath)
        } catch {
            throw DaemonError(message: "config error: \(error)", exitCode: 78)
        }
        if let display = options.display { config.display.backend = display }
        if options.simulatorPort != nil { config.display.backend = "simulator" }
        try FileManager.default.createDirectory(atPath: config.stateDirectory, withIntermediateDirectories: true)

        let content = try loadContent(config: config, logger: logger)
        let queue = try EventQueue(path: config.eventQueuePath)
        let printer = CupsSlipPrinter(queue: config.printer.queue,
                                      server: config.printer.server.isEmpty ? nil : config.printer.server,
                                      paper: SlipPaper(rawValue: config.printer.paper) ?? .roll80)

        var simulator: SimulatorDisplay?
        let display: any Display
        let backend = config.display.backend
        if backend == "simulator" {
            let screen = SimulatorDisplay(width: config.display.width, height: config.display.height)
            simulator = screen
            display = screen
        } else if backend.hasPrefix("png:") {
            display = try PNGDirectoryDisplay(directory: String(backend.dropFirst(4)),
                                              width: config.display.width, height: config.display.height)
        } else {
            display = try FramebufferDisplay(device: config.display.device)
        }
        let width = display.width, height = display.height
        let session = try KioskSession(content: content, config: config, display: display, queue: queue,
                                       printer: printer, logger: logger)
        try await session.redraw()
        logger.info("kiosk \(config.kioskID) showing content \(content.version) on \(backend) \(width)x\(height)")

        let uplink: Uplink? = try makeUplink(config: config, queue: queue, logger: logger)
        let mapping = TouchMapping(config: config.input, width: width, height: height)
        let inputSetting = options.input ?? config.input.device

        if options.exitWhenDone {
            // Headless: replay the recording through the whole pipeline, then finish what it started.
            guard inputSetting.hasPrefix("evemu:") else {
                throw DaemonError(message: "--exit-when-done needs --input evemu:FILE", exitCode: 64)
            }
            for case .tap(let x, let y) in try InputSources.replay(path: String(inputSetting.dropFirst(6)), mapping: mapping) {
                await session.tap(x: x, y: y)
            }
            await session.finishPrinting()
            if let uplink {
                do { try await uplink.drain() } catch { logger.warning("upload before exit failed: \(error)") }
            }
            await session.close()
            return
        }

        let (events, continuation) = AsyncStream.makeStream(of: InputEvent.self)
        let deliver: @Sendable (InputEvent) -> Void = { continuation.yield($0) }
        if inputSetting.hasPrefix("evemu:") {
            let replayed = try InputSources.replay(path: String(inputSetting.dropFirst(6)), mapping: mapping)
            replayed.forEach(deliver)
        } else if backend != "simulator" || options.input != nil {
            var inputConfig = config.input
            inputConfig.device = inputSetting
            InputSources.startDevice(config: inputConfig, mapping: mapping, logger: logger, deliver: deliver)
        }

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await case .tap(let x, let y) in events { await session.tap(x: x, y: y) }
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(1))
                    await session.checkIdle()
                }
            }
            if let uplink { group.addTask { await uplink.run() } }
            if let interval = ServiceNotify.watchdogInterval {
                group.addTask {
                    while !Task.isCancelled {
                        ServiceNotify.watchdogPing()
                        try await Task.sleep(for: interval)
                    }
                }
            }
            if let simulator {
                let port = options.simulatorPort ?? 8088
                let app = SimulatorServer.application(
                    display: simulator, host: options.simulatorHost, port: port, deliver: deliver,
                    onRunning: { port in
                        // Unbuffered, so `make demo` can show the address as soon as it is there.
                        FileHandle.standardOutput.write(Data("kioskd simulator: http://\(options.simulatorHost):\(port)/\n".utf8))
                    })
                group.addTask { try await app.runService() }
            }
            group.addTask {
                await waitForTerminationSignal()
                throw CancellationError()
            }
            ServiceNotify.ready()
            do {
                try await group.next()
            } catch is CancellationError {
                logger.info("stopping")
            }
            ServiceNotify.stopping()
            continuation.finish()
            group.cancelAll()
        }
        await session.close()
    }

    static func makeUplink(config: KioskConfig, queue: EventQueue, logger: Logger) throws -> Uplink? {
        guard !config.center.url.isEmpty else {
            logger.info("no center.url: usage events stay in the local queue")
            return nil
        }
        guard !config.center.credentialFile.isEmpty else {
            throw DaemonError(message: "center.url is set but center.credential_file is not", exitCode: 78)
        }
        let secret = try UplinkConfiguration.readSecret(path: config.center.credentialFile)
        return Uplink(queue: queue, configuration: UplinkConfiguration(
            centerURL: config.center.url, kioskID: config.kioskID, secret: secret, batchSize: config.center.batchSize,
            interval: .milliseconds(Int64(config.center.uploadIntervalSeconds * 1000))), logger: logger)
    }

    /// Returns on SIGTERM or SIGINT, which systemd and a technician's Ctrl-C send.
    static func waitForTerminationSignal() async {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        var sources: [DispatchSourceSignal] = []
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { continuation.yield(signalNumber) }
            source.resume()
            sources.append(source)
        }
        for await _ in stream { break }
        sources.forEach { $0.cancel() }
    }
}
