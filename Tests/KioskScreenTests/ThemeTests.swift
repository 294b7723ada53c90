import Foundation
import KioskCore
import KioskGraphics
import KioskScreen
import Testing

/// WCAG 2 relative luminance and contrast ratio.
func luminance(_ color: Color) -> Double {
    func linear(_ channel: Double) -> Double {
        channel <= 0.04045 ? channel / 12.92 : pow((channel + 0.055) / 1.055, 2.4)
    }
    return 0.2126 * linear(color.red) + 0.7152 * linear(color.green) + 0.0722 * linear(color.blue)
}

func contrast(_ first: Color, _ second: Color) -> Double {
    let (a, b) = (luminance(first), luminance(second))
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)
}

@Suite("Themes")
struct ThemeTests {
    /// Every text colour the renderer draws, with the colour it is drawn on.
    static func textPairs(_ theme: Theme) -> [(name: String, text: Color, background: Color)] {
        [("text/background", theme.text, theme.background),
         ("secondaryText/background", theme.secondaryText, theme.background),
         ("choiceText/choiceBackground", theme.choiceText, theme.choiceBackground),
         ("pressedText/pressedBackground", theme.pressedText, theme.pressedBackground),
         ("primaryText/primaryBackground", theme.primaryText, theme.primaryBackground),
         ("headerText/headerBackground", theme.headerText, theme.headerBackground),
         ("statusText/statusBackground", theme.statusText, theme.statusBackground),
         ("disabledText/disabledBackground", theme.disabledText, theme.disabledBackground)]
    }

    @Test("WCAG contrast: AA for standard and elder, AAA for high contrast",
          arguments: [(Theme.standard, 4.5), (.elder, 4.5), (.highContrast, 7.0)])
    func textContrast(_ theme: Theme, _ minimum: Double) {
        for pair in Self.textPairs(theme) {
            let ratio = contrast(pair.text, pair.background)
            #expect(ratio >= minimum, "\(theme.name) \(pair.name) is \(ratio):1, needs \(minimum):1")
        }
    }

    @Test("the contrast formula matches known values")
    func contrastFormula() {
        #expect(abs(contrast(.black, .white) - 21) < 0.001)
        #expect(abs(contrast(.white, .white) - 1) < 0.001)
        // #767676 on white is the well-known lightest grey that passes AA.
        #expect(contrast(Color(hex: 0x767676), .white) >= 4.5)
        #expect(contrast(Color(hex: 0x777777), .white) < 4.5)
    }

    @Test("elder, portrait and landscape: every question screen fits and every answer can be touched",
          arguments: Shipped.questions, [(1080, 1920), (1920, 1080)])
    func elderQuestionsFit(_ screen: ReachableScreen, size: (width: Int, height: Int)) throws {
        let canvas = try Canvas.image(width: size.width, height: size.height)
        let layout = try ScreenRenderer(theme: .elder, width: size.width, height: size.height).render(screen.model, on: canvas)
        #expect(layout.overflows.isEmpty, "\(screen) overflows in elder: \(layout.overflows)")
        for region in layout.regions {
            #expect(region.rect.maxY <= Double(size.height) && region.rect.width >= minimumTargetPixels
                    && region.rect.height >= minimumTargetPixels, "\(screen): \(region.action) at \(region.rect)")
        }
        for choice in screen.model.choices {
            #expect(layout.region(for: choice.action) != nil, "\(screen): no touchable button for \(choice.label)")
        }
    }

    /// Long outcomes do not fit every theme and orientation until the outcome screen scrolls; this lists them
    /// on standard error without failing, so the gap stays visible.
    @Test("overflow survey: elder and landscape")
    func overflowSurvey() throws {
        let configurations: [(Theme, Int, Int)] = [(.elder, 1080, 1920), (.standard, 1920, 1080), (.elder, 1920, 1080),
                                                   (.highContrast, 1080, 1920), (.highContrast, 1920, 1080)]
        var report: [String] = []
        for (theme, width, height) in configurations {
            let canvas = try Canvas.image(width: width, height: height)
            let renderer = ScreenRenderer(theme: theme, width: width, height: height)
            var overflowing: [String] = []
            for screen in Shipped.screens {
                let layout = try renderer.render(screen.model, on: canvas)
                if !layout.overflows.isEmpty {
                    overflowing.append(screen.path + " (" + layout.overflows.map { String($0.prefix(8)) }.joined(separator: "|") + ")")
                }
            }
            // One short line per screen: `swift test` drops very long lines from the test's output.
            report.append("\(theme.name) \(width)x\(height): \(overflowing.count) of \(Shipped.screens.count) screens overflow")
            report += overflowing.map { "  " + $0 }
        }
        note("overflow survey\n" + report.joined(separator: "\n"))
    }
}
