import Foundation
import KioskCore
import KioskGraphics
import KioskPrinting
import KioskScreen
import KioskStorage
import Logging

/// Where a visit's slip goes. The real one is CUPS; the protocol lets the session stay ignorant of it.
public protocol SlipPrinter: Sendable {
    /// Prints and follows the job to its end. Returns nil on success, or a short machine word for the failure.
    func print(_ slip: SlipModel) async -> String?
}

/// Prints slips through CUPS: render the PDF, submit once, follow the job.
public struct CupsSlipPrinter: SlipPrinter {
    public let printer: CupsPrinter
    public let paper: SlipPaper
    public let jobTimeout: Duration

    public init(queue: String, server: String?, paper: SlipPaper, jobTimeout: Duration = .seconds(120)) {
        printer = CupsPrinter(queue: queue, server: server)
        self.paper = paper
        self.jobTimeout = jobTimeout
    }

    public func print(_ slip: SlipModel) async -> String? {
        do {
            let pdf = try SlipRenderer.pdf(slip, paper: paper)
            let job = try printer.submit(pdf: pdf, title: slip.flowID + "/" + slip.outcomeID)
            let state = try await printer.waitForJob(job, timeout: jobTimeout)
            return state == .completed ? nil : "job-\(state.rawValue)"
        } catch let error as PrintError {
            return error.kind.rawValue
        } catch {
            return "render-failed"
        }
    }
}

/// One kiosk's screen and visits: turns taps into actions, actions into frames, events and print jobs.
/// An actor, so taps from the touchscreen, the simulator and timers are applied one at a time in order.
public actor KioskSession {
    private var visit: Visit
    private let renderer: ScreenRenderer
    private let display: any Display
    private let canvas: Canvas
    private let queue: EventQueue
    private let printer: (any SlipPrinter)?
    private let idleTimeout: Duration
    private let logger: Logger
    private var layout: ScreenLayout?
    private var lastTouch = ContinuousClock.now
    private var printTasks: [Task<Void, Never>] = []
    public private(set) var framesPresented = 0

    public init(content: ContentSet, config: KioskConfig, display: any Display, queue: EventQueue,
                printer: (any SlipPrinter)?, logger: Logger = Logger(label: "kiosk.session")) throws {
        let (settings, problems) = config.settings(for: content)
        for problem in problems { logger.warning("kiosk.yaml \(problem); the content's default stays in use") }
        visit = Visit(content: content, kioskID: config.kioskID, publicBaseURL: config.center.publicURL,
                      hotline: config.hotline, settings: settings)
        renderer = ScreenRenderer(theme: Theme.named(config.display.theme) ?? .standard,
                                  width: display.width, height: display.height)
        canvas = try Canvas.image(width: display.width, height: display.height)
        self.display = display
        self.queue = queue
        self.printer = printer
        idleTimeout = .milliseconds(Int64(config.idleTimeoutSeconds * 1000))
        self.logger = logger
    }

    private static var nowMillis: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Draws the current screen and presents it.
    public func redraw(pressed: ScreenAction? = nil) throws {
        layout = try renderer.render(visit.screen(nowMillis: Self.nowMillis), on: canvas, pressed: pressed)
        try display.present(canvas)
        framesPresented += 1
    }

    /// Gives the display back (the console leaves graphics mode).
    public func close() { display.close() }

    public var currentScreen: ScreenModel { visit.screen(nowMillis: Self.nowMillis) }
    public var currentLayout: ScreenLayout? { layout }

    /// A tap at screen coordinates. Taps outside every enabled button change nothing and draw nothing.
    public func tap(x: Double, y: Double) {
        lastTouch = .now
        guard let action = layout?.action(atX: x, y: y) else { return }
        do {
            // The pressed state goes to the glass first, so the resident sees the touch land at once.
            try redraw(pressed: action)
            apply(visit.handle(action, nowMillis: Self.nowMillis, newVisitID: { UUID().uuidString.lowercased() }))
            try redraw()
        } catch {
            logger.error("drawing failed: \(error)")
        }
    }

    /// Ends an abandoned visit; the daemon calls this every second or so.
    public func checkIdle() {
        guard visit.isActive, ContinuousClock.now - lastTouch >= idleTimeout else { return }
        apply(visit.idleTimeout(nowMillis: Self.nowMillis))
        try? redraw()
    }

    /// Waits for print jobs in flight (headless runs finish them before exiting).
    public func finishPrinting() async {
        while !printTasks.isEmpty {
            let tasks = printTasks
            printTasks.removeAll()
            for task in tasks { await task.value }
        }
    }

    private func apply(_ effects: [VisitEffect]) {
        for effect in effects {
            switch effect {
            case .record(let event):
                do { try queue.append(event) } catch { logger.error("cannot queue usage event: \(error)") }
            case .print(let slip, let ticket):
                guard let printer else {
                    apply(visit.printFinished(ticket, succeeded: false, failure: "no-printer", nowMillis: Self.nowMillis))
                    continue
                }
                printTasks.append(Task {
                    let failure = await printer.print(slip)
                    await self.printDone(ticket, failure: failure)
                })
            }
        }
    }

    private func printDone(_ ticket: PrintTicket, failure: String?) {
        if let failure { logger.warning("slip not printed: \(failure)") }
        apply(visit.printFinished(ticket, succeeded: failure == nil, failure: failure, nowMillis: Self.nowMillis))
        try? redraw()
    }
}
