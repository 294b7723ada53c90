import Foundation
import KioskContent
import KioskCore
import KioskTestSupport
import Testing

/// Pieces written once in fragments/*.yaml and used by several flows.
@Suite struct FragmentTests {
    @Test func aSharedNodeIsUsedWithItsOwnNextInEachFlow() throws {
        let content = try Paths.copyOfContent()
        try """
        nodes:
          emergency-numbers:
            info: 遇到危险先打 110。需要法律帮助打 {config.hotline}。
            title: 紧急电话
            next: replaced-in-each-flow
        texts:
          calm: 别着急，一步一步来。
        """.write(to: content.appendingPathComponent("fragments/shared.yaml"), atomically: true, encoding: .utf8)
        let flowFile = content.appendingPathComponent("flows/unpaid-wages.yaml")
        let flow = try String(contentsOf: flowFile, encoding: .utf8)
            .replacingOccurrences(of: "start: q-sector", with: "start: i-first")
            .replacingOccurrences(of: "nodes:\n", with: """
            nodes:
              i-first:
                use: emergency-numbers
                next: q-sector

            """)
            .replacingOccurrences(of: "question: 您是在哪里干活被欠了工资？", with: "question: >-\n      {text.calm}\n      您是在哪里干活被欠了工资？")
        try flow.write(to: flowFile, atomically: true, encoding: .utf8)

        let loaded = try ContentLoader.load(directory: content.path)
        let wages = try #require(loaded.flow("unpaid-wages"))
        let first = try #require(wages.node("i-first"))
        guard case .info(let page) = first.kind else { Issue.record("not an info page: \(first.kind)"); return }
        #expect(page.next == "q-sector")
        #expect(page.title == "紧急电话")
        #expect(first.location?.file.hasSuffix("fragments/shared.yaml") == true, "errors in it point at the fragment")
        guard case .question(let question) = wages.node("q-sector")?.kind else { Issue.record("q-sector"); return }
        #expect(question.prompt == "别着急，一步一步来。您是在哪里干活被欠了工资？")
        var interview = try Interview(flow: wages, settings: LocalSettings(loaded.settings))
        #expect(interview.currentNodeID == "i-first")
        try interview.answer(.proceed)
        #expect(interview.currentNodeID == "q-sector")
    }
}
