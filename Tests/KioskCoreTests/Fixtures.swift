import KioskCore

/// A small flow written in code, so engine tests do not depend on the shipped content's wording.
enum Fixtures {
    static let flow = Flow(
        id: "wages", title: "工资", category: "labour", version: 1, start: "q1",
        nodes: [
            Node(id: "q1", kind: .question(prompt: "哪里？", options: [
                AnswerOption(id: "site", label: "工地", summary: "在工地", next: "o-site"),
                AnswerOption(id: "shop", label: "商店", next: "q2"),
            ])),
            Node(id: "q2", kind: .question(prompt: "还在上班吗？", options: [
                AnswerOption(id: "yes", label: "在", summary: "还在上班", next: "o-employed"),
                AnswerOption(id: "no", label: "不在", summary: "已离开", next: "q3"),
            ])),
            Node(id: "q3", kind: .question(prompt: "多久？", options: [
                AnswerOption(id: "short", label: "不到一年", next: "o-arbitration"),
                AnswerOption(id: "long", label: "超过一年", next: "o-arbitration"),
            ])),
            Node(id: "o-site", kind: .outcome(Outcome(title: "工地结果", guidance: "投诉", places: ["center"],
                                                    citations: [Citation(law: "条例", article: "第三十条")]))),
            Node(id: "o-employed", kind: .outcome(Outcome(title: "在职结果", guidance: "仲裁", places: ["center"],
                                                        citations: [Citation(law: "仲裁法", article: "第二十七条")]))),
            Node(id: "o-arbitration", kind: .outcome(Outcome(title: "仲裁结果", guidance: "一年内", places: ["center"],
                                                           citations: [Citation(law: "仲裁法", article: "第二十七条")]))),
        ])

    static let strings = StringTable(Dictionary(uniqueKeysWithValues: UIText.allCases.map { ($0.rawValue, "[\($0.rawValue)]") }))

    static let content = ContentSet(
        version: "test-1", flows: [flow],
        directory: [DirectoryEntry(id: "center", name: "中心", phone: "12348", isSample: true)], strings: strings)
}
