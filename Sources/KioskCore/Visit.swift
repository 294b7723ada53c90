import Foundation

/// What a touch on a screen element asks for.
public enum ScreenAction: Hashable, Sendable {
    case openFlow(String)
    case choose(Int)
    case back
    case startOver
    case printSlip
    case finish
}

public enum ButtonRole: Hashable, Sendable {
    /// A large answer or flow tile.
    case choice
    /// Back / start over on the bottom bar.
    case navigation
    /// The main thing to do on this screen (print).
    case primary
}

public struct ButtonModel: Hashable, Sendable {
    public var label: String
    public var action: ScreenAction
    public var role: ButtonRole
    public var isEnabled: Bool

    public init(label: String, action: ScreenAction, role: ButtonRole, isEnabled: Bool = true) {
        self.label = label
        self.action = action
        self.role = role
        self.isEnabled = isEnabled
    }
}

public enum PrintState: Hashable, Sendable {
    case idle
    case printing
    case printed
    case failed
}

public enum ScreenKind: String, Hashable, Sendable {
    case home, question, outcome
}

/// What one screen shows, decided here and drawn by KioskScreen. Every string is already resolved from
/// content or the string table.
public struct ScreenModel: Hashable, Sendable {
    public var kind: ScreenKind
    public var title: String
    public var progress: String?
    public var prompt: String?
    public var body: [String]
    public var choices: [ButtonModel]
    public var qrURL: String?
    public var qrCaption: String?
    public var status: String?
    public var bar: [ButtonModel]

    public init(kind: ScreenKind, title: String, progress: String? = nil, prompt: String? = nil, body: [String] = [],
                choices: [ButtonModel] = [], qrURL: String? = nil, qrCaption: String? = nil, status: String? = nil,
                bar: [ButtonModel] = []) {
        self.kind = kind
        self.title = title
        self.progress = progress
        self.prompt = prompt
        self.body = body
        self.choices = choices
        self.qrURL = qrURL
        self.qrCaption = qrCaption
        self.status = status
        self.bar = bar
    }
}

/// Which visit and outcome a print job belongs to. The job may finish after the visit ended (the resident
/// tapped 完成 while it printed); the ticket lets its result still be recorded against the right visit.
public struct PrintTicket: Hashable, Sendable {
    public var visit: String
    public var flow: String
    public var outcome: String
}

/// Something the visit asks the daemon to do.
public enum VisitEffect: Hashable, Sendable {
    case record(UsageEvent)
    case print(SlipModel, PrintTicket)
}

/// One resident's visit, from the first touch on the home screen to the outcome, start over or idle
/// timeout. When it ends every answer is dropped: the only thing that outlives it is the usage events,
/// which carry ids, not answers' text.
public struct Visit: Sendable {
    public enum Phase: Sendable {
        case home
        case interview(Interview)
    }

    public let content: ContentSet
    public let kioskID: String
    public let publicBaseURL: String
    public let hotline: String
    public private(set) var phase: Phase = .home
    public private(set) var visitID: String?
    public private(set) var printState: PrintState = .idle
    private var lastStepMillis: Int64 = 0

    public init(content: ContentSet, kioskID: String, publicBaseURL: String, hotline: String) {
        self.content = content
        self.kioskID = kioskID
        self.publicBaseURL = publicBaseURL
        self.hotline = hotline
    }

    public var isActive: Bool { visitID != nil }

    public var interview: Interview? {
        if case .interview(let interview) = phase { return interview }
        return nil
    }

    /// Applies a touch. `newVisitID` is asked only when a visit starts.
    public mutating func handle(_ action: ScreenAction, nowMillis: Int64,
                                newVisitID: () -> String) -> [VisitEffect] {
        switch (phase, action) {
        case (.home, .openFlow(let flowID)):
            guard let flow = content.flow(flowID), let interview = try? Interview(flow: flow) else { return [] }
            let visit = newVisitID()
            visitID = visit
            phase = .interview(interview)
            printState = .idle
            lastStepMillis = nowMillis
            return [.record(UsageEvent(kind: .visitStart, atMillis: nowMillis, visit: visit, flow: flowID,
                                       node: interview.currentNodeID))]

        case (.interview(var interview), .choose(let index)):
            let node = interview.currentNodeID
            guard let option = try? interview.choose(index), let visit = visitID else { return [] }
            phase = .interview(interview)
            var effects: [VisitEffect] = [.record(UsageEvent(
                kind: .step, atMillis: nowMillis, visit: visit, flow: interview.flow.id, node: node,
                answer: option.id, dwellMillis: max(0, nowMillis - lastStepMillis)))]
            lastStepMillis = nowMillis
            if interview.isAtOutcome {
                effects.append(.record(UsageEvent(kind: .outcome, atMillis: nowMillis, visit: visit,
                                                  flow: interview.flow.id, outcome: interview.currentNodeID)))
            }
            return effects

        case (.interview(var interview), .back):
            guard printState != .printing, interview.back() else { return [] }
            phase = .interview(interview)
            printState = .idle
            lastStepMillis = nowMillis
            return []

        case (.interview(let interview), .startOver):
            return end(reason: interview.isAtOutcome ? .outcome : .startOver, nowMillis: nowMillis)

        case (.interview(let interview), .finish):
            guard interview.isAtOutcome else { return [] }
            return end(reason: .outcome, nowMillis: nowMillis)

        case (.interview(let interview), .printSlip):
            // One job per outcome: a second tap while printing or after success never prints twice.
            guard interview.isAtOutcome, printState == .idle || printState == .failed, let visit = visitID,
                  let slip = SlipBuilder.slip(for: interview, content: content, context: slipContext(nowMillis))
            else { return [] }
            printState = .printing
            return [.print(slip, PrintTicket(visit: visit, flow: interview.flow.id, outcome: interview.currentNodeID))]

        default:
            return []
        }
    }

    /// The daemon reports what became of a print job. The result is always recorded; the screen's print
    /// state changes only if the job's visit is still the one on screen.
    public mutating func printFinished(_ ticket: PrintTicket, succeeded: Bool, failure: String?,
                                       nowMillis: Int64) -> [VisitEffect] {
        if visitID == ticket.visit, printState == .printing { printState = succeeded ? .printed : .failed }
        return [.record(UsageEvent(kind: succeeded ? .slipPrinted : .slipFailed, atMillis: nowMillis, visit: ticket.visit,
                                   flow: ticket.flow, outcome: ticket.outcome,
                                   failure: succeeded ? nil : (failure ?? "unknown")))]
    }

    /// Nobody touched the screen for the idle timeout: end the visit and wipe it.
    public mutating func idleTimeout(nowMillis: Int64) -> [VisitEffect] {
        guard isActive else { return [] }
        return end(reason: .idleTimeout, nowMillis: nowMillis)
    }

    private mutating func end(reason: VisitEndReason, nowMillis: Int64) -> [VisitEffect] {
        let flow = interview?.flow.id
        let visit = visitID ?? ""
        phase = .home
        visitID = nil
        printState = .idle
        return [.record(UsageEvent(kind: .visitEnd, atMillis: nowMillis, visit: visit, flow: flow, reason: reason))]
    }

    private func slipContext(_ nowMillis: Int64) -> SlipContext {
        SlipContext(kioskID: kioskID, publicBaseURL: publicBaseURL, hotline: hotline,
                    date: Date(timeIntervalSince1970: Double(nowMillis) / 1000))
    }

    /// The slip for the current outcome, if the visit is at one.
    public func currentSlip(nowMillis: Int64) -> SlipModel? {
        guard let interview else { return nil }
        return SlipBuilder.slip(for: interview, content: content, context: slipContext(nowMillis))
    }

    public func screen(nowMillis: Int64) -> ScreenModel {
        let strings = content.strings
        guard let interview else {
            return ScreenModel(
                kind: .home, title: strings.text(.appTitle), prompt: strings.text(.homePrompt),
                choices: content.flows.map { ButtonModel(label: $0.title, action: .openFlow($0.id), role: .choice) },
                status: strings.text(.slipHotline) + "：" + hotline)
        }
        let progress = interview.progress
        let stepText = strings.text(.stepOf, ["k": String(progress.step), "n": String(progress.ofAtMost)])
        var bar = [ButtonModel(label: strings.text(.back), action: .back, role: .navigation,
                               isEnabled: interview.canGoBack && printState != .printing),
                   ButtonModel(label: strings.text(.startOver), action: .startOver, role: .navigation)]
        switch interview.currentNode.kind {
        case .question(let prompt, let options):
            return ScreenModel(
                kind: .question, title: interview.flow.title, progress: stepText, prompt: prompt,
                choices: options.enumerated().map { ButtonModel(label: $1.label, action: .choose($0), role: .choice) },
                bar: bar)
        case .outcome(let outcome):
            let slip = currentSlip(nowMillis: nowMillis)
            let places = slip?.places.map { place in
                [place.name, place.phone.map { strings.text(.phone) + "：" + $0 }].compactMap { $0 }
                    .joined(separator: "  ")
            } ?? []
            // One law named once with its articles after it: shorter, and how a lawyer writes it.
            var laws: [(law: String, articles: [String])] = []
            for citation in outcome.citations {
                if let index = laws.firstIndex(where: { $0.law == citation.law }) {
                    laws[index].articles.append(citation.article)
                } else {
                    laws.append((citation.law, [citation.article]))
                }
            }
            let citations = laws.map { "《\($0.law)》" + $0.articles.joined(separator: "、") }.joined(separator: "；")
            var body = [outcome.guidance]
            if !places.isEmpty { body.append(strings.text(.slipWhereToGo) + "：" + places.joined(separator: "；")) }
            body.append(strings.text(.slipLaw) + "：" + citations)
            let status: String? = switch printState {
            case .idle: nil
            case .printing: strings.text(.printing)
            case .printed: strings.text(.printed)
            case .failed: strings.text(.printFailed)
            }
            bar.append(ButtonModel(label: strings.text(.printSlip), action: .printSlip, role: .primary,
                                   isEnabled: printState == .idle || printState == .failed))
            bar.append(ButtonModel(label: strings.text(.finish), action: .finish, role: .primary))
            return ScreenModel(
                kind: .outcome, title: outcome.title, progress: stepText, body: body, qrURL: slip?.qrURL,
                qrCaption: strings.text(.scanToTakeAway), status: status, bar: bar)
        }
    }
}
