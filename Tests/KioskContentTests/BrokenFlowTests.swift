import Foundation
import KioskContent
import KioskCore
import KioskTestSupport
import Testing

/// One broken script per kind of checker error (Tests/KioskContentTests/BrokenFlows). Each file says what it
/// breaks in `# expect: MESSAGE`, and marks the line the error must point at with `# ← expected` (and, where
/// the column matters, `# ← expected column N`). Each is checked beside the shipped content, which is sound.
@Suite struct BrokenFlowTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("BrokenFlows")
    static let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()

    @Test func everyKindOfErrorHasABrokenScript() {
        #expect(Self.files.count >= 20)
    }

    @Test(arguments: files)
    func theCheckerNamesFileLineAndProblem(_ name: String) throws {
        let source = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        let lines = source.components(separatedBy: "\n")
        let expectedMessage = try #require(lines.first { $0.hasPrefix("# expect: ") }).dropFirst("# expect: ".count)
        let markedLine = try #require(lines.firstIndex { $0.contains("# ← expected") }) + 1
        let markedColumn = lines[markedLine - 1].components(separatedBy: "# ← expected column ").dropFirst().first
            .flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }

        let content = try Paths.copyOfContent()
        try source.write(to: content.appendingPathComponent("flows/\(name)"), atomically: true, encoding: .utf8)
        let errors = try #require(throws: AuthoringErrors.self) { try ContentLoader.load(directory: content.path) }.errors
        let mine = errors.filter { $0.location.file.hasSuffix("/flows/\(name)") }
        let match = mine.first { $0.description.contains(expectedMessage) }
        #expect(match != nil, "\(name): expected '\(expectedMessage)'; got:\n\(errors.map(\.description).joined(separator: "\n"))")
        guard let match else { return }
        #expect(match.location.line == markedLine, "\(name): \(match)")
        if let markedColumn { #expect(match.location.column == markedColumn, "\(name): \(match)") }
        // Nothing else in the shipped content is blamed.
        #expect(errors.allSatisfy { $0.location.file.hasSuffix("/flows/\(name)") }, "\(name): \(errors)")
    }
}
