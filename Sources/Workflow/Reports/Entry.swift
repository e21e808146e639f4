import XLSXKit

/// One line of an output list: a person, the status the line is about, and what the list says of
/// it. `value(of:)` answers every column name the shipped templates use, so a county's own
/// template can put the same columns in any order.
struct Entry {
    var assessment: Assessment
    var status: PersonOnDate.Status?
    /// 变动类型: 新增 or 退出 this month.
    var change: String?
    /// 原因说明 / 推送原因 / 退出原因 / 筛查结果.
    var reason: String?
    var exitDate: String?
    /// A ledger line: 备注 says what is wrong with its dates.
    var ledger = false

    init(_ assessment: Assessment, status: PersonOnDate.Status?, change: String? = nil, reason: String? = nil,
         exitDate: String? = nil, ledger: Bool = false) {
        self.assessment = assessment
        self.status = status
        self.change = change
        self.reason = reason
        self.exitDate = exitDate
        self.ledger = ledger
    }

    private var person: PersonOnDate { assessment.person }
    private var payment: PersonOnDate.Payment? { assessment.payment }

    /// The ledger's six dates by field.
    func ledgerDate(_ field: Field) -> String? {
        switch field {
        case .recognisedDate: status?.recognisedDate
        case .handover: status?.handover
        case .enrolled: person.enrolment?.date
        case .fundsTransferred: payment?.transferred
        case .paid: payment?.paid
        case .credited: payment?.credited
        default: nil
        }
    }

    func value(of field: String, number: Int, profile: Profile, month: ReportMonth) -> CellValue {
        if let ledgerField = Field(rawValue: field), Field.ledgerDates.contains(ledgerField) { return date(ledgerDate(ledgerField)) }
        switch field {
        case "序号": return .number(Double(number))
        case "县（市、区）", "县（市）区": return text(person.county)
        case "乡镇（街道）", "镇（街道）": return text(person.town)
        case "村（居）", "村（社区）": return text(person.village)
        case "姓名": return text(person.name)
        case "性别": return text(person.gender)
        case "公民身份号码": return .string(person.id)
        case "出生日期": return date(person.birthDate)
        case "年龄": return .number(Double(assessment.age))
        case "人员类别": return text(status?.category.rawValue ?? assessment.counted?.rawValue)
        case "认定地": return text(status?.recognisedPlace)
        case "户籍地": return text(person.household)
        case "外省户籍": return .string(assessment.pushReason?.contains("外省") == true ? "是" : "否")
        case "脱贫标注": return .string("未标注脱贫")
        case "变动类型": return text(change)
        case "联系电话": return text(person.phone)
        case "残疾人证号": return text(person.disabilityCard)
        case "残疾类别": return text(person.disabilityType)
        case "残疾等级": return text(person.disabilityGrade)
        case "缴费年度", "代缴年度": return .number(Double(assessment.paymentYear))
        case "代缴金额", "已代缴金额": return .number(assessment.paidAmount)
        case "应代缴金额": return profile.payment.amount.map { .number($0) } ?? .empty
        case "参保状态": return .string(person.enrolment?.state ?? (assessment.enrolled ? "已参保" : "未参保"))
        case "年满60周岁日期": return date(assessment.pensionDate(profile))
        case "新增日期": return date(status?.validFrom)
        case "退出日期": return date(exitDate ?? status?.validTo)
        case "原因说明", "推送原因", "新增原因", "退出原因", "筛查结果": return text(reason)
        case "已代缴类别": return text(assessment.counted?.rawValue)
        case "备注": return text(ledger ? ledgerRemark(profile) : status?.remark)
        default: return .empty
        }
    }

    /// What is wrong with a ledger line's dates, and why a person is not paid for.
    private func ledgerRemark(_ profile: Profile) -> String? {
        var notes = LedgerDates.problems { field in ledgerDate(field).flatMap(DateText.parse) }.map { "\($0.rule.title)：\($0.detail)" }
        if let reason = Comparison.notPaidReason(assessment, profile: profile) { notes.append(reason) }
        return notes.isEmpty ? nil : notes.joined(separator: "；")
    }

    private func text(_ value: String?) -> CellValue { value.map { .string($0) } ?? .empty }

    private func date(_ iso: String?) -> CellValue { iso.flatMap(DateText.parse).map { .date($0) } ?? .empty }
}
