import CPangoCairo
import Foundation

/// Bytes a cairo stream surface (PDF, PNG) writes; reached from C callbacks through an unmanaged pointer.
private final class ByteSink {
    var data = Data()
}

private let appendToSink: cairo_write_func_t = { closure, bytes, length in
    guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
    if let bytes, length > 0 {
        sink.data.append(bytes, count: Int(length))
    }
    return CAIRO_STATUS_SUCCESS
}

private func statusText(_ status: cairo_status_t) -> String {
    String(cString: cairo_status_to_string(status))
}

/// One drawing surface for both the screen (an ARGB image) and the slip (a PDF document), so the
/// same layout code serves both and tests can look at PNGs of either.
public final class Canvas {
    private enum Kind {
        case image
        case pdf(ByteSink)
    }

    private let kind: Kind
    private let surface: OpaquePointer
    private let cr: OpaquePointer
    private let pango: OpaquePointer
    private var finishedPDF: Data?

    public let width: Double
    public let height: Double

    private init(kind: Kind, surface: OpaquePointer, width: Double, height: Double) throws {
        let surfaceStatus = cairo_surface_status(surface)
        guard surfaceStatus == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw GraphicsError("cairo surface \(width)x\(height): \(statusText(surfaceStatus))")
        }
        guard let cr = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw GraphicsError("cairo_create failed")
        }
        let crStatus = cairo_status(cr)
        guard crStatus == CAIRO_STATUS_SUCCESS, let pango = pango_cairo_create_context(cr) else {
            cairo_destroy(cr)
            cairo_surface_destroy(surface)
            throw GraphicsError("cairo context: \(statusText(crStatus))")
        }
        // Hinted metrics snap advances to the device grid, and a PDF has no grid: a slip measured
        // with hinting would be laid out with different line breaks than it is drawn. Unhinted,
        // unrounded metrics give the same numbers on every canvas, screen and slip alike.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        if case .image = kind {
            cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        }
        pango_cairo_context_set_font_options(pango, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(pango, 0)

        self.kind = kind
        self.surface = surface
        self.cr = cr
        self.pango = pango
        self.width = width
        self.height = height
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(pango))
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    /// An ARGB32 image; one unit is one pixel.
    public static func image(width: Int, height: Int) throws -> Canvas {
        guard width > 0, height > 0, width <= 32767, height <= 32767 else {
            throw GraphicsError("image size \(width)x\(height) out of range 1...32767")
        }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else {
            throw GraphicsError("cairo_image_surface_create failed")
        }
        return try Canvas(kind: .image, surface: surface, width: Double(width), height: Double(height))
    }

    /// A PDF document whose pages are `widthPoints` x `heightPoints`; one unit is one point (1/72 in).
    public static func pdf(widthPoints: Double, heightPoints: Double) throws -> Canvas {
        guard widthPoints > 0, heightPoints > 0, widthPoints <= 14400, heightPoints <= 14400 else {
            throw GraphicsError("PDF page size \(widthPoints)x\(heightPoints) pt out of range (0, 14400]")
        }
        let sink = ByteSink()
        // The canvas keeps `sink` alive in `kind` for as long as the surface can write to it.
        guard let surface = cairo_pdf_surface_create_for_stream(
            appendToSink, Unmanaged.passUnretained(sink).toOpaque(), widthPoints, heightPoints)
        else {
            throw GraphicsError("cairo_pdf_surface_create_for_stream failed")
        }
        let canvas = try Canvas(kind: .pdf(sink), surface: surface, width: widthPoints, height: heightPoints)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "KioskGraphics")
        return canvas
    }

    public var isPDF: Bool {
        if case .pdf = kind { return true }
        return false
    }

    // MARK: Shapes

    public func clear(_ color: Color) {
        cairo_save(cr)
        cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE)
        setSource(color)
        cairo_paint(cr)
        cairo_restore(cr)
    }

    public func fill(_ rect: Rect, _ color: Color, cornerRadius: Double = 0) {
        path(rect, cornerRadius: cornerRadius)
        setSource(color)
        cairo_fill(cr)
    }

    public func stroke(_ rect: Rect, _ color: Color, lineWidth: Double, cornerRadius: Double = 0) {
        // Stroking centred on the edge would paint half the line outside the rectangle.
        let inset = rect.insetBy(dx: lineWidth / 2, dy: lineWidth / 2)
        path(inset, cornerRadius: max(0, cornerRadius - lineWidth / 2))
        setSource(color)
        cairo_set_line_width(cr, lineWidth)
        cairo_stroke(cr)
    }

    public func line(fromX: Double, fromY: Double, toX: Double, toY: Double, color: Color, width: Double) {
        cairo_new_path(cr)
        cairo_move_to(cr, fromX, fromY)
        cairo_line_to(cr, toX, toY)
        setSource(color)
        cairo_set_line_width(cr, width)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
        cairo_stroke(cr)
    }

    /// Ends the current PDF page and starts another of the same size. Image canvases have one page.
    public func newPage() {
        if case .pdf = kind {
            cairo_show_page(cr)
        }
    }

    // MARK: Text

    /// Wraps at `width` with Chinese line breaking (PANGO_WRAP_WORD_CHAR); lineSpacing is a multiple (e.g. 1.3)
    public func measure(_ text: String, font: FontSpec, width: Double, lineSpacing: Double = 1.25) -> TextMeasure {
        guard !text.isEmpty else { return .zero }
        return withLayout(text, font: font, width: width, alignment: .left, lineSpacing: lineSpacing) { layout in
            extents(of: layout)
        }
    }

    @discardableResult
    public func draw(_ text: String, font: FontSpec, color: Color, in rect: Rect, alignment: TextAlignment = .left,
                     verticallyCentered: Bool = false, lineSpacing: Double = 1.25) -> TextMeasure {
        guard !text.isEmpty else { return .zero }
        return withLayout(text, font: font, width: rect.width, alignment: alignment,
                          lineSpacing: lineSpacing) { layout in
            let measured = extents(of: layout)
            let y = verticallyCentered ? rect.y + (rect.height - measured.height) / 2 : rect.y
            cairo_new_path(cr)
            cairo_move_to(cr, rect.x, y)
            setSource(color)
            pango_cairo_show_layout(cr, layout)
            return measured
        }
    }

    private func withLayout<R>(_ text: String, font: FontSpec, width: Double, alignment: TextAlignment,
                               lineSpacing: Double, _ body: (OpaquePointer) -> R) -> R {
        pango_cairo_update_context(cr, pango)
        let layout = pango_layout_new(pango)!
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }

        let description = pango_font_description_new()!
        defer { pango_font_description_free(description) }
        pango_font_description_set_family(description, font.family)
        pango_font_description_set_absolute_size(description, font.size * Double(PANGO_SCALE))
        pango_font_description_set_weight(description, font.weight == .bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_layout_set_font_description(layout, description)

        pango_layout_set_width(layout, Int32(max(1, (width * Double(PANGO_SCALE)).rounded(.down))))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        switch alignment {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        }
        pango_layout_set_line_spacing(layout, Float(lineSpacing))
        // Plain text, never markup: slip and screen text comes from authored content.
        pango_layout_set_text(layout, text, -1)
        return body(layout)
    }

    private func extents(of layout: OpaquePointer) -> TextMeasure {
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        let scale = Double(PANGO_SCALE)
        return TextMeasure(width: Double(logical.width) / scale,
                           height: Double(logical.height) / scale,
                           lineCount: Int(pango_layout_get_line_count(layout)))
    }

    // MARK: QR codes

    /// Square, centred in `rect`, with the 4-module quiet zone the QR standard asks for. On images the
    /// module size is a whole number of pixels so scanners (and thermal print heads) see crisp edges.
    public func drawQRCode(_ payload: String, in rect: Rect, foreground: Color = .black,
                           background: Color = .white) throws {
        let code = try QRCode.modules(for: payload)
        let quiet = 4
        let total = code.size + 2 * quiet
        let side = min(rect.width, rect.height)
        var module = side / Double(total)
        if case .image = kind {
            module = module.rounded(.down)
            guard module >= 1 else {
                throw GraphicsError("QR code needs at least \(total)x\(total) px, got \(Int(side)) px")
            }
        }
        let drawn = module * Double(total)
        var originX = rect.x + (rect.width - drawn) / 2
        var originY = rect.y + (rect.height - drawn) / 2
        if case .image = kind {
            originX = originX.rounded()
            originY = originY.rounded()
        }

        cairo_save(cr)
        defer { cairo_restore(cr) }
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE)
        cairo_new_path(cr)
        cairo_rectangle(cr, originX, originY, drawn, drawn)
        setSource(background)
        cairo_fill(cr)

        // One rectangle per horizontal run of dark modules, so PDF viewers do not show hairline seams
        // between neighbouring modules.
        cairo_new_path(cr)
        for row in 0..<code.size {
            var column = 0
            while column < code.size {
                guard code.isDark[row * code.size + column] else {
                    column += 1
                    continue
                }
                let start = column
                while column < code.size, code.isDark[row * code.size + column] { column += 1 }
                cairo_rectangle(cr,
                                originX + Double(start + quiet) * module,
                                originY + Double(row + quiet) * module,
                                Double(column - start) * module,
                                module)
            }
        }
        setSource(foreground)
        cairo_fill(cr)
    }

    // MARK: Output

    public func pngData() throws -> Data {
        guard case .image = kind else {
            throw GraphicsError("pngData() needs an image canvas; this is a PDF canvas")
        }
        try checkStatus("drawing")
        cairo_surface_flush(surface)
        let sink = ByteSink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(surface, appendToSink, Unmanaged.passUnretained(sink).toOpaque())
        }
        guard status == CAIRO_STATUS_SUCCESS else {
            throw GraphicsError("writing PNG: \(statusText(status))")
        }
        return sink.data
    }

    public func writePNG(to path: String) throws {
        let data = try pngData()
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw GraphicsError("writing \(path): \(error.localizedDescription)")
        }
    }

    /// Finishes the PDF surface (no drawing afterwards) and returns the document; later calls return
    /// the same bytes.
    public func pdfData() throws -> Data {
        guard case .pdf(let sink) = kind else {
            throw GraphicsError("pdfData() needs a PDF canvas; this is an image canvas")
        }
        if let finishedPDF { return finishedPDF }
        try checkStatus("drawing")
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw GraphicsError("finishing PDF: \(statusText(status))")
        }
        finishedPDF = sink.data
        return sink.data
    }

    /// Display backends copy from here: premultiplied ARGB32, native endian; `stride` in bytes.
    /// PDF canvases have no pixels: the buffer is empty and the stride 0.
    public func withPixels<R>(_ body: (UnsafeRawBufferPointer, _ stride: Int) throws -> R) rethrows -> R {
        guard case .image = kind, let base = cairo_image_surface_get_data(surface) else {
            return try body(UnsafeRawBufferPointer(start: nil, count: 0), 0)
        }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let rows = Int(cairo_image_surface_get_height(surface))
        return try body(UnsafeRawBufferPointer(start: base, count: stride * rows), stride)
    }

    /// Lets a caller write pixels directly (reading a framebuffer back into an image); same layout as
    /// `withPixels`. Cairo is told the surface changed afterwards.
    public func withMutablePixels<R>(_ body: (UnsafeMutableRawBufferPointer, _ stride: Int) throws -> R) rethrows -> R {
        guard case .image = kind, let base = cairo_image_surface_get_data(surface) else {
            return try body(UnsafeMutableRawBufferPointer(start: nil, count: 0), 0)
        }
        cairo_surface_flush(surface)
        defer { cairo_surface_mark_dirty(surface) }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let rows = Int(cairo_image_surface_get_height(surface))
        return try body(UnsafeMutableRawBufferPointer(start: base, count: stride * rows), stride)
    }

    // MARK: Helpers

    private func setSource(_ color: Color) {
        cairo_set_source_rgba(cr, color.red, color.green, color.blue, color.alpha)
    }

    private func path(_ rect: Rect, cornerRadius: Double) {
        cairo_new_path(cr)
        let radius = min(cornerRadius, rect.width / 2, rect.height / 2)
        guard radius > 0 else {
            cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
            return
        }
        let halfPi = Double.pi / 2
        cairo_new_sub_path(cr)
        cairo_arc(cr, rect.maxX - radius, rect.y + radius, radius, -halfPi, 0)
        cairo_arc(cr, rect.maxX - radius, rect.maxY - radius, radius, 0, halfPi)
        cairo_arc(cr, rect.x + radius, rect.maxY - radius, radius, halfPi, 2 * halfPi)
        cairo_arc(cr, rect.x + radius, rect.y + radius, radius, 2 * halfPi, 3 * halfPi)
        cairo_close_path(cr)
    }

    private func checkStatus(_ what: String) throws {
        let status = cairo_status(cr)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw GraphicsError("\(what): \(statusText(status))")
        }
    }
}
