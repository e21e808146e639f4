/// What a file is, judged from its header and title (or stated by `--kind` or a sub-folder).
public enum FileKind: String, Sendable, CaseIterable {
    case roster = "名单"
    case ledger = "台账"
    case enrolment = "参保缴费信息"
    case deaths = "死亡人员名单"
    case students = "在校生名单"
    case employeePension = "职工养老保险参保名单"
    case statistics = "统计表"

    /// How sure the judgement is.
    public enum Confidence: String, Sendable {
        case stated = "指定"
        case high = "高"
        case medium = "中"
        case low = "低"
    }

    /// The kind of a list with these columns and title lines.
    public static func judge(columns: Set<Field>, titles: [String], sheetName: String) -> (FileKind, Confidence) {
        let title = (titles + [sheetName]).joined(separator: " ")
        let ledgerDates = Field.ledgerDates.filter(columns.contains).count
        if ledgerDates >= 4 { return (.ledger, title.contains("台账") ? .high : .medium) }
        if title.contains("死亡") || title.contains("殡葬") { return (.deaths, .medium) }
        if title.contains("在校") || title.contains("学生") { return (.students, .medium) }
        if title.contains("职工") { return (.employeePension, .medium) }
        if !columns.contains(.id), title.contains("统计") || title.contains("调度") { return (.statistics, .medium) }
        if columns.contains(.category) || Category.allCases.contains(where: { title.contains($0.rawValue) }) || title.contains("名单") {
            return (.roster, columns.contains(.category) && title.contains("名单") ? .high : .medium)
        }
        if columns.contains(.status) || columns.contains(.enrolled) || columns.contains(.paymentYear) || columns.contains(.benefitStart) { return (.enrolment, .medium) }
        return (.roster, .low)
    }

    /// Fields a file of this kind must have.
    public var required: [Field] {
        switch self {
        case .roster: [.name, .id]
        case .ledger: [.name, .id, .recognisedDate, .handover]
        case .enrolment, .deaths, .students, .employeePension: [.id]
        case .statistics: []
        }
    }
}
