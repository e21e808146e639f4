/// What a file is, judged from its header, title, sheet and file name (or stated by `--kind` or
/// an inbox sub-folder).
public enum FileKind: String, Sendable, CaseIterable {
    case roster = "名单"
    case ledger = "台账"
    case enrolment = "参保缴费信息"
    case deaths = "死亡人员名单"
    case students = "在校生名单"
    case employeePension = "职工养老保险参保名单"
    case fundsTransfer = "资金划转名单"
    case statistics = "统计表"

    /// How sure the judgement is. A judgement of low confidence never changes the register.
    public enum Confidence: String, Sendable {
        case stated = "指定"
        case high = "高"
        case medium = "中"
        case low = "低"
    }

    /// The kind of a list with these columns, title lines, sheet name and file name. Columns that
    /// only one kind has (死亡日期, 学校名称, 单位名称, six ledger dates, a 人员类别 column) weigh
    /// most; words in the title or names (死亡, 在校, 职工, 资金划转, a category) come next.
    public static func judge(columns: Set<Field>, titles: [String], sheetName: String, fileName: String = "") -> (FileKind, Confidence) {
        let text = (titles + [sheetName, fileName]).joined(separator: " ")
        func says(_ words: [String]) -> Bool { words.contains(where: text.contains) }
        let pensionColumns = [Field.status, .enrolled, .paymentYear, .benefitStart, .paid, .credited, .amount].filter(columns.contains).count

        if Field.ledgerDates.filter(columns.contains).count >= 4 { return (.ledger, says(["台账"]) ? .high : .medium) }
        if columns.contains(.deathDate) { return (.deaths, .high) }
        if columns.contains(.school) || columns.contains(.admission) { return (.students, .high) }
        if columns.contains(.employer) || columns.contains(.insuranceType) {
            return (.employeePension, says(employeeWords) ? .high : .medium)
        }
        if columns.contains(.fundsTransferred), pensionColumns == 0, !columns.contains(.category) {
            return (.fundsTransfer, says(transferWords) ? .high : .medium)
        }
        if says(deathWords) { return (.deaths, .medium) }
        if says(studentWords) { return (.students, .medium) }
        if says(employeeWords) { return (.employeePension, .medium) }
        // Exports often carry a 代缴类别 column too; rosters seldom more than one pension column.
        if pensionColumns >= 2, !columns.contains(.category) || says(exportWords) || !says(["名单"]) {
            return (.enrolment, pensionColumns >= 3 || says(exportWords) ? .high : .medium)
        }
        if columns.contains(.category) { return (.roster, says(exportWords) ? .medium : .high) }
        if says(transferWords), columns.contains(.fundsTransferred) || columns.contains(.amount) { return (.fundsTransfer, .medium) }
        if Validator.titleCategory([text]) != nil { return (.roster, .medium) }
        if pensionColumns == 1 || says(exportWords) { return (.enrolment, .medium) }
        return (.roster, .low)
    }

    private static let deathWords = ["死亡", "殡葬", "火化", "去世", "亡故"]
    private static let studentWords = ["在校", "学生", "学籍"]
    private static let employeeWords = ["职工养老", "职工基本养老", "企业职工", "机关事业单位养老"]
    private static let transferWords = ["资金划转", "资金拨付", "拨付", "划拨", "划转"]
    private static let exportWords = ["参保缴费", "缴费信息", "参保信息", "代缴信息", "缴费明细", "参保情况"]

    /// Fields a file of this kind must have.
    public var required: [Field] {
        switch self {
        case .roster: [.name, .id]
        case .ledger: [.name, .id, .recognisedDate, .handover]
        case .enrolment, .deaths, .students, .employeePension, .fundsTransfer: [.id]
        case .statistics: []
        }
    }

    /// How to name the kind of a file whose kind cannot be told, in Chinese.
    public static var howToName: String {
        "请把文件放入收件箱中以类别命名的子文件夹（如 inbox/死亡人员名单/），或用 --kind 指定（可用：\(allCases.map(\.rawValue).joined(separator: "、"))）；"
            + "名单请写明人员类别（加“人员类别”列，或在标题中写明“低保对象名单”等）。"
    }
}
