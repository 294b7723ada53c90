import Foundation

/// What a touch on a screen element asks for.
public enum ScreenAction: Hashable, Sendable {
    case openFlow(String)
    case choose(Int)
    /// Ticks or unticks an option of a multi-select question.
    case toggle(Int)
    case key(KeypadKey)
    /// Goes on from a multi-select question, a number entry or an info page.
    case proceed
    /// From an outcome, opens a related flow in the same visit.
    case openRelated(String)
    case back
    case startOver
    case printSlip
    case finish
}

extension Answer {
    /// The touches that give this answer on its screen: a tap per tick or keypad key, then 下一步.
    public var actions: [ScreenAction] {
        switch self {
        case .choice(let index): [.choose(index)]
        case .choices(let indices): indices.sorted().map { .toggle($0) } + [.proceed]
        case .number(let value):
            LocalSettings.display(.number(value)).compactMap { character -> ScreenAction? in
                if character == "." { return .key(.point) }
                return character.wholeNumberValue.map { .key(.digit($0)) }
            } + [.proceed]
        case .proceed: [.proceed]
        }
    }
}

/// A key of the on-screen number keypad.
public enum KeypadKey: Hashable, Sendable {
    case digit(Int)
    case point
    case delete
    case clear
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
    /// A ticked multi-select option; nil for buttons that cannot be ticked.
    public var isSelected: Bool?

    public init(label: String, action: ScreenAction, role: ButtonRole, isEnabled: Bool = true, isSelected: Bool? = nil) {
        self.label = label
        self.action = action
        self.role = role
        self.isEnabled = isEnabled
        self.isSelected = isSelected
    }
}

public enum PrintState: Hashable, Sendable {
    case idle
    case printing
    case printed
    case failed
}

public enum ScreenKind: String, Hashable, Sendable, CaseIterable {
    case home, question, multiSelect = "multi_select", number, info, outcome
}

/// The number being typed on a number-entry screen.
public struct NumberField: Hashable, Sendable {
    /// What has been typed so far; empty before the first key.
    public var text: String
    public var placeholder: String
    public var unit: String?
    /// Why the number cannot be taken yet (out of range), in the resident's words.
    public var problem: String?

    public init(text: String, placeholder: String, unit: String? = nil, problem: String? = nil) {
        self.text = text
        self.placeholder = placeholder
        self.unit = unit
        self.problem = problem
    }
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
    /// The number-entry field and its keypad (number screens only).
    public var field: NumberField?
    public var keypad: [ButtonModel]
    /// Related flows offered on an outcome screen.
    public var links: [ButtonModel]
    public var linksHeading: String?
    public var bar: [ButtonModel]

    public init(kind: ScreenKind, title: String, progress: String? = nil, prompt: String? = nil, body: [String] = [],
                choices: [ButtonModel] = [], qrURL: String? = nil, qrCaption: String? = nil, status: String? = nil,
                field: NumberField? = nil, keypad: [ButtonModel] = [], links: [ButtonModel] = [],
                linksHeading: String? = nil, bar: [ButtonModel] = []) {
        self.kind = kind
        self.title = title
        self.progress = progress
        self.prompt = prompt
        self.body = body
        self.choices = choices
        self.qrURL = qrURL
        self.qrCaption = qrCaption
        self.status = status
        self.field = field
        self.keypad = keypad
        self.links = links
        self.linksHeading = linksHeading
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
/// which carry ids, not answers' text, and never a number the resident typed.
public struct Visit: Sendable {
    public enum Phase: Sendable {
        case home
        case interview(Interview)
    }

    public let content: ContentSet
    public let kioskID: String
    public let publicBaseURL: String
    public let hotline: String
    public let settings: LocalSettings
    public private(set) var phase: Phase = .home
    public private(set) var visitID: String?
    public private(set) var printState: PrintState = .idle
    /// What is ticked or typed on the current screen but not yet answered.
    public private(set) var draft = Draft()
    private var lastStepMillis: Int64 = 0

    public struct Draft: Hashable, Sendable {
        public var ticked: Set<Int> = []
        public var typed: String = ""
        public var problem: String?
        public init() {}
    }

    /// `settings` defaults to the content's own settings, with `hotline` in it when the content declares one.
    public init(content: ContentSet, kioskID: String, publicBaseURL: String, hotline: String,
                settings: LocalSettings? = nil) {
        self.content = content
        self.kioskID = kioskID
        self.publicBaseURL = publicBaseURL
        self.hotline = hotline
        self.settings = settings ?? LocalSettings.merging(
            defaults: content.settings,
            overrides: content.settings["hotline"] == nil ? [:] : ["hotline": .text(hotline)]).settings
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
            guard let flow = content.flow(flowID),
                  let interview = try? Interview(flow: flow, settings: settings) else { return [] }
            let visit = newVisitID()
            visitID = visit
            begin(interview, nowMillis: nowMillis)
            return [.record(UsageEvent(kind: .visitStart, atMillis: nowMillis, visit: visit, flow: flowID,
                                       node: interview.currentNodeID))]

        case (.interview(let interview), .choose(let index)):
            return answer(.choice(index), on: interview, nowMillis: nowMillis)

        case (.interview(let interview), .toggle(let index)):
            guard case .multiSelect(let select) = interview.currentNode.kind, select.options.indices.contains(index)
            else { return [] }
            if draft.ticked.contains(index) {
                draft.ticked.remove(index)
            } else if select.options[index].isExclusive {
                draft.ticked = [index]
            } else {
                draft.ticked = draft.ticked.filter { !select.options[$0].isExclusive }
                draft.ticked.insert(index)
            }
            return []

        case (.interview(let interview), .key(let key)):
            guard case .number(let entry) = interview.currentNode.kind else { return [] }
            draft.problem = nil
            switch key {
            case .digit(let digit) where (0...9).contains(digit):
                // Twelve digits is more than any amount asked for here and keeps the field on one line.
                guard draft.typed.count < 12 else { break }
                draft.typed = draft.typed == "0" ? String(digit) : draft.typed + String(digit)
            case .point where entry.allowsDecimals && !draft.typed.contains("."):
                draft.typed = (draft.typed.isEmpty ? "0" : draft.typed) + "."
            case .delete: if !draft.typed.isEmpty { draft.typed.removeLast() }
            case .clear: draft.typed = ""
            default: break
            }
            return []

        case (.interview(let interview), .proceed):
            switch interview.currentNode.kind {
            case .multiSelect: return answer(.choices(draft.ticked), on: interview, nowMillis: nowMillis)
            case .info: return answer(.proceed, on: interview, nowMillis: nowMillis)
            case .number(let entry):
                guard let value = Double(draft.typed), value >= entry.minimum, value <= entry.maximum else {
                    draft.problem = content.strings.text(.numberRange, [
                        "min": LocalSettings.display(.number(entry.minimum)),
                        "max": LocalSettings.display(.number(entry.maximum))])
                    return []
                }
                return answer(.number(value), on: interview, nowMillis: nowMillis)
            default: return []
            }

        case (.interview(let interview), .openRelated(let flowID)):
            guard interview.isAtOutcome, printState != .printing, let visit = visitID,
                  case .outcome(let outcome) = interview.currentNode.kind, outcome.related.contains(flowID),
                  let flow = content.flow(flowID), let next = try? Interview(flow: flow, settings: settings)
            else { return [] }
            begin(next, nowMillis: nowMillis)
            return [.record(UsageEvent(kind: .flowStart, atMillis: nowMillis, visit: visit, flow: flowID,
                                       node: next.currentNodeID))]

        case (.interview(var interview), .back):
            guard printState != .printing, interview.back() else { return [] }
            phase = .interview(interview)
            printState = .idle
            draft = Draft()
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

    private mutating func begin(_ interview: Interview, nowMillis: Int64) {
        phase = .interview(interview)
        printState = .idle
        draft = Draft()
        lastStepMillis = nowMillis
    }

    private mutating func answer(_ answer: Answer, on current: Interview, nowMillis: Int64) -> [VisitEffect] {
        var interview = current
        let node = interview.currentNodeID
        guard (try? interview.answer(answer)) != nil, let visit = visitID, let step = interview.trail.last else { return [] }
        phase = .interview(interview)
        draft = Draft()
        // The answer as ids only: a typed number is the resident's own data and stays on the kiosk's screen.
        let answerID: String? = switch answer {
        case .choice, .choices: step.options.map(\.id).joined(separator: "+")
        case .number, .proceed: nil
        }
        var effects: [VisitEffect] = [.record(UsageEvent(
            kind: .step, atMillis: nowMillis, visit: visit, flow: interview.flow.id, node: node,
            answer: answerID, dwellMillis: max(0, nowMillis - lastStepMillis)))]
        lastStepMillis = nowMillis
        if interview.isAtOutcome {
            effects.append(.record(UsageEvent(kind: .outcome, atMillis: nowMillis, visit: visit,
                                              flow: interview.flow.id, outcome: interview.currentNodeID)))
        }
        return effects
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
        draft = Draft()
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
        guard let interview else { return ScreenBuilder.home(content: content, hotline: hotline) }
        let progress = interview.progress
        return ScreenBuilder.screen(
            for: interview.currentNode, flow: interview.flow, content: content, settings: settings,
            progress: progress, canGoBack: interview.canGoBack, printState: printState, draft: draft,
            slip: interview.isAtOutcome ? currentSlip(nowMillis: nowMillis) : nil)
    }
}
