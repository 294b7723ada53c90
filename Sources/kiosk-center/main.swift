import ArgumentParser
import CenterServer
import Foundation

struct KioskCenter: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk-center",
        abstract: "The county center: receives kiosk usage events and serves statistics.",
        subcommands: [Serve.self, Kiosk.self, Stats.self]
    )
}

struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: "Database location: sqlite:PATH (PostgreSQL is not supported yet).")
    var db: String
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the center's HTTP server until SIGTERM or SIGINT.")

    @OptionGroup var database: DatabaseOption

    @Option(help: "Address to listen on, HOST:PORT.")
    var listen: String = "127.0.0.1:8080"

    @Option(help: "Largest request body accepted, in bytes.")
    var maxBodyBytes: Int = 1 << 20

    func validate() throws {
        guard maxBodyBytes > 0 else { throw ValidationError("--max-body-bytes must be positive") }
        do { _ = try parseListenAddress(listen) } catch { throw ValidationError(error.description) }
    }

    func run() async throws {
        let (host, port) = try parseListenAddress(listen)
        try await reportingErrors {
            try await Center.serve(CenterConfiguration(database: database.db, host: host, port: port,
                                                       maxBodyBytes: maxBodyBytes))
        }
    }
}

struct Kiosk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage kiosk credentials.",
        subcommands: [Add.self, List.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a kiosk and print its secret (shown only once; the center keeps only a hash).")

        @Argument(help: "Kiosk id (A–Z, a–z, 0–9, '.', '_', '-').")
        var id: String

        @OptionGroup var database: DatabaseOption

        @Option(help: "Also write the secret to this file, readable only by its owner.")
        var out: String?

        @Flag(help: "Issue a new secret for an existing kiosk; the old one stops working.")
        var rotate = false

        func run() async throws {
            try await reportingErrors {
                let secret = try await Center.addKiosk(id: id, database: database.db, rotate: rotate)
                print(secret)
                if let out {
                    try Center.writeSecret(secret, to: out)
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List registered kiosks.")

        @OptionGroup var database: DatabaseOption

        func run() async throws {
            try await reportingErrors {
                let formatter = ISO8601DateFormatter()
                func format(_ millis: Int64?) -> String {
                    millis.map { formatter.string(from: Date(timeIntervalSince1970: Double($0) / 1000)) } ?? "never"
                }
                for kiosk in try await Center.kiosks(database: database.db) {
                    print("\(kiosk.id)\tcreated \(format(kiosk.createdAtMillis))\tlast seen \(format(kiosk.lastSeenMillis))")
                }
            }
        }
    }
}

struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print visits, outcomes and slips per flow.")

    @OptionGroup var database: DatabaseOption

    @Option(help: "table or json.")
    var format: String = "table"

    func validate() throws {
        guard ["table", "json"].contains(format) else { throw ValidationError("--format must be table or json") }
    }

    func run() async throws {
        try await reportingErrors {
            let report = try await Center.stats(database: database.db)
            if format == "json" {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
                return
            }
            print("flow\tvisits\toutcomes\tslips")
            for flow in report.flows { print("\(flow.flow)\t\(flow.visits)\t\(flow.outcomes)\t\(flow.slips)") }
            print("total\t\(report.visits)\t\(report.outcomes)\t\(report.slips)")
        }
    }
}

/// Prints a center error as one plain line on stderr with exit status 1, instead of a Swift error dump.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as CenterError {
        FileHandle.standardError.write(Data("kiosk-center: \(error.description)\n".utf8))
        throw ExitCode.failure
    }
}

/// Top-level code in main.swift resolves `KioskCenter.main()` to ParsableCommand's synchronous overload, which refuses
/// async commands at run time (and `@main` is not allowed in main.swift); inside an async function the async
/// overload wins.
func runKioskCenter() async {
    await KioskCenter.main()
}

await runKioskCenter()
