// Writes a content folder of many realistic flows, for timing the content checks at a county's full size.
//
// The shipped strings.yaml, directory.yaml and fragments/ are copied as they are; content.yaml declares the
// shipped settings; every flow is generated. Each flow has about 20 nodes and passes the checker: single-choice
// questions (2–4 options, each with a summary), a multi-select with an exclusive option and a variable, a number
// entry, one or two computed branches reading those variables and config.legal_aid_income_threshold, an info
// page, and 5–8 outcomes with guidance, materials (with `use: identity`), places, deadlines and citations.
import Foundation
import KioskCore

enum GeneratedContent {
    struct Summary {
        var flows = 0
        var nodes = 0
        var outcomes = 0
        var branches = 0
    }

    /// Fills `directory` (which must not exist yet) with `flowCount` generated flows around the shipped pieces in
    /// `shipped` (a content folder), whose loaded form gives the settings and directory ids.
    static func write(flowCount: Int, to directory: URL, copyingFrom shipped: URL, shippedContent: ContentSet) throws -> Summary {
        let files = FileManager.default
        try files.createDirectory(at: directory.appendingPathComponent("flows"), withIntermediateDirectories: true)
        for name in ["strings.yaml", "directory.yaml", "fragments"] {
            try files.copyItem(at: shipped.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        var manifest = "version: \"bench-\(flowCount)\"\ntitle: kiosk-bench 生成的内容（\(flowCount) 个流程）\nsettings:\n"
        for (name, value) in shippedContent.settings.sorted(by: { $0.key < $1.key }) {
            manifest += "  \(name): \(yamlLiteral(value))\n"
        }
        try Data(manifest.utf8).write(to: directory.appendingPathComponent("content.yaml"))

        let places = shippedContent.directory.map(\.id)
        guard !places.isEmpty else { throw GenerationError("the shipped directory.yaml has no places") }
        guard shippedContent.settings["legal_aid_income_threshold"]?.type == .number else {
            throw GenerationError("the shipped content declares no number setting legal_aid_income_threshold")
        }
        var summary = Summary()
        let ids = (0..<flowCount).map(flowID)
        for index in 0..<flowCount {
            var flow = FlowWriter(index: index, id: ids[index], related: ids[(index + 1) % flowCount], places: places)
            let text = flow.write()
            try Data(text.utf8).write(to: directory.appendingPathComponent("flows/\(ids[index]).yaml"))
            summary.flows += 1
            summary.nodes += flow.nodeCount
            summary.outcomes += flow.outcomeCount
            summary.branches += flow.branchCount
        }
        return summary
    }

    struct GenerationError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func flowID(_ index: Int) -> String {
        "\(themes[index % themes.count].id)-\(String(format: "%03d", index + 1))"
    }

    private static func yamlLiteral(_ value: ScriptValue) -> String {
        switch value {
        case .number, .bool: LocalSettings.display(value)
        case .text(let text): quoted(text)
        case .choices(let ids): "[" + ids.sorted().map(quoted).joined(separator: ", ") + "]"
        }
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Plain when that reads back as the same text, double-quoted otherwise.
    static func scalar(_ text: String) -> String {
        let risky = CharacterSet(charactersIn: ":#{}[],&*!|>'\"%@`\\")
        if text.unicodeScalars.contains(where: risky.contains) || text.first == "-" || text.first == "?"
            || text.first == " " || text.last == " " || text.isEmpty {
            return quoted(text)
        }
        return text
    }

    // MARK: - Material the flows are made of

    struct Theme {
        var id: String
        var title: String
        var category: String
        var keywords: [String]
    }

    static let themes: [Theme] = [
        Theme(id: "wages", title: "工资被拖欠怎么办", category: "labour", keywords: ["欠薪", "讨薪", "工资"]),
        Theme(id: "injury", title: "干活受伤了怎么办", category: "labour", keywords: ["工伤", "受伤", "赔偿"]),
        Theme(id: "support", title: "子女不给赡养费怎么办", category: "family", keywords: ["赡养费", "养老", "子女"]),
        Theme(id: "divorce", title: "想离婚该怎么办", category: "family", keywords: ["离婚", "抚养权", "财产"]),
        Theme(id: "violence", title: "遭受家庭暴力怎么办", category: "family", keywords: ["家暴", "保护令", "虐待"]),
        Theme(id: "loan", title: "借出去的钱要不回来", category: "civil", keywords: ["借款", "欠条", "还钱"]),
        Theme(id: "land", title: "承包地被占了怎么办", category: "land", keywords: ["承包地", "宅基地", "征地"]),
        Theme(id: "traffic", title: "交通事故赔偿", category: "civil", keywords: ["车祸", "交通事故", "保险"]),
        Theme(id: "neighbour", title: "和邻居闹纠纷怎么办", category: "civil", keywords: ["邻居", "排水", "通行"]),
        Theme(id: "consumer", title: "买到假货、被骗了怎么办", category: "consumer", keywords: ["假货", "退货", "诈骗"]),
    ]

    struct Choice {
        var id: String
        var label: String
        var summary: String
    }

    struct QuestionTemplate {
        var prompt: String
        var choices: [Choice]
    }

    static let questions: [QuestionTemplate] = [
        QuestionTemplate(prompt: "这件事是什么时候发生的？", choices: [
            Choice(id: "within-month", label: "一个月以内", summary: "发生在一个月以内"),
            Choice(id: "within-year", label: "一个月到一年", summary: "发生在一年以内"),
            Choice(id: "over-year", label: "一年以上", summary: "发生已超过一年"),
            Choice(id: "unsure", label: "记不清了", summary: "发生时间记不清"),
        ]),
        QuestionTemplate(prompt: "和您发生纠纷的是谁？", choices: [
            Choice(id: "employer", label: "单位或者老板", summary: "对方是单位或老板"),
            Choice(id: "person", label: "不认识的个人", summary: "对方是个人"),
            Choice(id: "family", label: "家里人、亲戚", summary: "对方是家庭成员或亲属"),
            Choice(id: "neighbour", label: "邻居、同村的人", summary: "对方是邻居"),
        ]),
        QuestionTemplate(prompt: "您手里有没有能证明这件事的材料？", choices: [
            Choice(id: "written", label: "有合同、欠条或者收据", summary: "有书面材料"),
            Choice(id: "chat", label: "有聊天记录、转账记录", summary: "有聊天或转账记录"),
            Choice(id: "witness", label: "只有证人", summary: "只有证人证言"),
            Choice(id: "nothing", label: "什么都没有", summary: "暂时没有证据材料"),
        ]),
        QuestionTemplate(prompt: "您有没有和对方商量过？", choices: [
            Choice(id: "tried", label: "商量过，没有结果", summary: "协商过但未解决"),
            Choice(id: "not-yet", label: "还没有商量", summary: "尚未协商"),
            Choice(id: "refused", label: "对方不理睬", summary: "对方拒绝协商"),
        ]),
        QuestionTemplate(prompt: "这件事涉及的钱大约有多少？", choices: [
            Choice(id: "small", label: "一万元以下", summary: "涉及金额一万元以下"),
            Choice(id: "medium", label: "一万到十万元", summary: "涉及金额一万到十万元"),
            Choice(id: "large", label: "十万元以上", summary: "涉及金额十万元以上"),
            Choice(id: "no-money", label: "不涉及钱", summary: "不涉及金钱"),
        ]),
        QuestionTemplate(prompt: "有没有人受伤？", choices: [
            Choice(id: "unhurt", label: "没有人受伤", summary: "无人受伤"),
            Choice(id: "light", label: "受了轻伤", summary: "有人受轻伤"),
            Choice(id: "serious", label: "受了重伤，住过院", summary: "有人受重伤住院"),
        ]),
        QuestionTemplate(prompt: "这件事有没有报过警？", choices: [
            Choice(id: "reported", label: "报过警", summary: "已经报警"),
            Choice(id: "not-reported", label: "没有报警", summary: "没有报警"),
        ]),
        QuestionTemplate(prompt: "这件事有没有去过法院或者仲裁委？", choices: [
            Choice(id: "never", label: "还没有去过", summary: "尚未起诉或申请仲裁"),
            Choice(id: "court", label: "法院已经立案", summary: "法院已立案"),
            Choice(id: "arbitration", label: "仲裁委已经受理", summary: "仲裁委已受理"),
            Choice(id: "decided", label: "已经有判决或者裁决", summary: "已有判决或裁决"),
        ]),
        QuestionTemplate(prompt: "对方现在还能联系上吗？", choices: [
            Choice(id: "reachable", label: "能联系上", summary: "能联系上对方"),
            Choice(id: "lost", label: "联系不上了", summary: "联系不上对方"),
            Choice(id: "moved", label: "搬走了，不知道去哪了", summary: "对方已搬走"),
        ]),
        QuestionTemplate(prompt: "您是替自己问，还是替别人问？", choices: [
            Choice(id: "self", label: "替自己问", summary: "本人咨询"),
            Choice(id: "relative", label: "替家里人问", summary: "替家人咨询"),
            Choice(id: "friend", label: "替朋友、邻居问", summary: "替他人咨询"),
        ]),
        QuestionTemplate(prompt: "您现在住在本县吗？", choices: [
            Choice(id: "local", label: "住在本县", summary: "住在本县"),
            Choice(id: "elsewhere", label: "住在外地", summary: "住在外地"),
        ]),
        QuestionTemplate(prompt: "对方有没有写过保证或者承诺？", choices: [
            Choice(id: "promised", label: "写过保证书或者承诺书", summary: "对方写过书面保证"),
            Choice(id: "verbal", label: "只是口头答应过", summary: "对方口头答应过"),
            Choice(id: "no-promise", label: "什么都没有说", summary: "对方没有任何承诺"),
        ]),
    ]

    static let exitChoice = Choice(id: "urgent", label: "情况很急，想马上知道去哪里", summary: "情况紧急，需要马上办理")

    static let multiPrompts = ["您是不是下面这些人？（可以选几项）", "下面哪些情况和您相符？", "您家里有没有下面这些情况？"]
    static let groups: [Choice] = [
        Choice(id: "no-income", label: "没有固定收入的老年人、未成年人或残疾人", summary: "没有固定收入的老年人、未成年人或残疾人"),
        Choice(id: "relief", label: "享受低保、特困供养等社会救助，或者是优抚对象", summary: "社会救助或优抚对象"),
        Choice(id: "migrant", label: "外出打工的农民工", summary: "进城务工人员"),
        Choice(id: "disabled", label: "家里有重病或者残疾的人", summary: "家中有重病或残疾人员"),
    ]
    static let noneOfThese = Choice(id: "none", label: "都不是", summary: "不属于以上情况")

    static let finalQuestion = QuestionTemplate(prompt: "您想先做哪一步？", choices: [
        Choice(id: "consult", label: "先免费问问律师", summary: "先免费法律咨询"),
        Choice(id: "mediate", label: "找人调解", summary: "申请人民调解"),
        Choice(id: "sue", label: "打官司或者申请仲裁", summary: "起诉或申请仲裁"),
        Choice(id: "complain", label: "向有关部门投诉", summary: "向主管部门投诉"),
    ])

    struct OutcomeTemplate {
        var id: String
        var title: String
        var guidance: [String]
        var materials: [String]
        var deadlines: [String]
        /// Written out with law, article and excerpt.
        var citations: [(law: String, article: String, excerpt: String)]
        /// Put in with `use: ID` from fragments/.
        var citationFragments: [String]
    }

    static let outcomes: [OutcomeTemplate] = [
        OutcomeTemplate(
            id: "legal-aid", title: "您可以申请法律援助",
            guidance: ["您的情况符合本地法律援助的经济困难标准，可以到法律援助中心申请。",
                       "申请时要如实说明家里的经济状况，可以签一份个人诚信承诺书。",
                       "最后能不能获得援助，以法律援助中心的审查为准。"],
            materials: ["家庭成员和收入情况（如实填写，也可以作个人诚信承诺）"],
            deadlines: ["法律援助不延长打官司、申请仲裁的期限，请尽早申请"],
            citations: [], citationFragments: ["legal-aid-31", "legal-aid-34", "legal-aid-41"]),
        OutcomeTemplate(
            id: "mediation", title: "先找人民调解委员会调解，不收费",
            guidance: ["这类纠纷可以先到村（居）委会的人民调解委员会调解，调解不收任何费用。",
                       "调解达成的协议，双方都要履行；对方不履行的，可以再到法院起诉。"],
            materials: ["和这件事有关的材料：合同、欠条、聊天记录、照片等"],
            deadlines: ["调解不影响打官司的期限，一般纠纷要在三年内向法院起诉"],
            citations: [("中华人民共和国人民调解法", "第四条", "人民调解委员会调解民间纠纷，不收取任何费用。")],
            citationFragments: []),
        OutcomeTemplate(
            id: "court", title: "可以到法院起诉，要注意三年的期限",
            guidance: ["协商和调解都不成的，可以到对方住所地的基层人民法院起诉。",
                       "起诉要写清楚对方是谁、要求什么、有什么证据，不会写可以先打 {config.hotline} 咨询。",
                       "{text.free-consultation}"],
            materials: ["起诉状（可以请{config.service_station}帮忙写）", "对方的姓名、住址或者单位名称"],
            deadlines: ["一般要在知道权利受损之日起三年内起诉"],
            citations: [("中华人民共和国民法典", "第一百八十八条",
                         "向人民法院请求保护民事权利的诉讼时效期间为三年。法律另有规定的，依照其规定。"),
                        ("中华人民共和国民事诉讼法", "第一百二十二条",
                         "起诉必须符合下列条件：（一）原告是与本案有直接利害关系的公民、法人和其他组织；（二）有明确的被告；（三）有具体的诉讼请求和事实、理由；（四）属于人民法院受理民事诉讼的范围和受诉人民法院管辖。")],
            citationFragments: []),
        OutcomeTemplate(
            id: "arbitration", title: "劳动纠纷要先申请劳动仲裁",
            guidance: ["和单位的劳动纠纷，要先到劳动人事争议仲裁委员会申请仲裁，仲裁不收费。",
                       "对仲裁结果不服的，可以在收到裁决书后十五日内到法院起诉。"],
            materials: ["劳动合同、工牌、考勤记录或者工资条", "欠多少钱的证明：记工本、欠条、转账记录"],
            deadlines: ["申请劳动仲裁的期限是一年，从知道权利被侵害之日起算"],
            citations: [("中华人民共和国劳动争议调解仲裁法", "第二十七条",
                         "劳动争议申请仲裁的时效期间为一年。仲裁时效期间从当事人知道或者应当知道其权利被侵害之日起计算。")],
            citationFragments: ["legal-aid-42-migrant"]),
        OutcomeTemplate(
            id: "protection", title: "可以向法院申请人身安全保护令",
            guidance: ["遭受家庭暴力或者面临家庭暴力的现实危险，可以向法院申请人身安全保护令。",
                       "遇到危险请先打 110；申请法律援助不受经济困难条件的限制。"],
            materials: ["报警回执、告诫书、伤情照片、病历或者证人等能证明受到伤害的材料"],
            deadlines: ["情况紧急的，法院应当在二十四小时内作出裁定"],
            citations: [("中华人民共和国反家庭暴力法", "第二十三条",
                         "当事人因遭受家庭暴力或者面临家庭暴力的现实危险，向人民法院申请人身安全保护令的，人民法院应当受理。")],
            citationFragments: ["legal-aid-32"]),
        OutcomeTemplate(
            id: "support", title: "可以要求子女给付赡养费",
            guidance: ["成年子女不履行赡养义务的，缺乏劳动能力或者生活困难的父母，有权要求子女给付赡养费。",
                       "可以先请村（居）委会调解，调解不成再到法院起诉。",
                       "要赡养费申请法律援助的，到{config.service_center}办理。"],
            materials: ["户口本或者能证明亲属关系的材料", "收入、看病花费等生活困难的证明"],
            deadlines: ["赡养费请求不受三年诉讼时效的限制"],
            citations: [("中华人民共和国民法典", "第一千零六十七条",
                         "成年子女不履行赡养义务的，缺乏劳动能力或者生活困难的父母，有要求成年子女给付赡养费的权利。")],
            citationFragments: ["legal-aid-31"]),
        OutcomeTemplate(
            id: "injury", title: "先申请工伤认定，再要赔偿",
            guidance: ["单位没有为您申请工伤认定的，您或者家里人可以在受伤之日起一年内自己去申请。",
                       "认定工伤以后，再按规定要工伤保险待遇。"],
            materials: ["病历、诊断证明和医药费票据", "能证明在单位干活的材料：工牌、考勤记录、工友证言"],
            deadlines: ["自己申请工伤认定，要在受伤之日起一年内提出"],
            citations: [("工伤保险条例", "第十七条",
                         "用人单位未按前款规定提出工伤认定申请的，工伤职工或者其近亲属、工会组织在事故伤害发生之日或者被诊断、鉴定为职业病之日起1年内，可以直接向用人单位所在地统筹地区社会保险行政部门提出工伤认定申请。")],
            citationFragments: ["legal-aid-42"]),
        OutcomeTemplate(
            id: "consultation", title: "先免费咨询，弄清楚再决定",
            guidance: ["您的情况还要看具体材料才能判断，建议先免费咨询。",
                       "{text.free-consultation}"],
            materials: ["和这件事有关的所有材料，越全越好"],
            deadlines: ["不要拖太久：很多请求有三年的期限"],
            citations: [], citationFragments: ["legal-aid-34", "legal-aid-41"]),
    ]

    static let infoPages: [(title: String, text: String)] = [
        ("先了解一下", "接下来会告诉您可以去哪里办、要带什么材料。最后会打印一张小条，上面写着要点和地址，请带好。"),
        ("免费咨询", "{text.free-consultation}"),
        ("关于费用", "人民调解不收费，劳动仲裁不收费。打官司要交诉讼费，经济困难的可以申请缓交、减交或者免交。"),
    ]
}

/// One generated flow as YAML text. Its shape depends on its index, so the 200 flows differ in option counts,
/// branches and outcomes.
private struct FlowWriter {
    let index: Int
    let id: String
    let related: String
    let places: [String]
    private(set) var nodeCount = 0
    private(set) var outcomeCount = 0
    private(set) var branchCount = 0
    private var lines: [String] = []

    static let chainLength = 7

    init(index: Int, id: String, related: String, places: [String]) {
        self.index = index
        self.id = id
        self.related = related
        self.places = places
    }

    private mutating func line(_ text: String) { lines.append(text) }

    private mutating func option(_ choice: GeneratedContent.Choice, next: String?, exclusive: Bool = false) {
        line("      - id: \(choice.id)")
        line("        label: \(GeneratedContent.scalar(choice.label))")
        line("        summary: \(GeneratedContent.scalar(choice.summary))")
        if let next { line("        next: \(next)") }
        if exclusive { line("        exclusive: true") }
    }

    private mutating func prose(_ key: String, _ text: String, indent: String) {
        line("\(indent)\(key): >-")
        line("\(indent)  \(text)")
    }

    mutating func write() -> String {
        typealias G = GeneratedContent
        let theme = G.themes[index % G.themes.count]
        outcomeCount = 5 + index % 4
        branchCount = 1 + index % 2

        // Outcome ids, then which way reaches each: the branches' `then`, the last question's options, and an
        // "urgent" way out on some chain questions.
        let outcomeTemplates = (0..<outcomeCount).map { G.outcomes[($0 + index) % G.outcomes.count] }
        let outcomeIDs = outcomeTemplates.enumerated().map { "o-\($0.offset + 1)-\($0.element.id)" }
        var remaining = outcomeIDs[...]
        let branchTargets = (0..<branchCount).map { _ in remaining.popFirst()! }
        var finalTargets = (0..<3).map { _ in remaining.popFirst()! }
        if let extra = remaining.popFirst() { finalTargets.append(extra) }
        var exitTargets: [Int: String] = [:]
        for question in [2, 4, 6] { if let extra = remaining.popFirst() { exitTargets[question] = extra } }
        precondition(remaining.isEmpty, "more outcomes than ways to reach them")

        line("# Generated by kiosk-bench: \(theme.title), variant \(index + 1).")
        line("id: \(id)")
        line("title: \(G.scalar("\(theme.title)（情形\(index + 1)）"))")
        line("category: \(theme.category)")
        line("version: \(1 + index % 3)")
        line("keywords: [\(theme.keywords.joined(separator: ", "))]")
        line("start: q-1")
        line("nodes:")

        // The chain of single-choice questions. q-1 sets `topic`, read by the second branch.
        var topicIDs: [String] = []
        for number in 1...Self.chainLength {
            let template = G.questions[(index + number * 5) % G.questions.count]
            let exit = exitTargets[number]
            var count = min(template.choices.count, 2 + (index + number) % 3)
            if exit != nil { count = min(count, 3) }
            let next = number == Self.chainLength ? "m-groups" : "q-\(number + 1)"
            // With three or more options, the second skips the next question (never past the multi-select).
            let skip = number + 2 <= Self.chainLength ? "q-\(number + 2)" : "m-groups"
            line("  q-\(number):")
            line("    question: \(G.scalar(template.prompt))")
            if number == 1 { line("    var: topic") }
            line("    options:")
            for (position, choice) in template.choices.prefix(count).enumerated() {
                option(choice, next: position == 1 && count >= 3 && number < Self.chainLength ? skip : next)
                if number == 1 { topicIDs.append(choice.id) }
            }
            if let exit { option(G.exitChoice, next: exit) }
            line("")
            nodeCount += 1
        }

        let groupCount = 3 + index % 2
        line("  m-groups:")
        line("    multi: \(G.scalar(G.multiPrompts[index % G.multiPrompts.count]))")
        line("    var: picks")
        line("    options:")
        for choice in G.groups.prefix(groupCount) { option(choice, next: nil) }
        option(G.noneOfThese, next: nil, exclusive: true)
        line("    next: n-income")
        line("")

        line("  n-income:")
        line("    number: 您家里平均每人每月收入大约多少元？")
        line("    var: income")
        line("    unit: 元")
        line("    max: 1000000")
        line("    next: b-aid")
        line("")
        nodeCount += 2

        let afterAid = branchCount == 2 ? "b-second" : "i-note"
        let aidConditions = [
            #"income <= config.legal_aid_income_threshold and "relief" in picks"#,
            #"income <= config.legal_aid_income_threshold and ("no-income" in picks or "relief" in picks)"#,
            #"income <= config.legal_aid_income_threshold or "no-income" in picks"#,
            #"income * 12 <= config.legal_aid_income_threshold * 12 and not ("none" in picks)"#,
        ]
        line("  b-aid:")
        prose("if", aidConditions[index % aidConditions.count], indent: "    ")
        line("    then: \(branchTargets[0])")
        line("    else: \(afterAid)")
        line("")
        nodeCount += 1
        if branchCount == 2 {
            line("  b-second:")
            prose("if", "topic in [\(G.quoted(topicIDs[0]))] or (\"migrant\" in picks and "
                  + "income > config.legal_aid_income_threshold * 3)", indent: "    ")
            line("    then: \(branchTargets[1])")
            line("    else: i-note")
            line("")
            nodeCount += 1
        }

        let info = G.infoPages[index % G.infoPages.count]
        line("  i-note:")
        line("    title: \(G.scalar(info.title))")
        prose("info", info.text, indent: "    ")
        line("    next: q-final")
        line("")

        line("  q-final:")
        line("    question: \(G.scalar(G.finalQuestion.prompt))")
        line("    var: step")
        line("    options:")
        for (choice, target) in zip(G.finalQuestion.choices, finalTargets) { option(choice, next: target) }
        line("")
        nodeCount += 2

        for (position, (outcomeID, template)) in zip(outcomeIDs, outcomeTemplates).enumerated() {
            line("  \(outcomeID):")
            line("    outcome:")
            line("      title: \(G.scalar(template.title))")
            let sentences = template.guidance.prefix(2 + (index + position) % 2)
            prose("guidance", sentences.joined(separator: "\n        "), indent: "      ")
            line("      materials:")
            line("        - use: identity")
            for item in template.materials { line("        - \(G.scalar(item))") }
            if position % 2 == 0 { line("        - use: legal-aid-application") }
            let placeCount = 1 + (index + position) % min(3, places.count)
            let chosen = (0..<placeCount).map { places[(index + position + $0) % places.count] }
            line("      places: [\(chosen.joined(separator: ", "))]")
            line("      deadlines:")
            for item in template.deadlines { line("        - \(G.scalar(item))") }
            line("      citations:")
            for citation in template.citations {
                line("        - law: \(G.scalar(citation.law))")
                line("          article: \(G.scalar(citation.article))")
                prose("excerpt", citation.excerpt, indent: "          ")
            }
            for fragment in template.citationFragments { line("        - use: \(fragment)") }
            if position == 0, related != id { line("      related: [\(related)]") }
            line("")
            nodeCount += 1
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
