import KioskCore

/// A small flow written in code, so engine tests do not depend on the shipped content's wording.
enum Fixtures {
    static let flow = Flow(
        id: "wages", title: "工资", category: "labour", version: 1, start: "q1",
        nodes: [
            Node(id: "q1", kind: .question(Question(prompt: "哪里？", options: [
                AnswerOption(id: "site", label: "工地", summary: "在工地", next: "o-site"),
                AnswerOption(id: "shop", label: "商店", next: "q2"),
            ]))),
            Node(id: "q2", kind: .question(Question(prompt: "还在上班吗？", options: [
                AnswerOption(id: "yes", label: "在", summary: "还在上班", next: "o-employed"),
                AnswerOption(id: "no", label: "不在", summary: "已离开", next: "q3"),
            ]))),
            Node(id: "q3", kind: .question(Question(prompt: "多久？", options: [
                AnswerOption(id: "short", label: "不到一年", next: "o-arbitration"),
                AnswerOption(id: "long", label: "超过一年", next: "o-arbitration"),
            ]))),
            Node(id: "o-site", kind: .outcome(Outcome(title: "工地结果", guidance: "投诉", places: ["center"],
                                                    citations: [Citation(law: "条例", article: "第三十条")]))),
            Node(id: "o-employed", kind: .outcome(Outcome(title: "在职结果", guidance: "仲裁", places: ["center"],
                                                        citations: [Citation(law: "仲裁法", article: "第二十七条")]))),
            Node(id: "o-arbitration", kind: .outcome(Outcome(title: "仲裁结果", guidance: "一年内", places: ["center"],
                                                           citations: [Citation(law: "仲裁法", article: "第二十七条")]))),
        ])

    /// Every node kind: a question setting a variable and a flag, a multi-select with an exclusive option, a
    /// number, an info page, and branches on answers and on a setting.
    static let aid: Flow = {
        func outcome(_ id: String, _ title: String) -> Node {
            Node(id: id, kind: .outcome(Outcome(title: title, guidance: "到{config.service_center}申请", places: ["center"],
                                                citations: [Citation(law: "法律援助法", article: "第三十一条")],
                                                related: ["wages"])))
        }
        return Flow(
            id: "aid", title: "援助", category: "aid", version: 1, start: "q-matter",
            nodes: [
                Node(id: "q-matter", kind: .question(Question(prompt: "什么事？", variable: "matter", options: [
                    AnswerOption(id: "wages", label: "工资", summary: "讨薪", next: "m-groups", sets: ["urgent": .bool(false)]),
                    AnswerOption(id: "abuse", label: "家暴", summary: "家暴", next: "i-safety", sets: ["urgent": .bool(true)]),
                ]))),
                Node(id: "i-safety", kind: .info(InfoPage(title: "安全", text: "先打 110。\n再来申请。", next: "o-free"))),
                Node(id: "m-groups", kind: .multiSelect(MultiSelect(prompt: "您是？", variable: "groups", options: [
                    AnswerOption(id: "old", label: "老人", summary: "老年人"),
                    AnswerOption(id: "migrant", label: "农民工", summary: "进城务工"),
                    AnswerOption(id: "poor", label: "低保", summary: "低保对象"),
                    AnswerOption(id: "none", label: "都不是", isExclusive: true),
                ], next: "b-exempt"))),
                Node(id: "b-exempt", kind: .branch(Branch(
                    condition: try! Condition("\"poor\" in groups or (\"migrant\" in groups and matter == \"wages\")"),
                    then: "o-exempt", otherwise: "n-income"))),
                Node(id: "n-income", kind: .number(NumberEntry(prompt: "每人每月收入？", variable: "income", unit: "元",
                                                              maximum: 100_000, next: "b-income"))),
                Node(id: "b-income", kind: .branch(Branch(
                    condition: try! Condition("income <= config.threshold"), then: "o-likely", otherwise: "o-above"))),
                outcome("o-free", "不看经济条件"),
                outcome("o-exempt", "免予核查"),
                outcome("o-likely", "可以申请"),
                outcome("o-above", "超过标准"),
            ])
    }()

    static let aidSettings: [String: ScriptValue] = ["threshold": .number(2000), "service_center": .text("县中心")]

    static let strings = StringTable(Dictionary(uniqueKeysWithValues: UIText.allCases.map { ($0.rawValue, "[\($0.rawValue)]") }))

    static let content = ContentSet(
        version: "test-1", flows: [flow, aid],
        directory: [DirectoryEntry(id: "center", name: "中心", phone: "12348", isSample: true)], strings: strings,
        settings: aidSettings)
}
