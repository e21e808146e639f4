import XLSXKit

/// One line of an output list: a person, the status the line is about, and what the list says of
/// it. `Column` knows every column name the shipped templates use, so a county's own
/// template can put the same columns in any order.
struct Entry {
    var assessment: Assessment
    var status: PersonOnDate.Status?
    /// 变动类型: 新增 or 退出 this month.
    var change: String?
    /// 原因说明 / 推送原因 / 新增原因 / 退出原因 / 筛查结果.
    var reason: String?
    /// 新增日期 / 退出日期 when not the status's own.
    var addedDate: String?
    var exitDate: String?
    /// A ledger line: 备注 says what is wrong with its dates.
    var ledger = false

    init(_ assessment: Assessment, status: PersonOnDate.Status?, change: String? = nil, reason: String? = nil,
         addedDate: String? = nil, exitDate: String? = nil, ledger: Bool = false) {
        self.assessment = assessment
        self.status = status
        self.change = change
        self.reason = reason
        self.addedDate = addedDate
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

    /// A column of an output list, resolved once per list from the name the template uses (names
    /// are Chinese text, which Swift compares slowly; a list has many lines).
    enum Column: Equatable {
        case ledgerDate(Field)
        case number, county, town, village, name, gender, id, birthDate, age, category, recognisedPlace, household
        case outOfProvince, povertyMark, change, phone, disabilityCard, disabilityType, disabilityGrade, paymentYear
        case paidAmount, dueAmount, enrolmentState, pensionDate, addedDate, exitDate, reason, paidCategory, remark, unknown

        init(_ name: String) {
            if let field = Field(rawValue: name), Field.ledgerDates.contains(field) {
                self = .ledgerDate(field)
                return
            }
            switch name {
            case "序号": self = .number
            case "县（市、区）", "县（市）区": self = .county
            case "乡镇（街道）", "镇（街道）": self = .town
            case "村（居）", "村（社区）": self = .village
            case "姓名": self = .name
            case "性别": self = .gender
            case "公民身份号码": self = .id
            case "出生日期": self = .birthDate
            case "年龄": self = .age
            case "人员类别": self = .category
            case "认定地": self = .recognisedPlace
            case "户籍地": self = .household
            case "外省户籍": self = .outOfProvince
            case "脱贫标注": self = .povertyMark
            case "变动类型": self = .change
            case "联系电话": self = .phone
            case "残疾人证号": self = .disabilityCard
            case "残疾类别": self = .disabilityType
            case "残疾等级": self = .disabilityGrade
            case "缴费年度", "代缴年度": self = .paymentYear
            case "代缴金额", "已代缴金额": self = .paidAmount
            case "应代缴金额": self = .dueAmount
            case "参保状态": self = .enrolmentState
            case "年满60周岁日期": self = .pensionDate
            case "新增日期": self = .addedDate
            case "退出日期": self = .exitDate
            case "原因说明", "推送原因", "新增原因", "退出原因", "筛查结果": self = .reason
            case "已代缴类别": self = .paidCategory
            case "备注": self = .remark
            default: self = .unknown
            }
        }

        /// A column naming the place a row is about (county or township).
        var isPlace: Bool { self == .county || self == .town }
    }

    func value(of column: Column, number: Int, profile: Profile) -> CellValue {
        switch column {
        case .ledgerDate(let field): date(ledgerDate(field))
        case .number: .number(Double(number))
        case .county: text(person.county)
        case .town: text(person.town)
        case .village: text(person.village)
        case .name: text(person.name)
        case .gender: text(person.gender)
        case .id: .string(person.id)
        case .birthDate: date(person.birthDate)
        case .age: .number(Double(assessment.age))
        case .category: text(status?.category.rawValue ?? assessment.counted?.rawValue)
        case .recognisedPlace: text(status?.recognisedPlace)
        case .household: text(person.household)
        case .outOfProvince: .string(assessment.outOfProvince ? "是" : "否")
        case .povertyMark: text(status?.povertyMark)
        case .change: text(change)
        case .phone: text(person.phone)
        case .disabilityCard: text(person.disabilityCard)
        case .disabilityType: text(person.disabilityType)
        case .disabilityGrade: text(person.disabilityGrade)
        case .paymentYear: .number(Double(assessment.paymentYear))
        // Blank, not 0, for someone not due to be paid for (the benefit path, excluded, next year's).
        case .paidAmount: assessment.payment?.made == true || assessment.shouldPay ? .number(assessment.paidAmount) : .empty
        case .dueAmount: profile.payment.amount.map { .number($0) } ?? .empty
        case .enrolmentState: .string(person.enrolment?.state ?? (assessment.enrolled ? "已参保" : "未参保"))
        case .pensionDate: date(assessment.pensionDate(profile))
        case .addedDate: date(addedDate ?? status?.validFrom)
        case .exitDate: date(exitDate ?? status?.validTo)
        case .reason: text(reason)
        case .paidCategory: text(assessment.counted?.rawValue)
        case .remark: text(ledger ? ledgerRemark(profile) : status?.remark)
        case .unknown: .empty
        }
    }

    /// What is wrong with a ledger line's dates, and a payment below the standard.
    private func ledgerRemark(_ profile: Profile) -> String? {
        let due = (assessment.shouldEnrol ? [Field.enrolled] : []) + (assessment.shouldPay ? [Field.paid] : [])
        var notes = LedgerDates.problems({ field in ledgerDate(field).flatMap(DateText.parse) }, due: due, asOf: DateText.iso(assessment.date))
            .map { "\($0.rule.title)：\($0.detail)" }
        if assessment.payment?.made == true, let reason = Comparison.notPaidReason(assessment, profile: profile) { notes.append(reason) }
        return notes.isEmpty ? nil : notes.joined(separator: "；")
    }

    private func text(_ value: String?) -> CellValue { value.map { .string($0) } ?? .empty }

    private func date(_ iso: String?) -> CellValue { iso.flatMap(DateText.parse).map { .date($0) } ?? .empty }
}
