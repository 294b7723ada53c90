import Foundation

/// The values a county's content leaves to each kiosk: the legal-aid income threshold, the hotline, the names
/// of the local service center, station and room. Content declares each one with the county's default
/// (content.yaml `settings:`); a kiosk's config overrides them (kiosk.yaml `local:`). Conditions read them as
/// `config.NAME`, and text shows them where it says `{config.NAME}`.
public struct LocalSettings: Hashable, Sendable {
    public private(set) var values: [String: ScriptValue]

    public init(_ values: [String: ScriptValue] = [:]) { self.values = values }

    /// The content's defaults with the kiosk's overrides on top. An override must name a declared setting and
    /// keep its type; each one that does not is returned as a problem and left out, so the default stays.
    public static func merging(defaults: [String: ScriptValue], overrides: [String: ScriptValue])
        -> (settings: LocalSettings, problems: [String]) {
        var values = defaults
        var problems: [String] = []
        for (name, value) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let declared = defaults[name] else {
                problems.append("local.\(name): the content declares no setting with this name "
                                + "(declared: \(defaults.keys.sorted().joined(separator: ", ")))")
                continue
            }
            guard declared.type == value.type else {
                problems.append("local.\(name): must be \(declared.type), as in the content, not \(value.type)")
                continue
            }
            values[name] = value
        }
        return (LocalSettings(values), problems)
    }

    public subscript(name: String) -> ScriptValue? { values[name] }

    /// Resolves a condition's reference: config values only; answers come from the interview.
    public func value(of reference: Reference) -> ScriptValue? {
        if case .config(let name) = reference { return values[name] }
        return nil
    }

    /// The text with every `{config.NAME}` replaced by the setting's value. An unknown name stays visible as
    /// written, so review spots it; the checker rejects it before a bundle is built.
    public func fill(_ text: String) -> String {
        Placeholders.replace(in: text, prefix: "config") { name in values[name].map(Self.display) }
    }

    /// How a value reads in text: whole numbers without a decimal point (2000, not 2000.0).
    public static func display(_ value: ScriptValue) -> String {
        switch value {
        case .number(let number):
            if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
            return String(number)
        case .text(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .choices(let ids): return ids.sorted().joined(separator: "、")
        }
    }
}
