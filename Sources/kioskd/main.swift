import ArgumentParser
import Foundation
import KioskDaemon

@main
struct Kioskd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kioskd",
        abstract: "The legal self-service kiosk daemon: touchscreen in, screen and printed guidance slips out.")

    @Option(name: .long, help: "The kiosk's config file (kiosk.yaml).")
    var config: String = "/etc/kioskd/kiosk.yaml"

    @Option(name: .long, help: "Override display.backend: fbdev, png:DIR or simulator.")
    var display: String?

    @Option(name: .long, help: "Override input.device: auto, a device path, or evemu:FILE to replay a recording.")
    var input: String?

    @Flag(name: .long, help: "Replay --input evemu:FILE, finish printing and uploading, then exit.")
    var exitWhenDone = false

    @Flag(name: .long, help: "Serve the live screen on 127.0.0.1 for a browser; clicks are taps.")
    var simulate = false

    @Option(name: .long, help: "Simulator port.")
    var port: Int = 8088

    func run() async throws {
        var options = DaemonOptions(configPath: config, display: display, input: input, exitWhenDone: exitWhenDone)
        if simulate { options.simulatorPort = port }
        do {
            try await Daemon.run(options)
        } catch let error as DaemonError {
            FileHandle.standardError.write(Data("kioskd: \(error.message)\n".utf8))
            throw ExitCode(error.exitCode)
        }
    }
}
