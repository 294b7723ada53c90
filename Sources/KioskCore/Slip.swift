import Foundation

/// What goes on the printed guidance slip, in reading order. Built from the path and content only:
/// nothing a resident typed, nothing that identifies them.
public struct SlipModel: Hashable, Sendable, Codable {
    public var flowID: String
    public var outcomeID: String
    public var heading: String
    public var flowTitle: String
    public var title: String
    /// The resident's situation in one line, from the authored summaries of the answers chosen.
    public var situation: String
    public var guidance: String
    public var materials: [String]
    public var places: [DirectoryEntry]
    public var deadlines: [String]
    public var citations: [Citation]
    public var hotline: String
    public var qrURL: String
    public var kioskID: String
    public var contentVersion: String
    /// The visit's day, as yyyy-MM-dd in the kiosk's local time zone.
    public var date: String
    public var labels: SlipLabels

    public init(flowID: String, outcomeID: String, heading: String, flowTitle: String, title: String,
                situation: String, guidance: String, materials: [String], places: [DirectoryEntry],
                deadlines: [String], citations: [Citation], hotline: String, qrURL: String, kioskID: String,
                contentVersion: String, date: String, labels: SlipLabels) {
        self.flowID = flowID
        self.outcomeID = outcomeID
        self.heading = heading
        self.flowTitle = flowTitle
        self.title = title
        self.situation = situation
        self.guidance = guidance
        self.materials = materials
        self.places = places
        self.deadlines = deadlines
        self.citations = citations
        self.hotline = hotline
        self.qrURL = qrURL
        self.kioskID = kioskID
        self.contentVersion = contentVersion
        self.date = date
        self.labels = labels
    }
}

extension SlipModel {
    /// An outcome's slip without a walk to it, for layout checks and previews: no situation line, a fixed
    /// kiosk id and date.
    public static func preview(flow: Flow, outcomeID: String, content: ContentSet, publicBaseURL: String,
                               settings: LocalSettings? = nil) -> SlipModel? {
        SlipBuilder.slip(flow: flow, outcomeID: outcomeID, situation: "", content: content,
                         settings: settings ?? LocalSettings(content.settings),
                         context: SlipContext(kioskID: "preview", publicBaseURL: publicBaseURL,
                                              date: Date(timeIntervalSince1970: 1_798_761_600),
                                              timeZone: TimeZone(identifier: "Asia/Shanghai")!))
    }
}

/// Section headings and field labels of the slip, resolved from the string table.
public struct SlipLabels: Hashable, Sendable, Codable {
    public var situation: String
    public var guidance: String
    public var materials: String
    public var whereToGo: String
    public var deadlines: String
    public var law: String
    public var hotline: String
    public var footer: String
    public var sample: String
    public var phone: String
    public var hours: String
    public var address: String

    public init(strings: StringTable) {
        situation = strings.text(.slipSituation)
        guidance = strings.text(.slipGuidance)
        materials = strings.text(.slipMaterials)
        whereToGo = strings.text(.slipWhereToGo)
        deadlines = strings.text(.slipDeadlines)
        law = strings.text(.slipLaw)
        hotline = strings.text(.slipHotline)
        footer = strings.text(.slipFooter)
        sample = strings.text(.sampleEntry)
        phone = strings.text(.phone)
        hours = strings.text(.hours)
        address = strings.text(.address)
    }
}

/// Facts about the kiosk that a slip carries besides the content.
public struct SlipContext: Sendable {
    public var kioskID: String
    public var publicBaseURL: String
    public var hotline: String
    public var date: Date
    public var timeZone: TimeZone

    public init(kioskID: String, publicBaseURL: String, hotline: String = "12348", date: Date = Date(),
                timeZone: TimeZone = .current) {
        self.kioskID = kioskID
        self.publicBaseURL = publicBaseURL
        self.hotline = hotline
        self.date = date
        self.timeZone = timeZone
    }
}

public enum SlipBuilder {
    /// The public guidance page for an outcome at a content version: what the slip's QR code opens.
    public static func publicURL(base: String, flowID: String, outcomeID: String, contentVersion: String) -> String {
        var trimmed = base
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        let version = contentVersion.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? contentVersion
        return "\(trimmed)/g/\(flowID)/\(outcomeID)?v=\(version)"
    }

    /// The slip for the interview's current outcome, or nil when it has not reached one.
    public static func slip(for interview: Interview, content: ContentSet, context: SlipContext) -> SlipModel? {
        guard interview.isAtOutcome else { return nil }
        return slip(flow: interview.flow, outcomeID: interview.currentNodeID, situation: situation(of: interview),
                    content: content, settings: interview.settings, context: context)
    }

    /// The resident's situation in one line, from the authored summaries of the answers on the current path. A
    /// typed number never appears: it is the resident's own data.
    public static func situation(of interview: Interview) -> String {
        interview.trail.compactMap { step -> String? in
            let parts = step.options.map { $0.summary ?? $0.label }
            return parts.isEmpty ? nil : parts.joined(separator: "、")
        }
        .map(interview.settings.fill)
        .joined(separator: "；")
    }

    public static func slip(flow: Flow, outcomeID: String, situation: String, content: ContentSet,
                            settings: LocalSettings, context: SlipContext) -> SlipModel? {
        guard let node = flow.node(outcomeID), case .outcome(let outcome) = node.kind else { return nil }
        let strings = content.strings
        let fill = settings.fill
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = context.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: context.date)
        let date = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        return SlipModel(
            flowID: flow.id,
            outcomeID: outcomeID,
            heading: strings.text(.slipHeading),
            flowTitle: flow.title,
            title: fill(outcome.title),
            situation: situation,
            guidance: fill(outcome.guidance),
            materials: outcome.materials.map(fill),
            places: outcome.places.compactMap { content.place($0) },
            deadlines: outcome.deadlines.map(fill),
            citations: outcome.citations,
            hotline: context.hotline,
            qrURL: publicURL(base: context.publicBaseURL, flowID: flow.id, outcomeID: outcomeID,
                             contentVersion: content.version),
            kioskID: context.kioskID,
            contentVersion: content.version,
            date: date,
            labels: SlipLabels(strings: strings))
    }

    /// The slip as plain text, for `kioskctl walk` and for reviewing golden files.
    public static func text(of slip: SlipModel) -> String {
        var lines = ["【\(slip.heading)】", slip.flowTitle, slip.title, ""]
        if !slip.situation.isEmpty { lines += ["\(slip.labels.situation)：\(slip.situation)", ""] }
        lines += ["\(slip.labels.guidance)：", slip.guidance, ""]
        if !slip.materials.isEmpty {
            lines.append("\(slip.labels.materials)：")
            lines += slip.materials.map { "□ \($0)" }
            lines.append("")
        }
        if !slip.places.isEmpty {
            lines.append("\(slip.labels.whereToGo)：")
            for place in slip.places {
                lines.append("· \(place.name)\(place.isSample ? "（\(slip.labels.sample)）" : "")")
                if let address = place.address { lines.append("  \(slip.labels.address)：\(address)") }
                if let hours = place.hours { lines.append("  \(slip.labels.hours)：\(hours)") }
                if let phone = place.phone { lines.append("  \(slip.labels.phone)：\(phone)") }
            }
            lines.append("")
        }
        if !slip.deadlines.isEmpty {
            lines.append("\(slip.labels.deadlines)：")
            lines += slip.deadlines.map { "! \($0)" }
            lines.append("")
        }
        lines.append("\(slip.labels.law)：")
        for citation in slip.citations {
            lines.append("《\(citation.law)》\(citation.article)")
            if let excerpt = citation.excerpt { lines.append("  \(excerpt)") }
        }
        lines += ["", "\(slip.labels.hotline)：\(slip.hotline)", slip.qrURL,
                  "\(slip.labels.footer) \(slip.kioskID) · \(slip.contentVersion) · \(slip.date)"]
        return lines.joined(separator: "\n")
    }
}
