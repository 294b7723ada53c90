import KioskTestSupport
import Foundation
import KioskCore
import Testing
@testable import KioskPrinting

func expectPrintError(_ kind: PrintError.Kind, sourceLocation: Testing.SourceLocation = #_sourceLocation,
                      _ body: () throws(PrintError) -> Void) {
    do {
        try body()
        Issue.record("expected PrintError.\(kind), nothing thrown", sourceLocation: sourceLocation)
    } catch {
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
    }
}

/// These share one queue and change its state, so they run one at a time.
@Suite(.serialized) struct CupsPrinterTests {
    let cups: TestCups
    let printer: CupsPrinter

    init() throws {
        cups = try TestCups.get()
        printer = CupsPrinter(queue: cups.queue, server: cups.server)
    }

    @Test func idleQueueCanPrint() throws {
        let status = try printer.status()
        #expect(status.state == .idle || status.state == .processing)
        #expect(status.isAcceptingJobs)
        #expect(status.canPrint)
    }

    @Test func slipJobCompletesAndLandsInTheFileDevice() async throws {
        let pdf = try SlipRenderer.pdf(Fixtures.unpaidWages, paper: .roll80)
        let length = try SlipRenderer.rollLengthMillimetres(Fixtures.unpaidWages, paper: .roll80)
        // The Generic PDF queue has no custom sizes, so the media option is dropped and the job still prints.
        let id = try printer.submit(pdf: pdf, title: "slip-unpaid-wages",
                                    options: ["media": SlipPaper.roll80.mediaName(lengthMillimetres: length)])
        #expect(id > 0)
        let state = try await printer.waitForJob(id, timeout: .seconds(60))
        #expect(state == .completed)
        #expect(try printer.jobState(id) == .completed)

        let output = try Data(contentsOf: URL(fileURLWithPath: cups.output))
        #expect(!output.isEmpty)
        // The PPD wraps the PDF in a PJL job header; the document itself follows unchanged in format.
        let start = try #require(output.firstRange(of: Data("%PDF-".utf8)), "no PDF in the device output")
        let document = output[start.lowerBound...]
        #expect(document.range(of: Data("%%EOF".utf8)) != nil)
        let file = try temporaryDirectory("cups").appendingPathComponent("printed.pdf")
        try Data(document).write(to: file)
        let pages = try pdfPageSizes(file.path)
        #expect(pages.count == 1)
        let text = try run("pdftotext", [file.path, "-"]).stdout
        #expect(text.contains("申请劳动仲裁"))
    }

    @Test func waitForJobReturnsTheLastStateOnTimeout() async throws {
        try cups.admin("cupsdisable", [cups.queue])
        defer { try? cups.admin("cupsenable", [cups.queue]) }
        // Submitting through lp, because CupsPrinter itself refuses a stopped queue.
        let pdfFile = try temporaryDirectory("held").appendingPathComponent("slip.pdf")
        try SlipRenderer.pdf(Fixtures.unpaidWages, paper: .roll58).write(to: pdfFile)
        let submitted = try run("lp", ["-h", cups.server, "-d", cups.queue, pdfFile.path])
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let id = try #require(submitted.stdout.split(separator: " ").first { $0.hasPrefix("\(cups.queue)-") }
            .flatMap { Int32($0.split(separator: "-").last!) })
        let started = ContinuousClock.now
        let state = try await printer.waitForJob(id, timeout: .milliseconds(700))
        #expect(state == .pending)
        #expect(ContinuousClock.now - started >= .milliseconds(600))
        try cups.admin("cupsenable", [cups.queue])
        #expect(try await printer.waitForJob(id, timeout: .seconds(60)) == .completed)
    }

    @Test func disabledQueueIsStoppedAndSubmitRefuses() throws {
        try cups.admin("cupsdisable", ["-r", "paper jam", cups.queue])
        defer { try? cups.admin("cupsenable", [cups.queue]) }
        let status = try printer.status()
        #expect(status.state == .stopped)
        #expect(!status.canPrint)
        let before = try cups.jobCount()
        let pdf = try SlipRenderer.pdf(Fixtures.unpaidWages, paper: .roll80)
        expectPrintError(.stopped) { () throws(PrintError) in _ = try printer.submit(pdf: pdf, title: "refused") }
        #expect(try cups.jobCount() == before)
        try cups.admin("cupsenable", [cups.queue])
        #expect(try printer.status().canPrint)
    }

    @Test func rejectingQueueIsNotAccepting() throws {
        try cups.admin("cupsreject", [cups.queue])
        defer { try? cups.admin("cupsaccept", [cups.queue]) }
        let status = try printer.status()
        #expect(!status.isAcceptingJobs)
        #expect(!status.canPrint)
        let before = try cups.jobCount()
        let pdf = try SlipRenderer.pdf(Fixtures.unpaidWages, paper: .roll80)
        expectPrintError(.notAccepting) { () throws(PrintError) in _ = try printer.submit(pdf: pdf, title: "refused") }
        #expect(try cups.jobCount() == before)
        try cups.admin("cupsaccept", [cups.queue])
        #expect(try printer.status().isAcceptingJobs)
    }

    @Test func missingQueue() throws {
        let missing = CupsPrinter(queue: "no-such-queue", server: cups.server)
        expectPrintError(.printerMissing) { () throws(PrintError) in _ = try missing.status() }
        expectPrintError(.printerMissing) { () throws(PrintError) in
            _ = try missing.submit(pdf: Data("%PDF-1.4\n".utf8), title: "nowhere")
        }
    }
}

@Suite struct UnreachableServerTests {
    /// Port 1 (tcpmux) on loopback: nothing listens there, so the connection is refused at once.
    let printer = CupsPrinter(queue: "kiosk-test", server: "127.0.0.1:1", connectTimeout: .seconds(2))

    @Test func everyCallSaysServerUnreachable() async {
        expectPrintError(.serverUnreachable) { () throws(PrintError) in _ = try printer.status() }
        expectPrintError(.serverUnreachable) { () throws(PrintError) in
            _ = try printer.submit(pdf: Data("%PDF-1.4\n".utf8), title: "nowhere")
        }
        expectPrintError(.serverUnreachable) { () throws(PrintError) in _ = try printer.jobState(1) }
        do {
            _ = try await printer.waitForJob(1, timeout: .seconds(1))
            Issue.record("waitForJob did not throw")
        } catch {
            #expect(error.kind == .serverUnreachable)
        }
    }

    @Test func domainSocketThatDoesNotExist() {
        let printer = CupsPrinter(queue: "kiosk-test", server: "/nonexistent/cups.sock")
        expectPrintError(.serverUnreachable) { () throws(PrintError) in _ = try printer.status() }
    }
}
