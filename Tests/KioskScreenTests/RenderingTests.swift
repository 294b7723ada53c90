import Foundation
import KioskCore
import KioskGraphics
import KioskScreen
import Testing

@Suite("What reaches the glass")
struct RenderingTests {
    static let renderer = ScreenRenderer(theme: .standard, width: 1080, height: 1920)

    /// One screen of each kind, plus an outcome with a status line: enough to cover every kind of button.
    static var samples: [ReachableScreen] {
        [Shipped.screens.first { $0.model.kind == .home },
         Shipped.questions.first,
         Shipped.questions.last,
         Shipped.outcomes.first { $0.model.status == nil },
         Shipped.outcomes.first { $0.model.status != nil }].compactMap { $0 }
    }

    /// Pixel bounds of a rectangle with fractional edges: anti-aliasing may touch any pixel it partly covers.
    static func pixelBounds(_ rect: Rect) -> (x: Range<Int>, y: Range<Int>) {
        (Int(rect.x.rounded(.down))..<Int(rect.maxX.rounded(.up)), Int(rect.y.rounded(.down))..<Int(rect.maxY.rounded(.up)))
    }

    @Test("pressing a button changes pixels inside it and nowhere else", arguments: samples)
    func pressedStateIsDrawn(_ screen: ReachableScreen) throws {
        let plainCanvas = try Canvas.image(width: 1080, height: 1920)
        let layout = try Self.renderer.render(screen.model, on: plainCanvas)
        let plain = Pixels(plainCanvas)
        let pressedCanvas = try Canvas.image(width: 1080, height: 1920)
        for region in layout.regions where region.isEnabled {
            let pressedLayout = try Self.renderer.render(screen.model, on: pressedCanvas, pressed: region.action)
            #expect(pressedLayout.regions == layout.regions, "\(screen): pressing \(region.action) moved a button")
            let pressed = Pixels(pressedCanvas)
            let bounds = Self.pixelBounds(region.rect)
            var changedInside = 0
            var changedOutside = 0
            for y in 0..<plain.height {
                for x in 0..<plain.width where plain[x, y] != pressed[x, y] {
                    if bounds.x.contains(x) && bounds.y.contains(y) { changedInside += 1 } else { changedOutside += 1 }
                }
            }
            // Most of the face changes colour, not a stray pixel or two.
            let area = Int(region.rect.width * region.rect.height)
            #expect(changedInside > area / 2, "\(screen): pressing \(region.action) changed \(changedInside) of \(area) pixels")
            #expect(changedOutside == 0, "\(screen): pressing \(region.action) changed \(changedOutside) pixels outside it")
        }
    }

    @Test("the same model renders to the same PNG bytes", arguments: samples)
    func deterministic(_ screen: ReachableScreen) throws {
        func png() throws -> Data {
            let canvas = try Canvas.image(width: 1080, height: 1920)
            try Self.renderer.render(screen.model, on: canvas)
            return try canvas.pngData()
        }
        let first = try png()
        #expect(first.count > 10_000, "\(screen): suspiciously small PNG")
        #expect(try png() == first, "\(screen): two renders differ")
        // A canvas that drew something else first must not leak into the next frame.
        let reused = try Canvas.image(width: 1080, height: 1920)
        try Self.renderer.render(Shipped.outcomes[0].model, on: reused, pressed: .finish)
        try Self.renderer.render(screen.model, on: reused)
        #expect(try reused.pngData() == first, "\(screen): a reused canvas keeps traces of the previous screen")
    }

    /// Leaves PNGs of a few screens where a reviewer can look at them (the path is printed).
    @Test("sample screens are written as PNG")
    func writeSamples() throws {
        let directory = try Paths.temporaryDirectory()
        for (index, screen) in Self.samples.enumerated() {
            for (theme, size) in [(Theme.standard, (1080, 1920)), (.elder, (1080, 1920)), (.highContrast, (1080, 1920)),
                                  (.standard, (1920, 1080)), (.elder, (1920, 1080))] {
                let canvas = try Canvas.image(width: size.0, height: size.1)
                let renderer = ScreenRenderer(theme: theme, width: size.0, height: size.1)
                let pressed = screen.model.choices.first?.action
                try renderer.render(screen.model, on: canvas, pressed: pressed)
                let path = directory.appendingPathComponent("\(index)-\(screen.model.kind.rawValue)-\(theme.name)-\(size.0)x\(size.1).png").path
                try canvas.writePNG(to: path)
                #expect(FileManager.default.fileExists(atPath: path))
            }
        }
        note("sample screens: \(directory.path)")
    }
}
