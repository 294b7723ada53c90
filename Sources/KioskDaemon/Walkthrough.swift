import Foundation
import KioskCore
import KioskGraphics
import KioskInput
import KioskScreen

public struct WalkError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A scripted visit: open a flow from the home screen and choose answers by number (1-based, as a person
/// counts). What `kioskctl walk`, `render` and `slip` show, and how tests drive the real screens.
public struct Walkthrough: Sendable {
    public private(set) var visit: Visit
    /// The screens shown, the home screen first.
    public private(set) var screens: [ScreenModel] = []
    public let nowMillis: Int64

    public init(content: ContentSet, flowID: String, choices: [Int], kioskID: String = "preview",
                publicBaseURL: String = "https://example.invalid", hotline: String = "12348",
                nowMillis: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) throws {
        guard content.flow(flowID) != nil else {
            throw WalkError(message: "no flow '\(flowID)'; flows: \(content.flows.map(\.id).joined(separator: ", "))")
        }
        self.nowMillis = nowMillis
        visit = Visit(content: content, kioskID: kioskID, publicBaseURL: publicBaseURL, hotline: hotline)
        screens.append(visit.screen(nowMillis: nowMillis))
        _ = visit.handle(.openFlow(flowID), nowMillis: nowMillis, newVisitID: { "walkthrough" })
        screens.append(visit.screen(nowMillis: nowMillis))
        for (position, choice) in choices.enumerated() {
            let count = screens.last?.choices.count ?? 0
            guard (1...max(1, count)).contains(choice), count > 0 else {
                throw WalkError(message: "choice \(position + 1) is \(choice), but screen '\(screens.last?.title ?? "")' "
                                + (count == 0 ? "has no choices (it is an outcome)" : "has choices 1 to \(count)"))
            }
            _ = visit.handle(.choose(choice - 1), nowMillis: nowMillis, newVisitID: { "walkthrough" })
            screens.append(visit.screen(nowMillis: nowMillis))
        }
    }

    public var slip: SlipModel? { visit.currentSlip(nowMillis: nowMillis) }

    /// The screen coordinates a resident would tap, in order, to make this walk on a screen of this size:
    /// the flow's home tile, then each answer's button, read from the real layout.
    /// `then` taps buttons of the last screen afterwards (print, finish), which stay where they are.
    public static func tapPoints(content: ContentSet, flowID: String, choices: [Int], then: [ScreenAction] = [],
                                 theme: Theme, width: Int, height: Int) throws -> [(x: Double, y: Double)] {
        let walk = try Walkthrough(content: content, flowID: flowID, choices: choices)
        let renderer = ScreenRenderer(theme: theme, width: width, height: height)
        let canvas = try Canvas.image(width: width, height: height)
        var points: [(x: Double, y: Double)] = []
        let actions: [ScreenAction] = [.openFlow(flowID)] + choices.map { .choose($0 - 1) } + then
        let screens = walk.screens + Array(repeating: walk.screens.last!, count: then.count)
        for (screen, action) in zip(screens, actions) {
            let layout = try renderer.render(screen, on: canvas)
            guard let region = layout.region(for: action) else {
                throw WalkError(message: "no button for \(action) on '\(screen.title)'")
            }
            points.append((region.rect.x + region.rect.width / 2, region.rect.y + region.rect.height / 2))
        }
        return points
    }
}
