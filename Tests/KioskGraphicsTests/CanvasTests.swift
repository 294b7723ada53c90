import KioskTestSupport
import Foundation
import Testing
@testable import KioskGraphics

/// Runs a command-line tool, or returns nil when it is not installed.
func runTool(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String)? {
    let candidates = ["/usr/bin/\(name)", "/usr/local/bin/\(name)", "/bin/\(name)"]
    guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        return nil
    }
    let result = try run(path, arguments)
    return (result.status, result.stdout)
}

func temporaryDirectory(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("kiosk-graphics-tests-\(ProcessInfo.processInfo.processIdentifier)")
        .appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Reads pixel (x, y) as (a, r, g, b) from a premultiplied native-endian ARGB32 buffer.
func pixel(_ buffer: UnsafeRawBufferPointer, stride: Int, x: Int, y: Int) -> (a: UInt8, r: UInt8, g: UInt8, b: UInt8) {
    let value = buffer.load(fromByteOffset: y * stride + x * 4, as: UInt32.self)
    return (UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
}

let chineseParagraph = "用人单位拖欠劳动报酬的，劳动者可以向当地劳动人事争议调解仲裁委员会申请仲裁，也可以先向人民调解委员会申请调解。"

@Suite struct GeometryTests {
    @Test func hexColor() {
        let color = Color(hex: 0x3366CC)
        #expect(abs(color.red - 0.2) < 1e-9)
        #expect(abs(color.green - 0.4) < 1e-9)
        #expect(abs(color.blue - 0.8) < 1e-9)
        #expect(color.alpha == 1)
        #expect(Color(hex: 0) == .black)
        #expect(Color(hex: 0xFFFFFF) == .white)
    }

    @Test func rectContainsIsHalfOpen() {
        let rect = Rect(x: 10, y: 20, width: 100, height: 50)
        #expect(rect.maxX == 110 && rect.maxY == 70)
        #expect(rect.contains(x: 10, y: 20))
        #expect(rect.contains(x: 109.9, y: 69.9))
        #expect(!rect.contains(x: 110, y: 30))
        #expect(!rect.contains(x: 50, y: 70))
        #expect(rect.insetBy(dx: 5, dy: 10) == Rect(x: 15, y: 30, width: 90, height: 30))
        #expect(rect.insetBy(dx: 80, dy: 0).width == 0)
    }
}

@Suite struct CanvasTests {
    @Test func chineseTextWrapsAndStaysInsideItsRect() throws {
        let canvas = try Canvas.image(width: 400, height: 400)
        canvas.clear(.white)
        let font = FontSpec(size: 24)
        let oneLine = canvas.measure("劳动争议", font: font, width: 1000)
        #expect(oneLine.lineCount == 1)
        #expect(oneLine.width > 4 * 20 && oneLine.width < 4 * 28)

        let narrow = canvas.measure(chineseParagraph, font: font, width: 300)
        #expect(narrow.lineCount > 1)
        #expect(narrow.width <= 300)
        let wide = canvas.measure(chineseParagraph, font: font, width: 3000)
        #expect(wide.lineCount == 1)
        #expect(narrow.height > wide.height)

        let rect = Rect(x: 50, y: 40, width: 300, height: narrow.height)
        let drawn = canvas.draw(chineseParagraph, font: font, color: .black, in: rect)
        #expect(drawn == narrow)

        canvas.withPixels { buffer, stride in
            #expect(stride >= 400 * 4)
            var inkInside = 0
            var inkOutside = 0
            for y in 0..<400 {
                for x in 0..<400 {
                    let p = pixel(buffer, stride: stride, x: x, y: y)
                    let isWhite = p.a == 255 && p.r == 255 && p.g == 255 && p.b == 255
                    if isWhite { continue }
                    if rect.contains(x: Double(x) + 0.5, y: Double(y) + 0.5) { inkInside += 1 } else { inkOutside += 1 }
                }
            }
            #expect(inkInside > 1000)
            #expect(inkOutside == 0)
        }
    }

    @Test func boldIsWiderOrEqualAndAlignmentMovesText() throws {
        let canvas = try Canvas.image(width: 300, height: 60)
        canvas.clear(.white)
        let regular = canvas.measure("仲裁时效", font: FontSpec(size: 20), width: 300)
        let bold = canvas.measure("仲裁时效", font: FontSpec(size: 20, weight: .bold), width: 300)
        #expect(bold.width >= regular.width)
        canvas.draw("仲裁", font: FontSpec(size: 20), color: .black, in: Rect(x: 0, y: 0, width: 300, height: 60),
                    alignment: .right, verticallyCentered: true)
        canvas.withPixels { buffer, stride in
            var minX = 300, minY = 60, maxY = 0
            for y in 0..<60 {
                for x in 0..<300 where pixel(buffer, stride: stride, x: x, y: y).r < 128 {
                    minX = min(minX, x); minY = min(minY, y); maxY = max(maxY, y)
                }
            }
            #expect(minX > 200)
            #expect(minY > 10 && maxY < 50)
        }
    }

    @Test func emptyTextMeasuresZero() throws {
        let canvas = try Canvas.image(width: 10, height: 10)
        #expect(canvas.measure("", font: FontSpec(size: 12), width: 100) == .zero)
    }

    @Test func shapesPaintWhereAsked() throws {
        let canvas = try Canvas.image(width: 100, height: 100)
        canvas.clear(Color(hex: 0x00FF00))
        canvas.fill(Rect(x: 10, y: 10, width: 30, height: 30), Color(hex: 0xFF0000), cornerRadius: 4)
        canvas.stroke(Rect(x: 50, y: 50, width: 40, height: 40), .black, lineWidth: 2)
        canvas.line(fromX: 0, fromY: 95, toX: 100, toY: 95, color: .white, width: 2)
        canvas.withPixels { buffer, stride in
            #expect(pixel(buffer, stride: stride, x: 25, y: 25) == (255, 255, 0, 0))
            #expect(pixel(buffer, stride: stride, x: 5, y: 5) == (255, 0, 255, 0))
            #expect(pixel(buffer, stride: stride, x: 10, y: 10).r < 255) // rounded corner
            #expect(pixel(buffer, stride: stride, x: 50, y: 70) == (255, 0, 0, 0))
            #expect(pixel(buffer, stride: stride, x: 89, y: 70) == (255, 0, 0, 0))
            #expect(pixel(buffer, stride: stride, x: 70, y: 70) == (255, 0, 255, 0))
            #expect(pixel(buffer, stride: stride, x: 30, y: 95) == (255, 255, 255, 255))
        }
    }

    @Test func qrCodeDecodesWithZbar() throws {
        let payload = "https://legal.example.cn/g/unpaid-wages/arbitration?v=2025.06.1"
        let canvas = try Canvas.image(width: 300, height: 320)
        canvas.clear(Color(hex: 0xDDDDDD))
        try canvas.drawQRCode(payload, in: Rect(x: 10, y: 20, width: 280, height: 290))
        let file = try temporaryDirectory("qr").appendingPathComponent("qr.png")
        try canvas.writePNG(to: file.path)
        let png = try Data(contentsOf: file)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let result = try #require(try runTool("zbarimg", ["--raw", "-q", file.path]), "zbarimg not installed")
        #expect(result.status == 0)
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == payload)
    }

    @Test func qrModulesAreCrispOnImages() throws {
        let payload = "https://legal.example.cn/g/x"
        let code = try QRCode.modules(for: payload)
        #expect(code.size >= 21 && (code.size - 17) % 4 == 0)
        #expect(code.isDark.count == code.size * code.size)
        #expect(code.isDark[0]) // finder pattern corner
        let canvas = try Canvas.image(width: 200, height: 200)
        canvas.clear(.white)
        try canvas.drawQRCode(payload, in: Rect(x: 0, y: 0, width: 200, height: 200))
        canvas.withPixels { buffer, stride in
            for y in 0..<200 {
                for x in 0..<200 {
                    let p = pixel(buffer, stride: stride, x: x, y: y)
                    #expect(p.r == 0 || p.r == 255, "antialiased pixel at \(x),\(y)")
                    if p.r != 0 && p.r != 255 { return }
                }
            }
        }
    }

    @Test func qrCodeTooSmallOrTooLongThrows() throws {
        let canvas = try Canvas.image(width: 20, height: 20)
        #expect(throws: GraphicsError.self) {
            try canvas.drawQRCode("https://legal.example.cn/g/x", in: Rect(x: 0, y: 0, width: 20, height: 20))
        }
        #expect(throws: GraphicsError.self) { try QRCode.modules(for: String(repeating: "x", count: 5000)) }
        #expect(throws: GraphicsError.self) { try QRCode.modules(for: "") }
    }

    @Test func badSizesThrow() {
        #expect(throws: GraphicsError.self) { try Canvas.image(width: 0, height: 10) }
        #expect(throws: GraphicsError.self) { try Canvas.pdf(widthPoints: -1, heightPoints: 10) }
    }

    @Test func pdfEmbedsACJKFontAndMeasuresLikeTheImage() throws {
        let canvas = try Canvas.pdf(widthPoints: 226.8, heightPoints: 300)
        canvas.clear(.white)
        let font = FontSpec(size: 10)
        let measured = canvas.measure(chineseParagraph, font: font, width: 200)
        #expect(measured.lineCount > 1)
        let drawn = canvas.draw(chineseParagraph, font: font, color: .black, in: Rect(x: 13, y: 13, width: 200, height: 200))
        #expect(drawn == measured)
        try canvas.drawQRCode("https://legal.example.cn/", in: Rect(x: 13, y: 150, width: 100, height: 100))
        let image = try Canvas.image(width: 10, height: 10)
        #expect(image.measure(chineseParagraph, font: font, width: 200) == measured)

        #expect(canvas.pngDataThrows)
        let pdf = try canvas.pdfData()
        #expect(pdf.starts(with: Array("%PDF".utf8)))
        #expect(try canvas.pdfData() == pdf)
        #expect(canvas.withPixels { buffer, stride in buffer.count == 0 && stride == 0 })

        let file = try temporaryDirectory("pdf").appendingPathComponent("text.pdf")
        try pdf.write(to: file)
        let fonts = try #require(try runTool("pdffonts", [file.path]), "pdffonts not installed")
        #expect(fonts.status == 0)
        let rows = fonts.output.split(separator: "\n").dropFirst(2)
        let cjk = rows.filter { $0.contains("WenQuanYi") || $0.contains("WenQuanYiMicroHei") || $0.contains("CJK") }
        #expect(!cjk.isEmpty, "no CJK font in:\n\(fonts.output)")
        // pdffonts' "emb" column: every CJK font row says yes.
        #expect(cjk.allSatisfy { $0.split(separator: " ", omittingEmptySubsequences: true).contains("yes") })
    }
}

extension Canvas {
    fileprivate var pngDataThrows: Bool {
        (try? pngData()) == nil
    }
}
