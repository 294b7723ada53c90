// Measures how fast the kiosk answers a touch, with the shipped content at the reference portrait size.
//
//   kiosk-bench [--iterations N] [--json] [--content DIR]
//
// tap-to-frame: from a tap reaching KioskSession to the new screen's pixels being in the display buffer
// (pressed frame, visit step with its queued usage event, new frame, both copied out like a framebuffer).
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

struct Options {
    var iterations = 300
    var json = false
    var content = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("kiosk-config/content").path
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("kiosk-bench: " + message + "\n").utf8))
    exit(2)
}

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
    case "-h", "--help":
        print("usage: kiosk-bench [--iterations N] [--json] [--content DIR]")
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

struct Report: Codable {
    var width: Int
    var height: Int
    var theme: String
    var iterations: Int
    var warmUp: Int
    var tapToFrame: Summary
    var renderOnly: Summary
    var pressedFeedback: Summary
}

let content: ContentSet
do { content = try ContentLoader.load(directory: options.content) } catch { fail("content \(options.content): \(error)") }
guard !content.flows.isEmpty else { fail("content \(options.content) has no flows") }

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
@MainActor func nextTap() async -> (x: Double, y: Double) {
    let screen = await session.currentScreen
    guard let layout = await session.currentLayout else { fail("the session has no layout") }
    let action: ScreenAction
    switch screen.kind {
    case .home:
        action = .openFlow(content.flows[flowIndex % content.flows.count].id)
        flowIndex += 1
    case .question: action = .choose((tapCount / 3 + flowIndex) % screen.choices.count)
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

let report = Report(width: width, height: height, theme: "standard", iterations: options.iterations, warmUp: warmUp,
                    tapToFrame: Summary(tapLatencies), renderOnly: Summary(renderTimes),
                    pressedFeedback: Summary(pressedTimes))
if options.json {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try encoder.encode(report), as: UTF8.self))
} else {
    print("kiosk-bench: \(width)x\(height) standard theme, \(content.flows.count) flow(s), "
          + "\(options.iterations) samples after \(warmUp) warm-up")
    func cell(_ value: Double) -> String { String(format: "%9.2f", value) }
    print("measure (ms)                 p50       p90       p99       max      mean")
    for (name, summary) in [("tap-to-frame", report.tapToFrame), ("render only", report.renderOnly),
                            ("pressed render + present", report.pressedFeedback)] {
        print(name.padding(toLength: 25, withPad: " ", startingAt: 0)
              + [summary.p50, summary.p90, summary.p99, summary.max, summary.mean].map(cell).joined(separator: " "))
    }
}
