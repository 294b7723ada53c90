import Foundation

/// `{PREFIX.NAME}` markers in authored text: `{config.NAME}` (a setting, filled in at the kiosk) and `{text.ID}`
/// (a text fragment, put in when content is read). One scanner serves both, and the checker.
public enum Placeholders {
    /// Each closed `{PREFIX.NAME}`, in order, with the range it covers. A `{PREFIX.` with no `}` after it ends
    /// the scan.
    public static func find(in text: String, prefix: String) -> [(name: String, range: Range<String.Index>)] {
        let marker = "{" + prefix + "."
        var found: [(String, Range<String.Index>)] = []
        var rest = text[...]
        while let open = rest.range(of: marker) {
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { break }
            let end = text.index(after: close)
            found.append((String(rest[open.upperBound..<close]), open.lowerBound..<end))
            rest = text[end...]
        }
        return found
    }

    /// The text with each closed `{PREFIX.NAME}` replaced by `replacement(NAME)`; nil keeps it as written. What
    /// is put in is not scanned again.
    public static func replace<Failure: Error>(in text: String, prefix: String,
                                               _ replacement: (String) throws(Failure) -> String?) throws(Failure) -> String {
        guard text.contains("{" + prefix + ".") else { return text }
        var result = ""
        var last = text.startIndex
        for (name, range) in find(in: text, prefix: prefix) {
            result += text[last..<range.lowerBound]
            result += try replacement(name) ?? String(text[range])
            last = range.upperBound
        }
        return result + text[last...]
    }

    /// Whether some `{PREFIX.` is never closed with `}`.
    public static func hasUnclosed(in text: String, prefix: String) -> Bool {
        text.components(separatedBy: "{" + prefix + ".").count - 1 > find(in: text, prefix: prefix).count
    }
}
