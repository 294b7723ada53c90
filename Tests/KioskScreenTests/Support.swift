import Foundation
import KioskContent
import KioskCore
import KioskGraphics
import KioskScreen

enum Paths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let content = root.appendingPathComponent("kiosk-config/content").path

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-screen-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// One screen a resident can reach, with the path that reached it, so a failure names where to look.
struct ReachableScreen: CustomStringConvertible, Sendable {
    var path: String
    var model: ScreenModel
    var description: String { "\(path) [\(model.kind.rawValue)] \(model.title)" }
}

enum Shipped {
    /// The content as shipped, loaded once: every test reads the same set.
    static let content: ContentSet = {
        do { return try ContentLoader.load(directory: Paths.content) } catch {
            fatalError("cannot load shipped content from \(Paths.content): \(error)")
        }
    }()

    static let now: Int64 = 1_750_000_000_000

    static func visit() -> Visit {
        Visit(content: content, kioskID: "test-kiosk", publicBaseURL: "https://example.invalid", hotline: "12348")
    }

    /// Every screen of every path through every flow, found by taking each choice on each question.
    /// Outcomes are visited in each print state as well, because the status line changes their layout.
    /// Screens that come out identical on different paths are kept once.
    static let screens: [ReachableScreen] = {
        var found: [ReachableScreen] = []
        var seen = Set<ScreenModel>()
        func add(_ path: String, _ visit: Visit) {
            let model = visit.screen(nowMillis: now)
            if seen.insert(model).inserted { found.append(ReachableScreen(path: path, model: model)) }
        }
        add("home", visit())
        func walk(_ visit: Visit, path: String) {
            add(path, visit)
            let model = visit.screen(nowMillis: now)
            if model.kind == .outcome {
                var printing = visit
                let effects = printing.handle(.printSlip, nowMillis: now, newVisitID: { "unused" })
                add(path + " printing", printing)
                for case .print(_, let ticket) in effects {
                    for succeeded in [true, false] {
                        var done = printing
                        _ = done.printFinished(ticket, succeeded: succeeded, failure: succeeded ? nil : "test",
                                               nowMillis: now)
                        add(path + (succeeded ? " printed" : " print failed"), done)
                    }
                }
                return
            }
            for index in model.choices.indices where model.kind == .question {
                var next = visit
                _ = next.handle(.choose(index), nowMillis: now, newVisitID: { "unused" })
                walk(next, path: path + "/\(index + 1)")
            }
        }
        for flow in content.flows {
            var visit = visit()
            _ = visit.handle(.openFlow(flow.id), nowMillis: now, newVisitID: { "visit" })
            walk(visit, path: flow.id)
            // Screens other than single-choice questions are reached along the listed paths, touch by touch, so
            // ticked options and a part-typed number are drawn too.
            let listing = try! FlowPaths.list(flow, settings: visit.settings)
            for path in listing.paths {
                var current = visit
                var trail = flow.id
                for token in path.answers {
                    guard let node = current.interview?.currentNode,
                          let answer = try? Answer.parse(token, at: node) else { break }
                    trail += "/\(token)"
                    for action in answer.actions {
                        _ = current.handle(action, nowMillis: now, newVisitID: { "unused" })
                        add(trail, current)
                    }
                }
                walk(current, path: trail)
            }
        }
        return found
    }()

    static var questions: [ReachableScreen] { screens.filter { $0.model.kind == .question } }
    static var outcomes: [ReachableScreen] { screens.filter { $0.model.kind == .outcome } }
}

extension Rect {
    func intersects(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    var centre: (x: Double, y: Double) { (x + width / 2, y + height / 2) }
}

/// A screen's pixels as 32-bit words, row by row, without the stride padding.
struct Pixels: Equatable {
    var width: Int
    var height: Int
    var words: [UInt32]

    init(_ canvas: Canvas) {
        width = Int(canvas.width)
        height = Int(canvas.height)
        let (width, height) = (self.width, self.height)
        words = canvas.withPixels { buffer, stride in
            var words = [UInt32](repeating: 0, count: width * height)
            words.withUnsafeMutableBytes { target in
                for row in 0..<height {
                    target.baseAddress!.advanced(by: row * width * 4)
                        .copyMemory(from: buffer.baseAddress!.advanced(by: row * stride), byteCount: width * 4)
                }
            }
            return words
        }
    }

    subscript(x: Int, y: Int) -> UInt32 { words[y * width + x] }
}

/// For notes a reader of the test log needs (where sample PNGs went, what overflows). Standard error is
/// unbuffered, so the line cannot be lost when the test process exits with stdout still in a buffer.
func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
