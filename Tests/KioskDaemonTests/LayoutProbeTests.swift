import Foundation
import KioskContent
import KioskCore
import KioskDaemon
import KioskTestSupport
import Testing

/// The checker with the real renderers: text that will not fit is reported per node, in the theme where it fails.
@Suite struct LayoutProbeTests {
    @Test func anAnswerTooLongForItsButtonIsAnErrorAtItsNode() throws {
        let folder = try Paths.copyOfContent()
        let file = folder.appendingPathComponent("flows/unpaid-wages.yaml")
        let long = String(repeating: "工厂、饭店、商店、公司、学校、医院、农场、物流、快递、保洁、保安等单位", count: 3)
        let text = try String(contentsOf: file, encoding: .utf8)
            .replacingOccurrences(of: "label: 工厂、饭店、商店、公司等单位", with: "label: \(long)")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let probe = try RenderedLayoutProbe()
        let errors = try #require(throws: AuthoringErrors.self) {
            try ContentLoader.load(directory: folder.path, layout: probe)
        }.errors
        let error = try #require(errors.first { $0.field == "nodes.q-sector" })
        #expect(error.description.contains("does not fit the screen"))
        #expect(error.location.line == 13, "the line of the node's first key")
        #expect(!error.isWarning)
        // Without laying text out, the same content passes: the probe found it.
        #expect(throws: Never.self) { try ContentLoader.load(directory: folder.path) }
    }

    @Test func anOverlongSlipIsReported() throws {
        let content = try ContentLoader.load(directory: Paths.content)
        let probe = try RenderedLayoutProbe(themes: [.standard], longestSlipMillimetres: 100)
        let problems = ContentChecker.check(content, layout: probe).filter { $0.message.contains("does not fit the slip") }
        #expect(!problems.isEmpty)
        #expect(problems.allSatisfy { $0.message.contains("mm long") && !$0.isWarning })
    }

    @Test func theShippedContentFitsInEveryThemeExceptLongTextThatTheSlipKeeps() throws {
        var warnings: [AuthoringError] = []
        _ = try ContentLoader.load(directory: Paths.content, layout: try RenderedLayoutProbe()) { warnings.append($0) }
        #expect(warnings.allSatisfy { $0.message.contains("the slip and QR page keep it") })
    }
}
