// Measures how fast the kiosk answers a touch, with the shipped content at the reference portrait size, and how
// fast the content checks and the interview engine run.
//
//   kiosk-bench [--iterations N] [--json] [--content DIR] [--only screen,content-check,engine-step|content]
//
// tap-to-frame: from a tap reaching KioskSession to the new screen's pixels being in the display buffer
// (pressed frame, visit step with its queued usage event, new frame, both copied out like a framebuffer).
// content check: ContentLoader.load (structure checks, no layout probe) of a generated 200-flow content folder.
// engine step: one Interview.answer on the shipped legal-aid flow, along a full path to an outcome.
import Foundation
import Glibc
import KioskContent
import KioskCore
import KioskDaemon
import KioskGraphics
import KioskScreen
import KioskStorage

let width = 1080
let height = 1920
let warmUp = 20

/// The measures --only can pick; `content` is short for both content measures.
enum Measure: String, CaseIterable {
    case screen, contentCheck = "content-check", engineStep = "engine-step"
}

struct Options {
    var iterations = 300
    var json = false
    var content = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("kiosk-config/content").path
    var measures = Set(Measure.allCases)
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("kiosk-bench: " + message + "\n").utf8))
    exit(2)
}

let usage = "usage: kiosk-bench [--iterations N] [--json] [--content DIR] [--only screen,content-check,engine-step|content]"
var options = Options()
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--json": options.json = true
    case "--iterations":
        guard let value = arguments.popFirst().flatMap(Int.init), value > 0 else { fail("--iterations needs a positive number") }
        options.iterations = value
    case "--content":
        guard let value = arguments.popFirst() else { fail("--content needs a directory") }
        options.content = value
    case "--only":
        guard let value = arguments.popFirst() else { fail("--only needs a list: screen, content-check, engine-step, content") }
        options.measures = []
        for name in value.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if name == "content" {
                options.measures.formUnion([.contentCheck, .engineStep])
            } else if let measure = Measure(rawValue: name) {
                options.measures.insert(measure)
            } else {
                fail("--only: unknown measure '\(name)' (screen, content-check, engine-step, content)")
            }
        }
        guard !options.measures.isEmpty else { fail("--only needs at least one measure") }
    case "-h", "--help":
        print(usage)
        exit(0)
    default: fail("unknown argument '\(argument)'")
    }
}

/// Stands in for the framebuffer: every frame is copied into memory allocated once, as a mapped
/// framebuffer would receive it, and the moment the copy finished is kept.
final class BufferDisplay: Display, @unchecked Sendable {
    // @unchecked: the session calls present() while the benchmark awaits it; the two never run at once.
    let width: Int
    let height: Int
    private let buffer: UnsafeMutableRawPointer
    private let bufferLength: Int
    private(set) var presented = 0
    private(set) var lastPresented = ContinuousClock.now

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        bufferLength = width * height * 4
        buffer = .allocate(byteCount: bufferLength, alignment: 64)
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: bufferLength)
    }

    deinit { buffer.deallocate() }

    func present(_ canvas: Canvas) throws {
        canvas.withPixels { pixels, stride in
            let rowBytes = width * 4
            for row in 0..<height {
                memcpy(buffer.advanced(by: row * rowBytes), pixels.baseAddress!.advanced(by: row * stride), rowBytes)
            }
        }
        presented += 1
        lastPresented = .now
    }

    func close() {}
}

extension Duration {
    var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
    var microseconds: Double { Double(components.seconds) * 1e6 + Double(components.attoseconds) / 1e12 }
}

struct Summary: Codable {
    var samples: Int
    var p50: Double
    var p90: Double
    var p99: Double
    var max: Double
    var mean: Double

    init(_ values: [Double]) {
        let sorted = values.sorted()
        // Nearest rank: the value below which the given share of samples lie.
        func percentile(_ p: Double) -> Double { sorted[Swift.max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
        samples = sorted.count
        p50 = percentile(0.5)
        p90 = percentile(0.9)
        p99 = percentile(0.99)
        max = sorted.last ?? 0
        mean = sorted.reduce(0, +) / Double(Swift.max(1, sorted.count))
    }
}

/// Loading and checking a county-sized content folder (times in ms); judged on the median.
struct ContentCheckReport: Codable {
    var flows: Int
    var nodes: Int
    var warmUp: Int
    var runs: [Double]
    var median: Double
    var max: Double
    /// ContentChecker.check alone on the loaded set: the load's share that is not reading YAML.
    var checkerMedian: Double
    var checkerMax: Double
    var target: Double
    var pass: Bool
}

/// One Interview.answer call (times in µs); judged on p50.
struct EngineStepReport: Codable {
    var flow: String
    var path: [String]
    var iterations: Int
    var warmUp: Int
    var step: Summary
    var target: Double
    var pass: Bool
}

struct Report: Codable {
    var width: Int
    var height: Int
    var theme: String
    var iterations: Int
    var warmUp: Int
    var tapToFrame: Summary?
    var renderOnly: Summary?
    var pressedFeedback: Summary?
    var contentCheck: ContentCheckReport?
    var engineStep: EngineStepReport?
}

let content: ContentSet
do { content = try ContentLoader.load(directory: options.content) } catch { fail("content \(options.content): \(error)") }
guard !content.flows.isEmpty else { fail("content \(options.content) has no flows") }

var report = Report(width: width, height: height, theme: "standard", iterations: options.iterations, warmUp: warmUp)

// MARK: - Screen: tap-to-frame, render only, pressed feedback

@MainActor func measureScreens() async throws {
    let stateDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: stateDirectory) }

    var config = KioskConfig()
    config.kioskID = "bench"
    config.display.width = width
    config.display.height = height
    config.center.publicURL = "https://example.invalid"
    let display = BufferDisplay(width: width, height: height)
    let queue = try EventQueue(path: stateDirectory.appendingPathComponent("events.sqlite").path)
    let session = try KioskSession(content: content, config: config, display: display, queue: queue, printer: nil)
    try await session.redraw()

    // Walks flow after flow, taking a different answer each time so every branch is drawn; on an outcome it
    // taps start over in the bar, which brings back the home screen.
    var tapCount = 0
    var flowIndex = 0
    func nextTap() async -> (x: Double, y: Double) {
        let screen = await session.currentScreen
        guard let layout = await session.currentLayout else { fail("the session has no layout") }
        let action: ScreenAction
        switch screen.kind {
        case .home:
            action = .openFlow(content.flows[flowIndex % content.flows.count].id)
            flowIndex += 1
        case .question: action = .choose((tapCount / 3 + flowIndex) % screen.choices.count)
        case .multiSelect:
            action = screen.choices.contains { $0.isSelected == true } ? .proceed
                : .toggle((tapCount / 3 + flowIndex) % screen.choices.count)
        case .number: action = (screen.field?.text ?? "").count < 4 ? .key(.digit(tapCount % 10)) : .proceed
        case .info: action = .proceed
        case .outcome: action = .startOver
        }
        guard let region = layout.region(for: action), region.isEnabled else { fail("no enabled button for \(action)") }
        tapCount += 1
        return (region.rect.x + region.rect.width / 2, region.rect.y + region.rect.height / 2)
    }

    var tapLatencies: [Double] = []
    for index in 0..<(warmUp + options.iterations) {
        let point = await nextTap()
        let framesBefore = display.presented
        let start = ContinuousClock.now
        await session.tap(x: point.x, y: point.y)
        // Pressed frame and the answer's frame: anything else means the tap missed or drawing failed.
        guard display.presented == framesBefore + 2 else { fail("tap \(index) presented \(display.presented - framesBefore) frames") }
        if index >= warmUp { tapLatencies.append((display.lastPresented - start).milliseconds) }
    }

    // Render alone and pressed feedback alone, over the same screens the taps visited.
    var screens: [ScreenModel] = []
    do {
        var visit = Visit(content: content, kioskID: "bench", publicBaseURL: "https://example.invalid", hotline: "12348")
        screens.append(visit.screen(nowMillis: 0))
        _ = visit.handle(.openFlow(content.flows[0].id), nowMillis: 0, newVisitID: { "bench" })
        while true {
            let screen = visit.screen(nowMillis: 0)
            screens.append(screen)
            guard screen.kind == .question else { break }
            _ = visit.handle(.choose(screen.choices.count - 1), nowMillis: 0, newVisitID: { "bench" })
        }
    }
    let renderer = ScreenRenderer(theme: .standard, width: width, height: height)
    let canvas = try Canvas.image(width: width, height: height)
    var renderTimes: [Double] = []
    var pressedTimes: [Double] = []
    for index in 0..<(warmUp + options.iterations) {
        let screen = screens[index % screens.count]
        let start = ContinuousClock.now
        try renderer.render(screen, on: canvas)
        let rendered = ContinuousClock.now
        guard let action = (screen.choices + screen.bar).first(where: \.isEnabled)?.action else { fail("screen without buttons") }
        let pressedStart = ContinuousClock.now
        try renderer.render(screen, on: canvas, pressed: action)
        try display.present(canvas)
        let pressedEnd = ContinuousClock.now
        if index >= warmUp {
            renderTimes.append((rendered - start).milliseconds)
            pressedTimes.append((pressedEnd - pressedStart).milliseconds)
        }
    }
    report.tapToFrame = Summary(tapLatencies)
    report.renderOnly = Summary(renderTimes)
    report.pressedFeedback = Summary(pressedTimes)
}

if options.measures.contains(.screen) { try await measureScreens() }

// MARK: - Content check: 200 generated flows through ContentLoader.load

let generatedFlowCount = 200
let contentCheckRuns = 5
let contentCheckTarget = 1000.0 // ms, judged on the median

if options.measures.contains(.contentCheck) {
    let shipped = URL(fileURLWithPath: options.content)
    let generated = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-bench-content-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: generated) }
    // fail() exits at once, past the defer: leave no generated folder behind.
    func failRemoving(_ message: String) -> Never {
        try? FileManager.default.removeItem(at: generated)
        fail(message)
    }
    let written: GeneratedContent.Summary
    do {
        written = try GeneratedContent.write(flowCount: generatedFlowCount, to: generated, copyingFrom: shipped,
                                             shippedContent: content)
    } catch { failRemoving("writing the generated content to \(generated.path): \(error)") }

    var runs: [Double] = []
    var checkerRuns: [Double] = []
    for run in 0..<(1 + contentCheckRuns) {
        let start = ContinuousClock.now
        let loaded: ContentSet
        do { loaded = try ContentLoader.load(directory: generated.path) } catch {
            let shown = error.errors.prefix(20).map { "  \($0)" }.joined(separator: "\n")
            failRemoving("the generated content does not pass the checker (\(error.errors.count) problem(s)):\n\(shown)")
        }
        let elapsed = (ContinuousClock.now - start).milliseconds
        guard loaded.flows.count == generatedFlowCount else {
            failRemoving("the generated content loaded \(loaded.flows.count) flow(s), not \(generatedFlowCount)")
        }
        // The checker's share of the load (the rest is reading YAML): the same checks on the loaded set.
        let checkerStart = ContinuousClock.now
        let problems = ContentChecker.check(loaded)
        let checkerElapsed = (ContinuousClock.now - checkerStart).milliseconds
        guard problems.isEmpty else { failRemoving("the checker reports \(problems.count) problem(s) on the loaded content") }
        if run > 0 {
            runs.append(elapsed)
            checkerRuns.append(checkerElapsed)
        }
    }
    let sorted = runs.sorted()
    let median = sorted[sorted.count / 2]
    let checkerSorted = checkerRuns.sorted()
    report.contentCheck = ContentCheckReport(flows: written.flows, nodes: written.nodes, warmUp: 1, runs: runs,
                                             median: median, max: sorted.last!,
                                             checkerMedian: checkerSorted[checkerSorted.count / 2],
                                             checkerMax: checkerSorted.last!, target: contentCheckTarget,
                                             pass: median < contentCheckTarget)
}

// MARK: - Engine step: Interview.answer on the shipped legal-aid flow

let engineFlowID = "legal-aid"
let engineWarmUp = 1_000
let engineIterations = 10_000
let engineStepTarget = 50.0 // µs, judged on p50

if options.measures.contains(.engineStep) {
    guard let flow = content.flow(engineFlowID) else {
        fail("content \(options.content) has no flow '\(engineFlowID)' for the engine-step measure")
    }
    // The answer the bench gives each kind of screen, read from the node so a reordered flow still works: the
    // first option that does not end the interview at once (q-matter: 讨要工资), the exclusive option of a
    // multi-select (都不是), 1500, 继续. That is the longest way: question, multi-select, number, outcome.
    func benchAnswer(_ node: Node) -> Answer {
        switch node.kind {
        case .question(let question):
            let onward = question.options.firstIndex { option in
                option.next.flatMap(flow.node).map { !$0.isOutcome } ?? false
            }
            return .choice(onward ?? 0)
        case .multiSelect(let select): return .choices([select.options.firstIndex(where: \.isExclusive) ?? 3])
        case .number: return .number(1500)
        case .info: return .proceed
        case .branch, .outcome: fail("engine step: no answer for \(node.kind.name) node '\(node.id)'")
        }
    }
    var interview: Interview
    do { interview = try Interview(flow: flow, settings: LocalSettings(content.settings)) } catch {
        fail("engine step: cannot start '\(engineFlowID)': \(error)")
    }
    var steps: [Double] = []
    steps.reserveCapacity(engineIterations * 8)
    var path: [String] = []
    for iteration in 0..<(engineWarmUp + engineIterations) {
        let measured = iteration >= engineWarmUp
        // Answers one screen, timing only the answer call.
        func step() {
            let answer = benchAnswer(interview.currentNode)
            let start = ContinuousClock.now
            do { try interview.answer(answer) } catch {
                fail("engine step: answering '\(interview.currentNodeID)' with \(answer): \(error)")
            }
            let end = ContinuousClock.now
            if measured { steps.append((end - start).microseconds) }
        }
        var screens = 0
        while !interview.isAtOutcome {
            screens += 1
            guard screens <= flow.nodes.count else { fail("engine step: '\(engineFlowID)' reaches no outcome answering this way") }
            step()
        }
        if iteration == 0 {
            path = interview.path
            // The measure is meant to cover every kind of answer the engine checks; say so if the flow changed.
            let answered = Set(interview.trail.compactMap { flow.node($0.nodeID)?.kind.name })
            let missing = ["question", "multi-select", "number"].filter { !answered.contains($0) }
            guard missing.isEmpty else {
                fail("engine step: the way through '\(engineFlowID)' (\(path.joined(separator: " → "))) answers no "
                     + missing.joined(separator: ", ") + " screen")
            }
        }
        // Back to the last screen and the same answer again, then the first screen with nothing answered.
        guard interview.back() else { fail("engine step: back() at the outcome did nothing") }
        step()
        guard interview.isAtOutcome else { fail("engine step: answering again after back() missed the outcome") }
        interview.startOver()
    }
    let summary = Summary(steps)
    report.engineStep = EngineStepReport(flow: engineFlowID, path: path, iterations: engineIterations,
                                         warmUp: engineWarmUp, step: summary, target: engineStepTarget,
                                         pass: summary.p50 < engineStepTarget)
}

// MARK: - Report

func verdict(_ pass: Bool) -> String { pass ? "PASS" : "FAIL" }

if options.json {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try encoder.encode(report), as: UTF8.self))
} else {
    func cell(_ value: Double) -> String { String(format: "%9.2f", value) }
    if let tapToFrame = report.tapToFrame, let renderOnly = report.renderOnly, let pressed = report.pressedFeedback {
        print("kiosk-bench: \(width)x\(height) standard theme, \(content.flows.count) flow(s), "
              + "\(options.iterations) samples after \(warmUp) warm-up")
        print("measure (ms)                 p50       p90       p99       max      mean")
        for (name, summary) in [("tap-to-frame", tapToFrame), ("render only", renderOnly),
                                ("pressed render + present", pressed)] {
            print(name.padding(toLength: 25, withPad: " ", startingAt: 0)
                  + [summary.p50, summary.p90, summary.p99, summary.max, summary.mean].map(cell).joined(separator: " "))
        }
    }
    if let check = report.contentCheck {
        print("content check, \(check.flows) flows (\(check.nodes) nodes, ContentLoader.load without layout probe), "
              + "\(check.runs.count) runs after \(check.warmUp) warm-up")
        print("measure (ms)              median       max   target")
        print("content check".padding(toLength: 25, withPad: " ", startingAt: 0)
              + [check.median, check.max].map(cell).joined(separator: " ")
              + "   < \(Int(check.target)) ms (judged on the median)  \(verdict(check.pass))")
        print("  of which checker only".padding(toLength: 25, withPad: " ", startingAt: 0)
              + [check.checkerMedian, check.checkerMax].map(cell).joined(separator: " "))
    }
    if let engine = report.engineStep {
        print("engine step, \(engine.flow): \(engine.path.joined(separator: " → ")), back and answer again, start over; "
              + "\(engine.step.samples) answer() calls after \(engine.warmUp) warm-up rounds")
        print("measure (µs)                 p50       p90       p99       max      mean   target")
        print("engine step".padding(toLength: 25, withPad: " ", startingAt: 0)
              + [engine.step.p50, engine.step.p90, engine.step.p99, engine.step.max, engine.step.mean].map(cell)
                .joined(separator: " ")
              + "   step < \(Int(engine.target)) µs (judged on p50)  \(verdict(engine.pass))")
    }
}
