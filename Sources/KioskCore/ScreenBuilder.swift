import Foundation

/// Decides what each screen shows, from content alone: the visit uses it for the screen on the glass, and the
/// checker and `kioskctl screens` use it to lay out every node without walking to it.
public enum ScreenBuilder {
    public static func home(content: ContentSet, hotline: String) -> ScreenModel {
        let strings = content.strings
        return ScreenModel(
            kind: .home, title: strings.text(.appTitle), prompt: strings.text(.homePrompt),
            choices: content.flows.map { ButtonModel(label: $0.title, action: .openFlow($0.id), role: .choice) },
            status: strings.text(.slipHotline) + "：" + hotline)
    }

    /// The keypad's keys in reading order, three to a row: 1–9, then clear (or the decimal point), 0, delete.
    public static func keypad(allowsDecimals: Bool, strings: StringTable) -> [ButtonModel] {
        var keys = (1...9).map { ButtonModel(label: String($0), action: .key(.digit($0)), role: .choice) }
        keys.append(allowsDecimals ? ButtonModel(label: ".", action: .key(.point), role: .choice)
                                   : ButtonModel(label: strings.text(.keypadClear), action: .key(.clear), role: .navigation))
        keys.append(ButtonModel(label: "0", action: .key(.digit(0)), role: .choice))
        keys.append(ButtonModel(label: strings.text(.keypadDelete), action: .key(.delete), role: .navigation))
        return keys
    }

    /// The screen for a node the resident rests on (branches are never shown).
    public static func screen(for node: Node, flow: Flow, content: ContentSet, settings: LocalSettings,
                              progress: (step: Int, ofAtMost: Int), canGoBack: Bool, printState: PrintState = .idle,
                              draft: Visit.Draft = Visit.Draft(), slip: SlipModel? = nil) -> ScreenModel {
        let strings = content.strings
        let fill = settings.fill
        let stepText = strings.text(.stepOf, ["k": String(progress.step), "n": String(progress.ofAtMost)])
        var bar = [ButtonModel(label: strings.text(.back), action: .back, role: .navigation,
                               isEnabled: canGoBack && printState != .printing),
                   ButtonModel(label: strings.text(.startOver), action: .startOver, role: .navigation)]
        switch node.kind {
        case .question(let question):
            return ScreenModel(
                kind: .question, title: flow.title, progress: stepText, prompt: fill(question.prompt),
                choices: question.options.enumerated().map {
                    ButtonModel(label: fill($1.label), action: .choose($0), role: .choice)
                },
                bar: bar)

        case .multiSelect(let select):
            bar.append(ButtonModel(label: strings.text(.proceed), action: .proceed, role: .primary,
                                   isEnabled: draft.ticked.count >= select.minimum))
            return ScreenModel(
                kind: .multiSelect, title: flow.title, progress: stepText, prompt: fill(select.prompt),
                body: [strings.text(.chooseAny)],
                choices: select.options.enumerated().map {
                    ButtonModel(label: fill($1.label), action: .toggle($0), role: .choice,
                                isSelected: draft.ticked.contains($0))
                },
                bar: bar)

        case .number(let entry):
            bar.append(ButtonModel(label: strings.text(.proceed), action: .proceed, role: .primary,
                                   isEnabled: !draft.typed.isEmpty))
            return ScreenModel(
                kind: .number, title: flow.title, progress: stepText, prompt: fill(entry.prompt),
                field: NumberField(text: draft.typed, placeholder: strings.text(.numberPlaceholder),
                                   unit: entry.unit.map(fill), problem: draft.problem),
                keypad: keypad(allowsDecimals: entry.allowsDecimals, strings: strings),
                bar: bar)

        case .info(let page):
            bar.append(ButtonModel(label: strings.text(.proceed), action: .proceed, role: .primary))
            return ScreenModel(
                kind: .info, title: page.title.map(fill) ?? flow.title, progress: stepText,
                body: paragraphs(fill(page.text)), bar: bar)

        case .outcome(let outcome):
            let places = outcome.places.compactMap { content.place($0) }.map { place in
                [place.name, place.phone.map { strings.text(.phone) + "：" + $0 }].compactMap { $0 }
                    .joined(separator: "  ")
            }
            var body = paragraphs(fill(outcome.guidance))
            if !places.isEmpty { body.append(strings.text(.slipWhereToGo) + "：" + places.joined(separator: "；")) }
            body.append(strings.text(.slipLaw) + "：" + lawLine(outcome.citations))
            let status: String? = switch printState {
            case .idle: nil
            case .printing: strings.text(.printing)
            case .printed: strings.text(.printed)
            case .failed: strings.text(.printFailed)
            }
            bar.append(ButtonModel(label: strings.text(.printSlip), action: .printSlip, role: .primary,
                                   isEnabled: printState == .idle || printState == .failed))
            bar.append(ButtonModel(label: strings.text(.finish), action: .finish, role: .primary))
            let links = outcome.related.compactMap { content.flow($0) }.map {
                ButtonModel(label: $0.title, action: .openRelated($0.id), role: .navigation,
                            isEnabled: printState != .printing)
            }
            return ScreenModel(
                kind: .outcome, title: fill(outcome.title), progress: stepText, body: body, qrURL: slip?.qrURL,
                qrCaption: strings.text(.scanToTakeAway), status: status, links: links,
                linksHeading: links.isEmpty ? nil : strings.text(.related), bar: bar)

        case .branch:
            // Never shown: the engine passes branches without stopping. A visible placeholder beats a crash.
            return ScreenModel(kind: .info, title: flow.title, body: [node.id], bar: bar)
        }
    }

    /// Every screen of a flow, one per node a resident can rest on, as the checker lays them out: progress at
    /// its widest, nothing ticked, a full keypad field, the QR code on outcomes (with the outcome's slip).
    public static func catalogue(flow: Flow, content: ContentSet, settings: LocalSettings,
                                 publicBaseURL: String = "https://example.invalid")
        -> [(node: Node, screen: ScreenModel, slip: SlipModel?)] {
        let longest = FlowGraph(flow: flow).longestRemainingScreens().values.max() ?? 1
        return flow.nodes.filter { !$0.isBranch }.map { node in
            var draft = Visit.Draft()
            if case .number = node.kind { draft.typed = "999999999999" }
            let slip: SlipModel? = node.isOutcome ? SlipModel.preview(
                flow: flow, outcomeID: node.id, content: content, publicBaseURL: publicBaseURL, settings: settings) : nil
            return (node, screen(for: node, flow: flow, content: content, settings: settings,
                                 progress: (longest, longest), canGoBack: true, draft: draft, slip: slip), slip)
        }
    }

    /// Authored text keeps paragraph breaks as line breaks; each becomes a paragraph on screen.
    public static func paragraphs(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// One law named once with its articles after it: shorter, and how a lawyer writes it.
    public static func lawLine(_ citations: [Citation]) -> String {
        var laws: [(law: String, articles: [String])] = []
        for citation in citations {
            if let index = laws.firstIndex(where: { $0.law == citation.law }) {
                laws[index].articles.append(citation.article)
            } else {
                laws.append((citation.law, [citation.article]))
            }
        }
        return laws.map { "《\($0.law)》" + $0.articles.joined(separator: "、") }.joined(separator: "；")
    }
}
