import Foundation
import KioskContent
import KioskCore
import KioskTestSupport
import Testing

/// Every path through every shipped flow prints the slip kept in Tests/Golden/slips. A change to content or to
/// the engine that changes what a resident takes home fails here until `make golden` rewrites the files, and
/// the diff is reviewed like code.
@Suite struct GoldenSlipTests {
    static let golden = Paths.root.appendingPathComponent("Tests/Golden/slips")

    @Test func everyPathPrintsItsGoldenSlip() throws {
        let content = try ContentLoader.load(directory: Paths.content)
        var expectedNames = Set<String>()
        for flow in content.flows {
            let listing = try FlowPaths.list(flow, settings: LocalSettings(content.settings))
            #expect(listing.untakenArms.isEmpty, "\(flow.id): no path takes \(listing.untakenArms)")
            #expect(!listing.truncated)
            let outcomes = Set(flow.nodes.filter(\.isOutcome).map(\.id))
            #expect(Set(listing.paths.map(\.outcome)) == outcomes, "\(flow.id): some outcome is on no listed path")
            for (name, text) in try GoldenSlips.files(for: listing.paths, flow: flow, content: content) {
                expectedNames.insert(name)
                let file = Self.golden.appendingPathComponent(name)
                let kept = try? String(contentsOf: file, encoding: .utf8)
                #expect(kept == text, "\(name) differs from the golden file; run `make golden` and review the diff")
            }
        }
        let enumerator = FileManager.default.enumerator(atPath: Self.golden.path)
        var keptNames = Set<String>()
        while let name = enumerator?.nextObject() as? String {
            if name.hasSuffix(".txt") { keptNames.insert(name) }
        }
        #expect(keptNames == expectedNames, "stale or missing golden files; run `make golden`")
    }
}
