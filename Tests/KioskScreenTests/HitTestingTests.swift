import Foundation
import KioskCore
import KioskGraphics
import KioskScreen
import Testing

@Suite("Hit-testing")
struct HitTestingTests {
    static let renderer = ScreenRenderer(theme: .standard, width: 1080, height: 1920)

    @Test("a tap at a button's centre gives its action; between buttons gives nothing", arguments: Shipped.screens)
    func tapsLand(_ screen: ReachableScreen) throws {
        let canvas = try Canvas.image(width: 1080, height: 1920)
        let layout = try Self.renderer.render(screen.model, on: canvas)
        for button in screen.model.choices + screen.model.bar {
            guard let region = layout.region(for: button.action) else {
                Issue.record("\(screen): no region for \(button.action)")
                continue
            }
            let (x, y) = region.rect.centre
            #expect(layout.action(atX: x, y: y) == (button.isEnabled ? button.action : nil),
                    "\(screen): tap at the centre of '\(button.label)'")
        }
        // The header never reacts, nor does anything outside every region (a coarse grid over the glass).
        #expect(layout.action(atX: 540, y: 10) == nil)
        for x in stride(from: 5.0, to: 1080, by: 45) {
            for y in stride(from: 5.0, to: 1920, by: 45) where !layout.regions.contains(where: { $0.rect.contains(x: x, y: y) }) {
                #expect(layout.action(atX: x, y: y) == nil, "\(screen): tap at (\(x), \(y)) hit something")
            }
        }
        #expect(layout.action(atX: -1, y: -1) == nil)
        #expect(layout.action(atX: 1080, y: 1920) == nil)
    }

    @Test("back on the first question is drawn but cannot be hit")
    func disabledBackIsNotHit() throws {
        for flow in Shipped.content.flows {
            var visit = Shipped.visit()
            _ = visit.handle(.openFlow(flow.id), nowMillis: Shipped.now, newVisitID: { "visit" })
            let model = visit.screen(nowMillis: Shipped.now)
            let back = try #require(model.bar.first { $0.action == .back })
            #expect(!back.isEnabled, "\(flow.id): back is enabled on the first question")

            let canvas = try Canvas.image(width: 1080, height: 1920)
            let layout = try Self.renderer.render(model, on: canvas)
            let region = try #require(layout.region(for: .back))
            #expect(!region.isEnabled)
            let (x, y) = region.rect.centre
            #expect(layout.action(atX: x, y: y) == nil)
            // Once an answer is given, the same spot goes back.
            _ = visit.handle(.choose(model.choices.count - 1), nowMillis: Shipped.now, newVisitID: { "visit" })
            let next = try Self.renderer.render(visit.screen(nowMillis: Shipped.now), on: canvas)
            #expect(next.action(atX: x, y: y) == .back)
        }
    }
}
