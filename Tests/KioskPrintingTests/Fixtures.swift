import Foundation
import KioskCore

enum Fixtures {
    static let labels = SlipLabels(strings: StringTable([
        "slip_heading": "社区法律服务指引单",
        "slip_situation": "您的情况",
        "slip_guidance": "办理建议",
        "slip_materials": "需要准备的材料",
        "slip_where_to_go": "可以去哪里",
        "slip_deadlines": "重要期限",
        "slip_law": "法律依据",
        "slip_hotline": "公共法律服务热线",
        "slip_footer": "本指引仅供参考，不构成法律意见。",
        "sample_entry": "示例",
        "phone": "电话",
        "hours": "时间",
        "address": "地址",
    ]))

    static let unpaidWages = SlipModel(
        flowID: "unpaid-wages",
        outcomeID: "arbitration",
        heading: "社区法律服务指引单",
        flowTitle: "工资被拖欠怎么办",
        title: "申请劳动仲裁，追讨拖欠的工资",
        situation: "有书面劳动合同；已离职；拖欠三个月工资",
        guidance: "先与用人单位协商，并保留聊天记录、工资条等证据。协商不成的，可以向用人单位所在地的劳动人事争议仲裁委员会申请仲裁，仲裁不收费。"
            + "对仲裁裁决不服的，可以在收到裁决书之日起十五日内向人民法院起诉。",
        materials: ["身份证原件及复印件", "劳动合同或工作证、工牌、考勤记录", "工资条、银行流水或欠条", "仲裁申请书（一式两份，可在窗口领取）"],
        places: [
            DirectoryEntry(id: "arb-center", name: "区劳动人事争议仲裁院", address: "幸福路 88 号劳动保障大厦二楼",
                           hours: "工作日 9:00–17:00", phone: "010-12345678", isSample: true),
            DirectoryEntry(id: "legal-station", name: "社区公共法律服务工作室", address: "社区服务中心一楼 103 室",
                           hours: "周一至周六 9:00–12:00", isSample: true),
        ],
        deadlines: ["申请仲裁的时效期间为一年，从知道或者应当知道权利被侵害之日起计算。", "劳动关系存续期间拖欠工资的，不受一年时效限制，但应自劳动关系终止之日起一年内提出。"],
        citations: [
            Citation(law: "中华人民共和国劳动争议调解仲裁法", article: "第二十七条",
                     excerpt: "劳动争议申请仲裁的时效期间为一年。仲裁时效期间从当事人知道或者应当知道其权利被侵害之日起计算。"),
            Citation(law: "中华人民共和国劳动合同法", article: "第三十条",
                     excerpt: "用人单位拖欠或者未足额支付劳动报酬的，劳动者可以依法向当地人民法院申请支付令，人民法院应当依法发出支付令。"),
        ],
        hotline: "12348",
        qrURL: "https://fw.example.gov.cn/g/unpaid-wages/arbitration?v=2025.06.1",
        kioskID: "BJ-CY-0042",
        contentVersion: "2025.06.1",
        date: "2025-06-18",
        labels: labels)
}

func temporaryDirectory(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("kiosk-printing-tests-\(ProcessInfo.processInfo.processIdentifier)")
        .appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Keeps sample output where a reviewer can look at it after the run.
func sampleOutputDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-slip-samples")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
