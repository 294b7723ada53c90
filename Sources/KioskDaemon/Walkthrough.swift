import Foundation
import KioskCore
import KioskGraphics
import KioskInput
import KioskScreen

public struct WalkError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A scripted visit: open a flow from the home screen and answer each screen in turn. What `kioskctl walk`,
/// `render` and `slip` show, and how tests drive the real screens.
///
/// One answer per screen, written as `kioskctl content paths` prints them:
/// - a question: the option's number counting from 1, or its id (`2`, `construction`);
/// - a multi-select question: numbers or ids joined by commas (`1,3`), or `-` to tick nothing;
/// - a number entry: the number (`1800`);
/// - an info page: `next`.
public struct Walkthrough: Sendable {
    public private(set) var visit: Visit
    /// The screens shown after each answer, the home screen first.
    public private(set) var screens: [ScreenModel] = []
    /// Every touch of the walk (taps on ticks and keypad keys included) with the screen it was made on.
    public private(set) var touches: [(screen: ScreenModel, action: ScreenAction)] = []
    public let nowMillis: Int64

    public init(content: ContentSet, flowID: String, answers: [String], kioskID: String = "preview",
                publicBaseURL: String = "https://example.invalid", hotline: String = "12348",
                settings: LocalSettings? = nil,
                nowMillis: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) throws {
        guard content.flow(flowID) != nil else {
            throw WalkError(message: "no flow '\(flowID)'; flows: \(content.flows.map(\.id).joined(separator: ", "))")
        }
        self.nowMillis = nowMillis
        visit = Visit(content: content, kioskID: kioskID, publicBaseURL: publicBaseURL, hotline: hotline, settings: settings)
        screens.append(visit.screen(nowMillis: nowMillis))
        try touch(.openFlow(flowID))
        screens.append(visit.screen(nowMillis: nowMillis))
        for (position, answer) in answers.enumerated() {
            guard let interview = visit.interview else { break }
            let node = interview.currentNode
            for action in try Self.actions(for: answer, at: node, position: position + 1) { try touch(action) }
            guard visit.interview?.trail.count == interview.trail.count + 1 else {
                throw WalkError(message: "answer \(position + 1) '\(answer)' was not taken at '\(node.id)'"
                                + (visit.draft.problem.map { ": \($0)" } ?? ""))
            }
            screens.append(visit.screen(nowMillis: nowMillis))
        }
    }

    /// Answers by option number only, as single-choice flows are walked.
    public init(content: ContentSet, flowID: String, choices: [Int], kioskID: String = "preview",
                publicBaseURL: String = "https://example.invalid", hotline: String = "12348") throws {
        try self.init(content: content, flowID: flowID, answers: choices.map(String.init), kioskID: kioskID,
                      publicBaseURL: publicBaseURL, hotline: hotline)
    }

    private mutating func touch(_ action: ScreenAction) throws {
        touches.append((visit.screen(nowMillis: nowMillis), action))
        _ = visit.handle(action, nowMillis: nowMillis, newVisitID: { "walkthrough" })
    }

    /// The touches that give `answer` on `node`: a tap per tick or keypad key, then 下一步.
    static func actions(for token: String, at node: Node, position: Int) throws -> [ScreenAction] {
        let answer: Answer
        do { answer = try Answer.parse(token, at: node) } catch {
            throw WalkError(message: "answer \(position) \(error)")
        }
        return answer.actions
    }

    public var slip: SlipModel? { visit.currentSlip(nowMillis: nowMillis) }

    /// The screen coordinates a resident would tap, in order, to make this walk on a screen of this size:
    /// the flow's home tile, then every tap each answer takes (ticks, keypad keys, 下一步), read from the real
    /// layout. `then` taps buttons of the last screen afterwards (print, finish), which stay where they are.
    public static func tapPoints(content: ContentSet, flowID: String, answers: [String], then: [ScreenAction] = [],
                                 theme: Theme, width: Int, height: Int) throws -> [(x: Double, y: Double)] {
        let walk = try Walkthrough(content: content, flowID: flowID, answers: answers)
        let renderer = ScreenRenderer(theme: theme, width: width, height: height)
        let canvas = try Canvas.image(width: width, height: height)
        var points: [(x: Double, y: Double)] = []
        let last = walk.screens.last!
        for (screen, action) in walk.touches + then.map({ (last, $0) }) {
            let layout = try renderer.render(screen, on: canvas)
            guard let region = layout.region(for: action) else {
                throw WalkError(message: "no button for \(action) on '\(screen.title)'")
            }
            points.append((region.rect.x + region.rect.width / 2, region.rect.y + region.rect.height / 2))
        }
        return points
    }

    public static func tapPoints(content: ContentSet, flowID: String, choices: [Int], then: [ScreenAction] = [],
                                 theme: Theme, width: Int, height: Int) throws -> [(x: Double, y: Double)] {
        try tapPoints(content: content, flowID: flowID, answers: choices.map(String.init), then: then, theme: theme,
                      width: width, height: height)
    }
}
