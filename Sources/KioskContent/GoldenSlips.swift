import Foundation
import KioskCore

/// The slip of every path through the shipped content as plain text, one file per path, kept in the repository
/// so a change to content or to the engine shows in review as a diff of what residents will take home.
/// `make golden` writes them; a test regenerates them and compares.
public enum GoldenSlips {
    /// Fixed facts, so the files change only when content or the engine does.
    public static let context = SlipContext(
        kioskID: "golden", publicBaseURL: "https://legal.example.gov.cn", hotline: "12348",
        date: Date(timeIntervalSince1970: 1_798_761_600), timeZone: TimeZone(identifier: "Asia/Shanghai")!)

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// File name (FLOW/NN-OUTCOME.txt) and text of each path's slip.
    public static func files(for paths: [FlowPath], flow: Flow, content: ContentSet) throws -> [(name: String, text: String)] {
        let settings = LocalSettings(content.settings)
        return try paths.enumerated().map { number, path in
            var interview = try Interview(flow: flow, settings: settings)
            for token in path.answers { try interview.answer(try Answer.parse(token, at: interview.currentNode)) }
            guard let slip = SlipBuilder.slip(for: interview, content: content, context: context) else {
                throw Failure(description: "\(flow.id): path \(number + 1) does not end at an outcome")
            }
            let header = "# kioskctl walk --flow \(flow.id)" + path.answers.map { " --choose \($0)" }.joined()
                + "\n# " + path.nodes.joined(separator: " → ") + "\n\n"
            return (String(format: "%@/%02d-%@.txt", flow.id, number + 1, path.outcome),
                    header + SlipBuilder.text(of: slip) + "\n")
        }
    }

    /// Writes one flow's files, replacing what was there, so a path that went away leaves no stale file.
    public static func write(_ paths: [FlowPath], flow: Flow, content: ContentSet, to folder: String) throws {
        let flowFolder = URL(fileURLWithPath: folder).appendingPathComponent(flow.id)
        try? FileManager.default.removeItem(at: flowFolder)
        try FileManager.default.createDirectory(at: flowFolder, withIntermediateDirectories: true)
        for (name, text) in try files(for: paths, flow: flow, content: content) {
            try text.write(to: URL(fileURLWithPath: folder).appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }
}
