import Foundation
import KioskCore
import KioskGraphics
import KioskPrinting
import KioskScreen

/// The content checker's eyes: lays every screen out with the real renderer in each theme and size a kiosk may
/// use, and measures every slip on the real paper, so text that will not fit is found before a bundle ships.
public final class RenderedLayoutProbe: LayoutProbe {
    public struct ScreenSize: Hashable, Sendable, CustomStringConvertible {
        public var width: Int
        public var height: Int
        public init(width: Int, height: Int) { self.width = width; self.height = height }
        public var description: String { "\(width)×\(height)" }
    }

    let themes: [Theme]
    let sizes: [ScreenSize]
    let paper: SlipPaper
    let longestSlipMillimetres: Double
    private var canvases: [ScreenSize: Canvas] = [:]

    /// By default: every theme on the standard portrait kiosk, and slips on 80 mm rolls no longer than a metre
    /// (a resident folds and carries it; longer guidance belongs on the QR page).
    public init(themes: [Theme] = [.standard, .elder, .highContrast],
                sizes: [ScreenSize] = [ScreenSize(width: 1080, height: 1920)],
                paper: SlipPaper = .roll80, longestSlipMillimetres: Double = 1000) throws {
        self.themes = themes
        self.sizes = sizes
        self.paper = paper
        self.longestSlipMillimetres = longestSlipMillimetres
        for size in sizes { canvases[size] = try Canvas.image(width: size.width, height: size.height) }
    }

    public func screenProblems(_ screen: ScreenModel) -> [LayoutProblem] {
        var problems: [LayoutProblem] = []
        for size in sizes {
            guard let canvas = canvases[size] else { continue }
            for theme in themes {
                let renderer = ScreenRenderer(theme: theme, width: size.width, height: size.height)
                guard let layout = try? renderer.render(screen, on: canvas) else {
                    problems.append(LayoutProblem("\(theme.name) \(size): the screen could not be drawn"))
                    continue
                }
                for text in layout.overflows {
                    // A long outcome or info text that the screen cuts short is still on the slip and the QR page;
                    // a question, an answer or a button that does not fit makes the screen unusable.
                    let scrolls = screen.body.contains(text) || text == screen.qrCaption || text == "QR"
                        || screen.links.contains { $0.label == text }
                    problems.append(LayoutProblem("\(theme.name) \(size): \(Self.excerpt(text))"
                                                  + (scrolls ? " (left off the screen; the slip and QR page keep it)" : ""),
                                                  isBlocking: !scrolls))
                }
            }
        }
        return problems
    }

    public func slipProblems(_ slip: SlipModel) -> [LayoutProblem] {
        guard let length = try? SlipRenderer.rollLengthMillimetres(slip, paper: paper) else {
            return [LayoutProblem("the \(paper.rawValue) slip could not be laid out")]
        }
        guard length <= longestSlipMillimetres else {
            return [LayoutProblem("the \(paper.rawValue) slip is \(Int(length)) mm long; keep it under "
                                  + "\(Int(longestSlipMillimetres)) mm (shorter guidance or fewer excerpts)")]
        }
        return []
    }

    static func excerpt(_ text: String) -> String {
        text.count <= 24 ? "“\(text)”" : "“\(text.prefix(24))…”"
    }
}
