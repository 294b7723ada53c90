import KioskTestSupport
import Foundation
import KioskContent
import KioskCore
import Testing

@Suite struct ContentLoaderTests {
    @Test func theShippedContentLoadsAndPassesTheChecker() throws {
        let content = try ContentLoader.load(directory: Paths.content)
        let wages = try #require(content.flow("unpaid-wages"))
        #expect(wages.title == "工资被拖欠怎么办")
        let questions = wages.nodes.filter { !$0.isOutcome }
        let outcomes = wages.nodes.compactMap { node -> Outcome? in
            if case .outcome(let outcome) = node.kind { outcome } else { nil }
        }
        #expect(questions.count >= 3)
        #expect(Set(outcomes.map(\.title)).count >= 2)
        #expect(outcomes.allSatisfy { !$0.citations.isEmpty && !$0.places.isEmpty })
        #expect(outcomes.contains { $0.citations.contains { $0.law.contains("劳动争议调解仲裁法") && $0.article == "第二十七条" } })
    }

    @Test func foldedChineseProseHasNoStraySpaces() throws {
        let content = try ContentLoader.load(directory: Paths.content)
        for flow in content.flows {
            for node in flow.nodes {
                guard case .outcome(let outcome) = node.kind else { continue }
                #expect(!outcome.guidance.contains("。 "), "\(node.id)")
                #expect(!outcome.guidance.contains("\n"), "\(node.id)")
            }
        }
    }

    @Test func aYAMLSyntaxErrorNamesFileLineAndColumn() throws {
        let folder = try Paths.copyOfContent()
        let file = folder.appendingPathComponent("flows/unpaid-wages.yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "start: q-sector", with: "start: [q-sector")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let errors = try #require(throws: AuthoringErrors.self) { try ContentLoader.load(directory: folder.path) }
        let first = try #require(errors.errors.first)
        #expect(first.location.file == file.path)
        #expect(first.location.line > 1)
        #expect(first.description.contains("not valid YAML"))
    }

    @Test func aMissingReferenceNamesTheNodeAndItsLine() throws {
        let folder = try Paths.copyOfContent()
        let file = folder.appendingPathComponent("flows/unpaid-wages.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "next: o-time-limit", with: "next: o-nowhere")
            .write(to: file, atomically: true, encoding: .utf8)
        let errors = try #require(throws: AuthoringErrors.self) { try ContentLoader.load(directory: folder.path) }
        let lines = text.components(separatedBy: "\n")
        let nodeLine = try #require(lines.firstIndex { $0.hasPrefix("  q-since-left:") }) + 1
        let reference = try #require(errors.errors.first { $0.message.contains("o-nowhere") })
        #expect(reference.location.line == nodeLine + 1)
        #expect(reference.field == "nodes.q-since-left.options.over-year.next")
        // The outcome nobody leads to any more is reported too.
        #expect(errors.errors.contains { $0.field == "nodes.o-time-limit" && $0.message.contains("unreachable") })
    }

    @Test func anUnknownKeyIsRejectedWhereItStands() throws {
        let folder = try Paths.copyOfContent()
        let file = folder.appendingPathComponent("directory.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try (text + "extra-place:\n  name: 某地\n  phnoe: \"12348\"\n").write(to: file, atomically: true, encoding: .utf8)
        let errors = try #require(throws: AuthoringErrors.self) { try ContentLoader.load(directory: folder.path) }
        let error = try #require(errors.errors.first)
        #expect(error.field == "extra-place.phnoe")
        // The file ends with a newline, so the added "phnoe" line is the third after its last line.
        #expect(error.location.line == text.components(separatedBy: "\n").count + 2)
    }
}

@Suite struct ConfigLoaderTests {
    @Test func theShippedConfigLoads() throws {
        let config = try ConfigLoader.load(path: Paths.kioskConfig)
        #expect(!config.kioskID.isEmpty)
        #expect(config.printer.paper == "80mm")
        #expect(config.content.source.hasSuffix("kiosk-config/content"))
    }

    @Test func localOverridesApplyOverTheContentsSettings() throws {
        let config = try ConfigLoader.parse("""
            kiosk: {id: k-1}
            hotline: "12348"
            local:
              service_room: 东街社区公共法律服务室
              legal_aid_income_threshold: 2500
              service_station: 3
              mayor: 张三
            """, file: "kiosk.yaml", baseDirectory: "/etc/kioskd")
        #expect(config.local["legal_aid_income_threshold"] == .number(2500))
        let content = try ContentLoader.load(directory: Paths.content)
        let (settings, problems) = config.settings(for: content)
        #expect(settings["service_room"] == .text("东街社区公共法律服务室"))
        #expect(settings["legal_aid_income_threshold"] == .number(2500))
        #expect(settings["service_station"] == content.settings["service_station"], "a number where text belongs is refused")
        #expect(settings["hotline"] == .text("12348"))
        #expect(problems.count == 2)
        #expect(problems.contains { $0.hasPrefix("local.mayor:") })
        #expect(problems.contains { $0.hasPrefix("local.service_station:") })
    }

    @Test func aLocalSettingNeedsAPlainName() throws {
        let error = try #require(throws: AuthoringError.self) {
            try ConfigLoader.parse("kiosk: {id: k-1}\nlocal:\n  service-room: x\n", file: "kiosk.yaml", baseDirectory: "/")
        }
        #expect(error.location.line == 3)
    }

    @Test func relativePathsAreResolvedAgainstTheConfigFolder() throws {
        let config = try ConfigLoader.parse("""
            kiosk: {id: k-1}
            state_dir: state
            content: {bundle: b.sqlite}
            center: {url: "http://127.0.0.1:9", credential_file: secret}
            """, file: "kiosk.yaml", baseDirectory: "/etc/kioskd")
        #expect(config.stateDirectory == "/etc/kioskd/state")
        #expect(config.bundlePath == "/etc/kioskd/b.sqlite")
        #expect(config.center.credentialFile == "/etc/kioskd/secret")
        #expect(config.center.publicURL == "http://127.0.0.1:9")
    }

    @Test(arguments: [
        ("kiosk: {id: k}\ndisplay:\n  width: wide\n", 3, "display.width", "whole number"),
        ("kiosk: {id: k}\nprinter:\n  paper: 100mm\n", 3, "printer.paper", "58mm, 80mm or a4"),
        ("kiosk: {id: k}\ncenter:\n  url: ftp://x\n", 3, "center.url", "http"),
        ("kiosk: {id: k}\ndisplya: {}\n", 2, "displya", "unknown key"),
        ("display: {}\n", 1, "kiosk", "required"),
        ("kiosk: {id: 'k 1'}\n", 1, "kiosk.id", "letters, digits"),
        ("kiosk: {id: \(String(repeating: "k", count: 65))}\n", 1, "kiosk.id", "1 to 64 characters"),
        ("kiosk: {id: k}\ninput: {rotate: 45}\n", 2, "input.rotate", "0, 90, 180 or 270"),
    ])
    func badConfigNamesFileLineAndField(text: String, line: Int, field: String, message: String) throws {
        let error = try #require(throws: AuthoringError.self) {
            try ConfigLoader.parse(text, file: "/etc/kioskd/kiosk.yaml", baseDirectory: "/etc/kioskd")
        }
        #expect(error.location.file == "/etc/kioskd/kiosk.yaml")
        #expect(error.location.line == line)
        #expect(error.field == field)
        #expect(error.description.contains(message))
    }
}
