import Foundation

/// The private cupsd the printing tests talk to: the one `make test` started (its env vars), or one
/// started here with scripts/test-cupsd.sh and stopped when the test process exits.
public struct TestCups: Sendable {
    public let server: String
    public let queue: String
    public let output: String

    public static let shared: Result<TestCups, TestCupsError> = start()

    public static func get() throws -> TestCups { try shared.get() }

    /// cupsenable/cupsdisable/cupsaccept/cupsreject/lpstat against the private server.
    public func admin(_ tool: String, _ arguments: [String] = []) throws {
        let result = try run(tool, ["-h", server] + arguments)
        guard result.status == 0 else {
            throw TestCupsError(message: "\(tool) \(arguments): \(result.stderr)")
        }
    }

    /// Another queue on the same private cupsd, printing to its own file beside the shared queue's: for a test
    /// that must not see the shared queue disabled or rejecting by another test running at the same time.
    /// Returns the output file's path.
    public func addQueue(_ name: String) throws -> String {
        let output = URL(fileURLWithPath: self.output).deletingLastPathComponent().appendingPathComponent("\(name).out").path
        guard FileManager.default.createFile(atPath: output, contents: nil,
                                             attributes: [.posixPermissions: 0o666]) else {
            throw TestCupsError(message: "cannot create \(output)")
        }
        let ppd = ProcessInfo.processInfo.environment["KIOSK_TEST_CUPS_PPD"]
            ?? "/usr/share/ppd/cupsfilters/Generic-PDF_Printer-PDF.ppd"
        try admin("lpadmin", ["-p", name, "-v", "file://" + output, "-P", ppd, "-o", "printer-error-policy=abort-job",
                              "-o", "PageSize=A4"])
        try admin("cupsenable", [name])
        try admin("cupsaccept", [name])
        return output
    }

    public func jobCount() throws -> Int {
        let result = try run("lpstat", ["-h", server, "-W", "all", "-o", queue])
        return result.stdout.split(separator: "\n").count
    }

    private static func start() -> Result<TestCups, TestCupsError> {
        let environment = ProcessInfo.processInfo.environment
        if let server = environment["CUPS_SERVER"], !server.isEmpty,
           let queue = environment["KIOSK_TEST_CUPS_QUEUE"], let output = environment["KIOSK_TEST_CUPS_OUTPUT"] {
            return .success(TestCups(server: server, queue: queue, output: output))
        }
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/test-cupsd.sh").path
        let runDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kiosk-cupsd-\(ProcessInfo.processInfo.processIdentifier)").path
        var childEnvironment = environment
        childEnvironment["KIOSK_TEST_CUPS_WATCH_PID"] = String(ProcessInfo.processInfo.processIdentifier)
        do {
            let result = try run("/bin/bash", [script, "start", runDirectory], environment: childEnvironment)
            guard result.status == 0 else {
                return .failure(TestCupsError(message: "test-cupsd.sh start failed:\n\(result.stderr)"))
            }
            var values: [String: String] = [:]
            for token in result.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                let parts = token.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
            }
            guard let server = values["CUPS_SERVER"], let queue = values["KIOSK_TEST_CUPS_QUEUE"],
                  let output = values["KIOSK_TEST_CUPS_OUTPUT"] else {
                return .failure(TestCupsError(message: "test-cupsd.sh printed no env: \(result.stdout)"))
            }
            StartedServer.register(script: script, runDirectory: runDirectory)
            return .success(TestCups(server: server, queue: queue, output: output))
        } catch {
            return .failure(TestCupsError(message: "running test-cupsd.sh: \(error)"))
        }
    }
}

public struct TestCupsError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// atexit takes a plain C function, so what it needs to stop the server lives in globals.
private enum StartedServer {
    nonisolated(unsafe) static var script = ""
    nonisolated(unsafe) static var runDirectory = ""

    static func register(script: String, runDirectory: String) {
        Self.script = script
        Self.runDirectory = runDirectory
        atexit {
            _ = try? run("/bin/bash", [StartedServer.script, "stop", StartedServer.runDirectory])
        }
    }
}
