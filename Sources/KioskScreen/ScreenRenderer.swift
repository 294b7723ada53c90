import Foundation
import KioskCore
import KioskGraphics

/// A touchable area of the drawn screen and what touching it does.
public struct HitRegion: Hashable, Sendable {
    public var rect: Rect
    public var action: ScreenAction
    public var isEnabled: Bool
}

/// Where each piece of a screen went: what hit-testing and tests look at.
public struct ScreenLayout: Sendable {
    public var regions: [HitRegion]
    /// Text that did not fit its box; empty when the screen is sound.
    public var overflows: [String]

    /// The enabled region under a touch, if any.
    public func action(atX x: Double, y: Double) -> ScreenAction? {
        regions.first { $0.isEnabled && $0.rect.contains(x: x, y: y) }?.action
    }

    public func region(for action: ScreenAction) -> HitRegion? { regions.first { $0.action == action } }
}

/// Draws a ScreenModel. The same code draws every backend's frames, so a PNG in a test is what the
/// kiosk's glass shows.
public struct ScreenRenderer: Sendable {
    public let theme: Theme
    public let width: Int
    public let height: Int

    public init(theme: Theme, width: Int, height: Int) {
        self.theme = theme
        self.width = width
        self.height = height
    }

    /// One unit is a pixel on a screen whose short side is 1080 pixels.
    private var unit: Double { Double(min(width, height)) / 1080 }
    private func font(_ size: Double, bold: Bool = false) -> FontSpec {
        FontSpec(size: size * unit * theme.textScale, weight: bold ? .bold : .regular)
    }

    @discardableResult
    public func render(_ model: ScreenModel, on canvas: Canvas, pressed: ScreenAction? = nil) throws -> ScreenLayout {
        var regions: [HitRegion] = []
        var overflows: [String] = []
        let margin = 48 * unit
        let gap = 28 * unit
        let contentWidth = Double(width) - 2 * margin
        canvas.clear(theme.background)

        // Header: the flow or screen title on a solid band.
        let titleFont = font(52, bold: true)
        let titleHeight = canvas.measure(model.title, font: titleFont, width: contentWidth).height
        let headerHeight = titleHeight + 2 * 36 * unit
        canvas.fill(Rect(x: 0, y: 0, width: Double(width), height: headerHeight), theme.headerBackground)
        canvas.draw(model.title, font: titleFont, color: theme.headerText,
                    in: Rect(x: margin, y: 36 * unit, width: contentWidth, height: titleHeight))

        // Bottom bar: navigation and the screen's main actions, always in the same place. With more than three
        // buttons the main actions get a row of their own, so no label has to wrap.
        let barButtonHeight = 150 * unit * theme.targetScale
        let rows: [[ButtonModel]] = model.bar.count > 3
            ? [model.bar.filter { $0.role == .primary }, model.bar.filter { $0.role != .primary }].filter { !$0.isEmpty }
            : (model.bar.isEmpty ? [] : [model.bar])
        let barHeight = Double(rows.count) * barButtonHeight + Double(max(0, rows.count - 1)) * gap + 2 * 32 * unit
        let barTop = Double(height) - barHeight
        if !rows.isEmpty {
            canvas.line(fromX: 0, fromY: barTop, toX: Double(width), toY: barTop, color: theme.choiceBorder, width: 2 * unit)
        }
        for (rowIndex, row) in rows.enumerated() {
            let count = Double(row.count)
            let buttonWidth = (contentWidth - gap * (count - 1)) / count
            let rowTop = barTop + 32 * unit + Double(rowIndex) * (barButtonHeight + gap)
            for (index, button) in row.enumerated() {
                let rect = Rect(x: margin + Double(index) * (buttonWidth + gap), y: rowTop,
                                width: buttonWidth, height: barButtonHeight)
                if !drawButton(button, in: rect, font: font(40, bold: button.role == .primary), canvas: canvas,
                               pressed: pressed == button.action) {
                    overflows.append(button.label)
                }
                regions.append(HitRegion(rect: rect, action: button.action, isEnabled: button.isEnabled))
            }
        }

        var y = headerHeight + gap
        var bottomLimit = (rows.isEmpty ? Double(height) : barTop) - gap

        // Related flows on an outcome: one row of smaller buttons above the bar, under a heading. They are drawn
        // last, and only if the guidance and a scannable QR code still fit above them: those come first.
        let fullBottomLimit = bottomLimit
        let linkHeight = 110 * unit * theme.targetScale
        let linksHeadingHeight = model.links.isEmpty ? 0
            : model.linksHeading.map { canvas.measure($0, font: font(32), width: contentWidth).height + 12 * unit } ?? 0
        var linksTop: Double?
        if !model.links.isEmpty {
            linksTop = bottomLimit - linkHeight - linksHeadingHeight
            bottomLimit = linksTop! - gap
        }
        func drawLinks(top: Double) {
            let linkFont = font(36, bold: true)
            let count = Double(min(model.links.count, 3))
            let linkWidth = (contentWidth - gap * (count - 1)) / count
            if let heading = model.linksHeading {
                canvas.draw(heading, font: font(32), color: theme.secondaryText,
                            in: Rect(x: margin, y: top, width: contentWidth, height: linksHeadingHeight))
            }
            for (index, link) in model.links.prefix(3).enumerated() {
                let rect = Rect(x: margin + Double(index) * (linkWidth + gap), y: top + linksHeadingHeight,
                                width: linkWidth, height: linkHeight)
                if !drawButton(link, in: rect, font: linkFont, canvas: canvas, pressed: pressed == link.action) {
                    overflows.append(link.label)
                }
                regions.append(HitRegion(rect: rect, action: link.action, isEnabled: link.isEnabled))
            }
            for link in model.links.dropFirst(3) { overflows.append(link.label) }
        }
        func text(_ string: String, _ spec: FontSpec, _ color: Color) {
            let measured = canvas.measure(string, font: spec, width: contentWidth)
            if y + measured.height > bottomLimit { overflows.append(string) }
            canvas.draw(string, font: spec, color: color, in: Rect(x: margin, y: y, width: contentWidth, height: measured.height))
            y += measured.height + gap
        }

        if let progress = model.progress { text(progress, font(34), theme.secondaryText) }
        if let status = model.status {
            y = drawBanner(status, font: font(40, bold: true), padding: 20 * unit, top: y, margin: margin, canvas: canvas) + gap
        }
        if let prompt = model.prompt { text(prompt, font(56, bold: true), theme.text) }
        // On a multi-select screen the body is the hint (tick several, then 下一步), read before the options.
        let bodyBeforeChoices = model.kind == .multiSelect
        if bodyBeforeChoices { for hint in model.body { text(hint, font(36), theme.secondaryText) } }

        // Answers: one large button per line, the way a resident reads a list. When they do not all fit (a short
        // landscape screen in elder mode) they give up height first, down to what the label needs or about 15 mm on
        // a 160 dpi screen; a button that still would not fit is neither drawn nor touchable, and is reported.
        let choiceFont = font(46, bold: true)
        let labelHeights = model.choices.map { canvas.measure($0.label, font: choiceFont, width: contentWidth - 80 * unit).height }
        var choiceHeights = labelHeights.map { max(170 * unit * theme.targetScale, $0 + 60 * unit) }
        let room = bottomLimit - y - gap * Double(max(0, model.choices.count - 1))
        if choiceHeights.reduce(0, +) > room, !choiceHeights.isEmpty {
            let share = room / Double(choiceHeights.count)
            choiceHeights = zip(choiceHeights, labelHeights).map { natural, label in
                min(natural, max(share, label + 32 * unit, 100 * unit))
            }
        }
        for (button, choiceHeight) in zip(model.choices, choiceHeights) {
            let rect = Rect(x: margin, y: y, width: contentWidth, height: choiceHeight)
            guard rect.maxY <= bottomLimit + 0.5 else {
                overflows.append(button.label)
                continue
            }
            if !drawButton(button, in: rect, font: choiceFont, canvas: canvas, pressed: pressed == button.action) {
                overflows.append(button.label)
            }
            regions.append(HitRegion(rect: rect, action: button.action, isEnabled: button.isEnabled))
            y = rect.maxY + gap
        }

        if let field = model.field {
            drawNumberEntry(field, keys: model.keypad, top: &y, bottom: bottomLimit, margin: margin, gap: gap,
                            canvas: canvas, pressed: pressed, regions: &regions, overflows: &overflows)
        }

        // Outcome: the QR code sits at the right of the summary on wide screens, below it on tall ones. When the
        // summary is long the code shrinks first (never below about 38 mm on a 160 dpi screen, still easy to scan),
        // then the text a little; whatever still does not fit is reported as overflow.
        let bodyTop = y
        let captionHeight = model.qrCaption.map { canvas.measure($0, font: font(32), width: contentWidth).height + 16 * unit } ?? 0
        // Each paragraph is measured once per candidate font and the chosen measurements are drawn with.
        func measureBody(_ spec: FontSpec, width: Double) -> [TextMeasure] {
            model.body.map { canvas.measure($0, font: spec, width: width, lineSpacing: 1.35) }
        }
        func totalHeight(_ measures: [TextMeasure]) -> Double { measures.reduce(0) { $0 + $1.height + gap } }
        var bodyFont = font(38)
        var bodyWidth = contentWidth
        var bodyMeasures: [TextMeasure]?
        var qrRect: Rect?
        if model.qrURL != nil {
            if width > height {
                let side = 320 * unit
                qrRect = Rect(x: Double(width) - margin - side, y: bodyTop, width: side, height: side)
                bodyWidth = contentWidth - side - gap
            } else {
                var side = 320 * unit
                for dropLinks in linksTop == nil ? [false] : [false, true] {
                    if dropLinks {
                        // The related links give way to the guidance and the code; the home screen still has those flows.
                        linksTop = nil
                        bottomLimit = fullBottomLimit
                        overflows += model.links.map(\.label)
                    }
                    let room = bottomLimit - bodyTop
                    for candidate in [font(38), font(34)] {
                        bodyFont = candidate
                        bodyMeasures = measureBody(candidate, width: contentWidth)
                        side = min(320 * unit, room - totalHeight(bodyMeasures!) - captionHeight - 12 * unit)
                        if side >= 240 * unit { break }
                    }
                    if side >= 240 * unit { break }
                }
                if side >= 240 * unit {
                    qrRect = Rect(x: (Double(width) - side) / 2, y: bottomLimit - side - captionHeight, width: side, height: side)
                } else {
                    // Text and a scannable code do not both fit (until the outcome screen scrolls): the code, which
                    // the printed slip carries too, gives way rather than being drawn over the guidance.
                    overflows.append(model.qrCaption ?? "QR")
                }
            }
        }
        let bodyLimit = (width > height ? bottomLimit : (qrRect.map { $0.y - 12 * unit } ?? bottomLimit))
        for (paragraph, measured) in zip(bodyBeforeChoices ? [] : model.body,
                                         bodyMeasures ?? measureBody(bodyFont, width: bodyWidth)) {
            // A paragraph that does not fit is reported, not drawn across the QR code or the button bar.
            guard y + measured.height <= bodyLimit else {
                overflows.append(paragraph)
                continue
            }
            canvas.draw(paragraph, font: bodyFont, color: theme.text,
                        in: Rect(x: margin, y: y, width: bodyWidth, height: measured.height), lineSpacing: 1.35)
            y += measured.height + gap
        }
        if let url = model.qrURL, let qrRect {
            canvas.fill(qrRect.insetBy(dx: -12 * unit, dy: -12 * unit), .white)
            try canvas.drawQRCode(url, in: qrRect)
            if let caption = model.qrCaption {
                let captionFont = font(32)
                let captionWidth = width > height ? qrRect.width + 2 * gap : contentWidth
                let captionRect = Rect(x: qrRect.x + qrRect.width / 2 - captionWidth / 2, y: qrRect.maxY + 16 * unit,
                                       width: captionWidth, height: canvas.measure(caption, font: captionFont, width: captionWidth).height)
                canvas.draw(caption, font: captionFont, color: theme.text, in: captionRect, alignment: .center)
            }
        }
        if let linksTop { drawLinks(top: linksTop) }
        return ScreenLayout(regions: regions, overflows: overflows)
    }

    /// Returns false when the label did not fit.
    private func drawButton(_ button: ButtonModel, in rect: Rect, font: FontSpec, canvas: Canvas, pressed: Bool) -> Bool {
        let radius = 20 * unit
        let (background, foreground): (Color, Color) =
            if !button.isEnabled { (theme.disabledBackground, theme.disabledText) }
            else if pressed { (theme.pressedBackground, theme.pressedText) }
            else if button.role == .primary { (theme.primaryBackground, theme.primaryText) }
            else { (theme.choiceBackground, theme.choiceText) }
        canvas.fill(rect, background, cornerRadius: radius)
        if button.role != .primary || !button.isEnabled || pressed {
            canvas.stroke(rect.insetBy(dx: 2 * unit, dy: 2 * unit), theme.choiceBorder, lineWidth: 4 * unit, cornerRadius: radius)
        }
        var inner = rect.insetBy(dx: 24 * unit, dy: 16 * unit)
        if let selected = button.isSelected {
            // A tick box at the start of the line: ticked options read at a glance, without relying on colour.
            let side = min(64 * unit * theme.textScale, rect.height - 32 * unit)
            let box = Rect(x: rect.x + 32 * unit, y: rect.y + (rect.height - side) / 2, width: side, height: side)
            canvas.fill(box, selected ? theme.primaryBackground : theme.background, cornerRadius: 8 * unit)
            canvas.stroke(box, selected ? theme.primaryBackground : theme.choiceBorder, lineWidth: 4 * unit, cornerRadius: 8 * unit)
            if selected {
                canvas.line(fromX: box.x + side * 0.22, fromY: box.y + side * 0.52, toX: box.x + side * 0.42,
                            toY: box.y + side * 0.72, color: theme.primaryText, width: 7 * unit)
                canvas.line(fromX: box.x + side * 0.42, fromY: box.y + side * 0.72, toX: box.x + side * 0.80,
                            toY: box.y + side * 0.28, color: theme.primaryText, width: 7 * unit)
            }
            inner = Rect(x: box.maxX + 24 * unit, y: inner.y, width: rect.maxX - box.maxX - 48 * unit, height: inner.height)
        }
        let measured = canvas.measure(button.label, font: font, width: inner.width)
        canvas.draw(button.label, font: font, color: foreground, in: inner,
                    alignment: button.isSelected == nil ? .center : .left, verticallyCentered: true)
        return measured.height <= inner.height + 0.5
    }

    /// A message on the status colour across the content width (print status, a number out of range); returns
    /// its bottom edge.
    private func drawBanner(_ message: String, font spec: FontSpec, padding: Double, top: Double, margin: Double,
                            canvas: Canvas) -> Double {
        let contentWidth = Double(width) - 2 * margin
        let measured = canvas.measure(message, font: spec, width: contentWidth - 48 * unit)
        let rect = Rect(x: margin, y: top, width: contentWidth, height: measured.height + 2 * padding)
        canvas.fill(rect, theme.statusBackground, cornerRadius: 16 * unit)
        canvas.draw(message, font: spec, color: theme.statusText, in: rect.insetBy(dx: 24 * unit, dy: padding))
        return rect.maxY
    }

    /// The typed number in a large box, a line saying what is wrong with it, and the keypad, three keys to a row.
    private func drawNumberEntry(_ field: NumberField, keys: [ButtonModel], top y: inout Double, bottom: Double,
                                 margin: Double, gap: Double, canvas: Canvas, pressed: ScreenAction?,
                                 regions: inout [HitRegion], overflows: inout [String]) {
        let contentWidth = Double(width) - 2 * margin
        let fieldFont = field.text.isEmpty ? font(40) : font(64, bold: true)
        let shown = field.text.isEmpty ? field.placeholder : field.text + (field.unit.map { " " + $0 } ?? "")
        let textHeight = canvas.measure(shown, font: fieldFont, width: contentWidth - 64 * unit).height
        let box = Rect(x: margin, y: y, width: contentWidth, height: max(textHeight, 80 * unit * theme.textScale) + 48 * unit)
        canvas.fill(box, theme.choiceBackground, cornerRadius: 16 * unit)
        canvas.stroke(box, theme.choiceBorder, lineWidth: 4 * unit, cornerRadius: 16 * unit)
        canvas.draw(shown, font: fieldFont, color: field.text.isEmpty ? theme.secondaryText : theme.choiceText,
                    in: box.insetBy(dx: 32 * unit, dy: 24 * unit), alignment: .right, verticallyCentered: true)
        if textHeight > box.height - 48 * unit + 0.5 { overflows.append(shown) }
        y = box.maxY + gap
        if let problem = field.problem {
            y = drawBanner(problem, font: font(38, bold: true), padding: 16 * unit, top: y, margin: margin, canvas: canvas) + gap
        }
        let rowCount = Double((keys.count + 2) / 3)
        let keyWidth = (contentWidth - 2 * gap) / 3
        let keyHeight = min(150 * unit * theme.targetScale, (bottom - y - gap * (rowCount - 1)) / rowCount)
        let keyFont = font(52, bold: true)
        for (index, key) in keys.enumerated() {
            let rect = Rect(x: margin + Double(index % 3) * (keyWidth + gap), y: y + Double(index / 3) * (keyHeight + gap),
                            width: keyWidth, height: keyHeight)
            guard keyHeight >= 80 * unit, rect.maxY <= bottom + 0.5 else {
                overflows.append(key.label)
                continue
            }
            if !drawButton(key, in: rect, font: key.role == .navigation ? font(40, bold: true) : keyFont, canvas: canvas,
                           pressed: pressed == key.action) {
                overflows.append(key.label)
            }
            regions.append(HitRegion(rect: rect, action: key.action, isEnabled: key.isEnabled))
        }
        y += rowCount * (keyHeight + gap)
    }
}
