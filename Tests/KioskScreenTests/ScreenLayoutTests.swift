import Foundation
import KioskCore
import KioskGraphics
import KioskScreen
import Testing

/// 15 mm at the 160 dpi of the reference portrait kiosk: the smallest target an unsteady finger hits reliably.
let minimumTargetPixels = 15 / 25.4 * 160

@Suite("Layout of every reachable screen")
struct ScreenLayoutTests {
    static let renderer = ScreenRenderer(theme: .standard, width: 1080, height: 1920)

    @Test("the walk reaches every node of every flow")
    func walkCoversContent() {
        for flow in Shipped.content.flows {
            for node in flow.nodes {
                let reached = Shipped.screens.contains { screen in
                    guard screen.path.hasPrefix(flow.id) else { return false }
                    switch node.kind {
                    case .question(let question): return screen.model.prompt == question.prompt
                    case .multiSelect(let select): return screen.model.prompt == select.prompt
                    case .number(let entry): return screen.model.prompt == entry.prompt
                    case .info(let page): return screen.model.body == ScreenBuilder.paragraphs(page.text)
                    case .outcome(let outcome): return screen.model.title.hasPrefix(String(outcome.title.prefix(6)))
                    case .branch: return true
                    }
                }
                #expect(reached, "\(flow.id)/\(node.id) is on no walked path")
            }
        }
        #expect(Shipped.screens.first?.model.kind == .home)
        #expect(Shipped.outcomes.contains { $0.model.status != nil }, "print states were not visited")
    }

    @Test("standard portrait: no overflow, targets on the glass, apart and large enough",
          arguments: Shipped.screens)
    func soundLayout(_ screen: ReachableScreen) throws {
        let canvas = try Canvas.image(width: 1080, height: 1920)
        let layout = try Self.renderer.render(screen.model, on: canvas)

        // Related-flow links give way when the guidance and the QR code need the room (those flows are on the home
        // screen too); nothing else may be left out.
        let linkLabels = Set(screen.model.links.map(\.label))
        #expect(layout.overflows.filter { !linkLabels.contains($0) }.isEmpty, "\(screen) overflows: \(layout.overflows)")
        let linksDrawn = layout.overflows.contains { linkLabels.contains($0) } ? 0 : screen.model.links.count
        #expect(layout.regions.count == screen.model.choices.count + screen.model.bar.count
                    + screen.model.keypad.count + linksDrawn,
                "\(screen): every button needs exactly one hit region")
        for region in layout.regions {
            #expect(region.rect.x >= 0 && region.rect.y >= 0 && region.rect.maxX <= 1080 && region.rect.maxY <= 1920,
                    "\(screen): \(region.action) at \(region.rect) leaves the screen")
            #expect(region.rect.width >= minimumTargetPixels && region.rect.height >= minimumTargetPixels,
                    "\(screen): \(region.action) is \(region.rect.width)x\(region.rect.height) px, under 15 mm")
        }
        let enabled = layout.regions.filter(\.isEnabled)
        for (index, first) in enabled.enumerated() {
            for second in enabled[(index + 1)...] {
                #expect(!first.rect.intersects(second.rect),
                        "\(screen): \(first.action) \(first.rect) overlaps \(second.action) \(second.rect)")
            }
        }
    }
}
