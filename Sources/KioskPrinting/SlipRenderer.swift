import Foundation
import KioskCore
import KioskGraphics

public enum SlipPaper: String, Sendable, CaseIterable {
    case roll58 = "58mm"
    case roll80 = "80mm"
    case a4 = "a4"

    /// Width of the paper, which is also the width of the PDF page.
    public var widthMillimetres: Double {
        switch self {
        case .roll58: 58
        case .roll80: 80
        case .a4: 210
        }
    }

    /// Fixed page length for cut sheets; rolls are cut as long as the slip needs.
    public var pageHeightMillimetres: Double? {
        self == .a4 ? 297 : nil
    }

    public var isRoll: Bool { self != .a4 }

    /// What the print head reaches: 58 mm rolls print 48 mm, 80 mm rolls 72 mm (384 and 576 dots at 203 dpi).
    public var printableWidthMillimetres: Double {
        switch self {
        case .roll58: 48
        case .roll80: 72
        case .a4: 180
        }
    }

    /// The PWG media name for a page of this paper `lengthMillimetres` long (ignored for A4).
    public func mediaName(lengthMillimetres: Double) -> String {
        switch self {
        case .a4:
            return "iso_a4_210x297mm"
        case .roll58, .roll80:
            let width = Int(widthMillimetres)
            let length = Int(lengthMillimetres.rounded(.up))
            return "custom_\(width)x\(length)mm_\(width)x\(length)mm"
        }
    }
}

/// Lays out a `SlipModel` and draws it on a canvas: a PDF for the printer, a PNG for reviewers and
/// raster printers. One layout routine serves both so what a reviewer sees is what the printer gets.
public enum SlipRenderer {
    static let pointsPerMillimetre = 72 / 25.4

    public static func pdf(_ slip: SlipModel, paper: SlipPaper) throws -> Data {
        try render(slip, paper: paper, scale: 1, makeCanvas: { width, height in
            try Canvas.pdf(widthPoints: width, heightPoints: height)
        }).pdfData()
    }

    /// Thermal printers are 203 dpi, which is 8 dots per millimetre.
    public static func png(_ slip: SlipModel, paper: SlipPaper, dotsPerMillimetre: Double = 8) throws -> Data {
        guard dotsPerMillimetre > 0 else {
            throw GraphicsError("dotsPerMillimetre must be positive, got \(dotsPerMillimetre)")
        }
        let scale = dotsPerMillimetre / pointsPerMillimetre
        return try render(slip, paper: paper, scale: scale, makeCanvas: { width, height in
            try Canvas.image(width: Int(width.rounded(.up)), height: Int(height.rounded(.up)))
        }).pngData()
    }

    /// The page length in millimetres a roll slip needs, so a print job can ask for matching media.
    public static func rollLengthMillimetres(_ slip: SlipModel, paper: SlipPaper) throws -> Double {
        let style = SlipStyle(paper: paper, scale: 1)
        let measurer = try Canvas.pdf(widthPoints: style.pageWidth, heightPoints: 10)
        let blocks = SlipLayout.blocks(for: slip, style: style, measurer: measurer)
        return style.rollHeight(for: blocks) / pointsPerMillimetre
    }

    private static func render(_ slip: SlipModel, paper: SlipPaper, scale: Double,
                               makeCanvas: (Double, Double) throws -> Canvas) throws -> Canvas {
        let style = SlipStyle(paper: paper, scale: scale)
        // Measuring on a canvas of the same kind as the target; KioskGraphics keeps metrics unhinted so
        // the heights measured here are the heights drawn.
        let measurer = try makeCanvas(style.pageWidth, 10)
        let blocks = SlipLayout.blocks(for: slip, style: style, measurer: measurer)

        if let pageHeight = style.pageHeight {
            let pages = style.paginate(blocks, pageHeight: pageHeight)
            let isImage = !measurer.isPDF
            // An image has no pages, so A4 pages are stacked one under another.
            let canvas = try makeCanvas(style.pageWidth, isImage ? pageHeight * Double(pages.count) : pageHeight)
            for (index, page) in pages.enumerated() {
                if index > 0 && !isImage { canvas.newPage() }
                let top = isImage ? pageHeight * Double(index) : 0
                canvas.fill(Rect(x: 0, y: top, width: style.pageWidth, height: pageHeight), .white)
                if isImage && index > 0 {
                    canvas.line(fromX: 0, fromY: top, toX: style.pageWidth, toY: top, color: Color(hex: 0x999999),
                                width: style.hairline)
                }
                try style.draw(page, on: canvas, top: top + style.marginTop)
            }
            return canvas
        }

        let canvas = try makeCanvas(style.pageWidth, style.rollHeight(for: blocks))
        canvas.clear(.white)
        try style.draw(blocks.map { ($0, true) }, on: canvas, top: style.marginTop)
        return canvas
    }
}

/// A piece of the slip that is measured once and drawn once; pages break only between blocks.
struct SlipBlock {
    var spacingBefore: Double
    var height: Double
    /// Section headings stay on the page of the first thing under them.
    var keepWithNext = false
    var draw: (Canvas, Double) throws -> Void
}

/// Sizes in points scaled to canvas units, per paper.
struct SlipStyle {
    let paper: SlipPaper
    let scale: Double
    let pageWidth: Double
    let pageHeight: Double?
    let marginX: Double
    let marginTop: Double
    let marginBottom: Double
    let body: Double
    let qrSide: Double
    let hairline: Double

    init(paper: SlipPaper, scale: Double) {
        self.paper = paper
        self.scale = scale
        let mm = SlipRenderer.pointsPerMillimetre * scale
        pageWidth = paper.widthMillimetres * mm
        pageHeight = paper.pageHeightMillimetres.map { $0 * mm }
        marginX = (paper.widthMillimetres - paper.printableWidthMillimetres) / 2 * mm
        marginTop = (paper.isRoll ? 3 : 15) * mm
        // Roll printers cut a few millimetres below the last line; leave room so the footer survives.
        marginBottom = (paper.isRoll ? 8 : 15) * mm
        body = (paper == .roll58 ? 9 : paper == .roll80 ? 10 : 11) * scale
        qrSide = (paper.isRoll ? 30 : 35) * mm
        hairline = max(0.6 * scale, 1)
    }

    var contentWidth: Double { pageWidth - 2 * marginX }
    var millimetre: Double { SlipRenderer.pointsPerMillimetre * scale }

    func font(_ relative: Double, bold: Bool = false) -> FontSpec {
        FontSpec(size: body * relative, weight: bold ? .bold : .regular)
    }

    func rollHeight(for blocks: [SlipBlock]) -> Double {
        marginTop + blocks.reduce(0) { $0 + $1.spacingBefore + $1.height } + marginBottom
    }

    /// Greedy page filling; the flag says whether the block's spacing applies (not at the top of a page).
    func paginate(_ blocks: [SlipBlock], pageHeight: Double) -> [[(SlipBlock, Bool)]] {
        let available = pageHeight - marginTop - marginBottom
        var pages: [[(SlipBlock, Bool)]] = [[]]
        var used = 0.0
        for (index, block) in blocks.enumerated() {
            var needed = block.spacingBefore + block.height
            if block.keepWithNext, index + 1 < blocks.count {
                needed += blocks[index + 1].spacingBefore + blocks[index + 1].height
            }
            if !pages[pages.count - 1].isEmpty && used + needed > available {
                pages.append([])
                used = 0
            }
            let isFirst = pages[pages.count - 1].isEmpty
            pages[pages.count - 1].append((block, !isFirst))
            used += (isFirst ? 0 : block.spacingBefore) + block.height
        }
        return pages
    }

    func draw(_ blocks: [(SlipBlock, Bool)], on canvas: Canvas, top: Double) throws {
        var y = top
        for (block, spaced) in blocks {
            if spaced { y += block.spacingBefore }
            try block.draw(canvas, y)
            y += block.height
        }
    }
}

enum SlipLayout {
    static func blocks(for slip: SlipModel, style s: SlipStyle, measurer: Canvas) -> [SlipBlock] {
        let labels = slip.labels
        let x = s.marginX
        let width = s.contentWidth
        let mm = s.millimetre
        let indent = s.body * 1.2
        var blocks: [SlipBlock] = []

        func text(_ string: String, _ font: FontSpec, spacing: Double, alignment: TextAlignment = .left,
                  indentBy: Double = 0, lineSpacing: Double = 1.25, keepWithNext: Bool = false) {
            guard !string.isEmpty else { return }
            let rect = Rect(x: x + indentBy, y: 0, width: width - indentBy, height: 0)
            let measured = measurer.measure(string, font: font, width: rect.width, lineSpacing: lineSpacing)
            blocks.append(SlipBlock(spacingBefore: spacing, height: measured.height, keepWithNext: keepWithNext) {
                canvas, y in
                var target = rect
                target.y = y
                target.height = measured.height
                canvas.draw(string, font: font, color: .black, in: target, alignment: alignment,
                            lineSpacing: lineSpacing)
            })
        }

        /// A marker in the margin and wrapped text beside it, so continuation lines align with the text.
        func item(_ marker: String, _ string: String, _ font: FontSpec, spacing: Double, markerWidth: Double) {
            let rect = Rect(x: x + markerWidth, y: 0, width: width - markerWidth, height: 0)
            let measured = measurer.measure(string, font: font, width: rect.width)
            blocks.append(SlipBlock(spacingBefore: spacing, height: measured.height) { canvas, y in
                canvas.draw(marker, font: font, color: .black, in: Rect(x: x, y: y, width: markerWidth, height: measured.height))
                canvas.draw(string, font: font, color: .black,
                            in: Rect(x: rect.x, y: y, width: rect.width, height: measured.height))
            })
        }

        func rule(spacing: Double, dashed: Bool) {
            let thickness = s.hairline
            blocks.append(SlipBlock(spacingBefore: spacing, height: thickness) { canvas, y in
                let middle = y + thickness / 2
                guard dashed else {
                    canvas.line(fromX: x, fromY: middle, toX: x + width, toY: middle, color: .black, width: thickness)
                    return
                }
                let dash = 1.2 * mm
                var start = x
                while start < x + width {
                    canvas.line(fromX: start, fromY: middle, toX: min(start + dash, x + width), toY: middle,
                                color: .black, width: thickness)
                    start += 2 * dash
                }
            })
        }

        func section(_ label: String) {
            text(label, s.font(1.05, bold: true), spacing: 0.45 * s.body * 2, keepWithNext: true)
        }

        let small = s.font(0.8)
        let regular = s.font(1)

        text(slip.heading, s.font(1.3, bold: true), spacing: 0, alignment: .center)
        text(slip.flowTitle, regular, spacing: 0.25 * s.body, alignment: .center)
        rule(spacing: 0.6 * s.body, dashed: true)
        text(slip.title, s.font(1.45, bold: true), spacing: 0.7 * s.body, lineSpacing: 1.2)
        if !slip.situation.isEmpty {
            text("\(labels.situation)：\(slip.situation)", s.font(0.9), spacing: 0.5 * s.body)
        }

        if !slip.guidance.isEmpty {
            section(labels.guidance)
            text(slip.guidance, regular, spacing: 0.3 * s.body, lineSpacing: 1.35)
        }

        if !slip.materials.isEmpty {
            section(labels.materials)
            let box = measurer.measure("□", font: regular, width: width).width + 0.4 * s.body
            for material in slip.materials {
                item("□", material, regular, spacing: 0.25 * s.body, markerWidth: box)
            }
        }

        if !slip.places.isEmpty {
            section(labels.whereToGo)
            for place in slip.places {
                let name = place.isSample ? "\(place.name)（\(labels.sample)）" : place.name
                text(name, s.font(1, bold: true), spacing: 0.35 * s.body)
                let details: [(String, String?)] = [
                    (labels.address, place.address), (labels.hours, place.hours), (labels.phone, place.phone),
                ]
                for case let (label, value?) in details where !value.isEmpty {
                    text("\(label)：\(value)", s.font(0.9), spacing: 0.1 * s.body, indentBy: indent)
                }
            }
        }

        if !slip.deadlines.isEmpty {
            section(labels.deadlines)
            let bold = s.font(1, bold: true)
            let marker = measurer.measure("※", font: bold, width: width).width + 0.4 * s.body
            for deadline in slip.deadlines {
                item("※", deadline, bold, spacing: 0.25 * s.body, markerWidth: marker)
            }
        }

        if !slip.citations.isEmpty {
            section(labels.law)
            for citation in slip.citations {
                // An article number split over two lines ("第二十" / "七条") misreads; it gets a line of its own.
                let lawFont = s.font(0.95, bold: true)
                var reference = "《\(citation.law)》\(citation.article)"
                if measurer.measure(reference, font: lawFont, width: width).lineCount > 1 {
                    reference = "《\(citation.law)》\n\(citation.article)"
                }
                text(reference, lawFont, spacing: 0.35 * s.body)
                if let excerpt = citation.excerpt, !excerpt.isEmpty {
                    text(excerpt, small, spacing: 0.15 * s.body, indentBy: indent * 0.8, lineSpacing: 1.3)
                }
            }
        }

        rule(spacing: 0.8 * s.body, dashed: true)
        // On narrow rolls the number would otherwise be broken off mid-line; give it a line of its own.
        let hotlineFont = s.font(1.6, bold: true)
        var hotline = "\(labels.hotline)：\(slip.hotline)"
        if measurer.measure(hotline, font: hotlineFont, width: width).lineCount > 1 {
            hotline = "\(labels.hotline)\n\(slip.hotline)"
        }
        text(hotline, hotlineFont, spacing: 0.6 * s.body, alignment: .center)

        let side = min(s.qrSide, width)
        let url = slip.qrURL
        if !url.isEmpty {
            blocks.append(SlipBlock(spacingBefore: 0.5 * s.body, height: side) { canvas, y in
                try canvas.drawQRCode(url, in: Rect(x: x + (width - side) / 2, y: y, width: side, height: side))
            })
            text(url, s.font(0.7), spacing: 0.2 * s.body, alignment: .center)
        }

        let footer = [slip.kioskID, slip.contentVersion, slip.date].filter { !$0.isEmpty }.joined(separator: " · ")
        text(labels.footer, s.font(0.75), spacing: 0.6 * s.body, alignment: .center)
        text(footer, s.font(0.75), spacing: 0.1 * s.body, alignment: .center)
        return blocks
    }
}
