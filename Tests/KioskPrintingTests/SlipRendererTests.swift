import KioskTestSupport
import Foundation
import KioskCore
import Testing
@testable import KioskPrinting

/// pdfinfo's "Page size: W x H pts" for page `page` (pdfinfo reports every page with -f/-l).
func pdfPageSizes(_ file: String) throws -> [(width: Double, height: Double)] {
    let info = try run("pdfinfo", ["-f", "1", "-l", "999", file])
    #expect(info.status == 0, "pdfinfo: \(info.stderr)")
    return info.stdout.split(separator: "\n").compactMap { line -> (Double, Double)? in
        guard line.hasPrefix("Page"), line.contains("size:") else { return nil }
        let fields = line.split(separator: ":", maxSplits: 1)[1].split(separator: " ")
        guard fields.count >= 3, let width = Double(fields[0]), let height = Double(fields[2]) else { return nil }
        return (width, height)
    }
}

func pngSize(_ data: Data) -> (width: Int, height: Int) {
    let bytes = [UInt8](data.prefix(24))
    func be32(_ offset: Int) -> Int { bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (be32(16), be32(20))
}

let pointsPerMillimetre = 72 / 25.4

@Suite struct SlipRendererTests {
    let slip = Fixtures.unpaidWages

    @Test(arguments: [SlipPaper.roll80, .roll58])
    func rollPDFIsOnePageOfPaperWidthAndSlipLength(paper: SlipPaper) throws {
        let pdf = try SlipRenderer.pdf(slip, paper: paper)
        #expect(pdf.starts(with: Array("%PDF".utf8)))
        let file = try sampleOutputDirectory().appendingPathComponent("slip-\(paper.rawValue).pdf")
        try pdf.write(to: file)

        let pages = try pdfPageSizes(file.path)
        #expect(pages.count == 1)
        let page = try #require(pages.first)
        #expect(abs(page.width / pointsPerMillimetre - paper.widthMillimetres) <= 1)
        let length = try SlipRenderer.rollLengthMillimetres(slip, paper: paper)
        #expect(abs(page.height / pointsPerMillimetre - length) < 0.5)
        #expect(length > 150 && length < 1000)

        let fonts = try run("pdffonts", [file.path])
        #expect(fonts.stdout.contains("WenQuanYi") || fonts.stdout.contains("CJK"), "\(fonts.stdout)")

        // Lines wrap anywhere in Chinese text, so compare without the line breaks.
        let text = try run("pdftotext", [file.path, "-"]).stdout.filter { !$0.isWhitespace }
        for expected in ["申请劳动仲裁", "第二十七条", "12348", "□", "区劳动人事争议仲裁院（示例）", "BJ-CY-0042·2025.06.1·2025-06-18"] {
            #expect(text.contains(expected), "missing \(expected) in:\n\(text)")
        }
    }

    @Test func narrowerRollIsLonger() throws {
        let wide = try SlipRenderer.rollLengthMillimetres(slip, paper: .roll80)
        let narrow = try SlipRenderer.rollLengthMillimetres(slip, paper: .roll58)
        #expect(narrow > wide)
    }

    @Test func pngHasTheSameLayoutAsThePDFAndItsQRCodeScans() throws {
        let png = try SlipRenderer.png(slip, paper: .roll80)
        let directory = try sampleOutputDirectory()
        let file = directory.appendingPathComponent("slip-80mm.png")
        try png.write(to: file)

        let size = pngSize(png)
        #expect(size.width == 640)
        let length = try SlipRenderer.rollLengthMillimetres(slip, paper: .roll80)
        #expect(abs(Double(size.height) / 8 - length) <= 0.25)

        let scan = try run("zbarimg", ["--raw", "-q", file.path])
        #expect(scan.status == 0, "zbarimg: \(scan.stderr)")
        #expect(scan.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == slip.qrURL)

        let small = try SlipRenderer.png(slip, paper: .roll58)
        try small.write(to: directory.appendingPathComponent("slip-58mm.png"))
        #expect(pngSize(small).width == 464)
        let smallScan = try run("zbarimg", ["--raw", "-q", directory.appendingPathComponent("slip-58mm.png").path])
        #expect(smallScan.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == slip.qrURL)
    }

    @Test func a4IsOneA4PageForAnOrdinarySlip() throws {
        let pdf = try SlipRenderer.pdf(slip, paper: .a4)
        let file = try sampleOutputDirectory().appendingPathComponent("slip-a4.pdf")
        try pdf.write(to: file)
        let pages = try pdfPageSizes(file.path)
        #expect(pages.count == 1)
        #expect(abs(try #require(pages.first).width - 595.3) < 1)
        #expect(abs(try #require(pages.first).height - 841.9) < 1)
        let png = try SlipRenderer.png(slip, paper: .a4, dotsPerMillimetre: 4)
        #expect(pngSize(png) == (840, 1188))
    }

    @Test func longA4SlipFlowsOntoMorePages() throws {
        var long = slip
        long.materials = (1...60).map { "第\($0)项材料：与本案有关的书面证据原件及复印件，请按时间顺序整理" }
        let pdf = try SlipRenderer.pdf(long, paper: .a4)
        let file = try sampleOutputDirectory().appendingPathComponent("slip-a4-long.pdf")
        try pdf.write(to: file)
        let pages = try pdfPageSizes(file.path)
        #expect(pages.count >= 2)
        #expect(pages.allSatisfy { abs($0.height - 841.9) < 1 })
        let text = try run("pdftotext", [file.path, "-"]).stdout
        #expect(text.contains("第60项材料"))
        #expect(text.contains("BJ-CY-0042"))
    }

    @Test func slipWithoutOptionalSectionsStillRenders() throws {
        var bare = slip
        bare.situation = ""
        bare.materials = []
        bare.places = []
        bare.deadlines = []
        bare.citations = [Citation(law: "中华人民共和国民法典", article: "第一千一百六十五条")]
        let length = try SlipRenderer.rollLengthMillimetres(bare, paper: .roll80)
        #expect(length < (try SlipRenderer.rollLengthMillimetres(slip, paper: .roll80)))
        let png = try SlipRenderer.png(bare, paper: .roll80)
        #expect(pngSize(png).width == 640)
    }

    @Test func mediaNames() {
        #expect(SlipPaper.roll80.mediaName(lengthMillimetres: 301.2) == "custom_80x302mm_80x302mm")
        #expect(SlipPaper.roll58.mediaName(lengthMillimetres: 200) == "custom_58x200mm_58x200mm")
        #expect(SlipPaper.a4.mediaName(lengthMillimetres: 1) == "iso_a4_210x297mm")
        #expect(SlipPaper(rawValue: "80mm") == .roll80)
    }
}
