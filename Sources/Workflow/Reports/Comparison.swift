import XLSXKit

/// The comparison (比对, notice 000): who should be enrolled, paid for or receiving a pension and
/// is not, why, and who was left out of the comparison and why. The statistics count with the
/// same predicates (`Tally`), so 应参保 − 已参保 is the 应参未参 list, 应代缴 − 已代缴 the
/// 应代缴未代缴 list and 应领取 − 已领取 the 应发未发 list, for every category and place.
enum Comparison {
    /// Why a person belongs on a comparison list, nil when they do not.
    static func reason(_ output: Profile.OutputKind, _ assessment: Assessment, profile: Profile) -> String? {
        switch output {
        case .shouldEnrol:
            guard assessment.shouldEnrol, !assessment.enrolled else { return nil }
            if let state = assessment.person.enrolment?.state { return "参保状态为「\(state)」" }
            return "未查到参保记录"
        case .shouldPay:
            return notPaidReason(assessment, profile: profile)
        case .shouldReceive:
            guard assessment.shouldReceive, !assessment.receiving else { return nil }
            return "已年满\(profile.age.pension)周岁，未查到待遇领取记录"
        default:
            return nil
        }
    }

    /// Why someone who should be paid for has not been (fully), nil when paid or not due.
    static func notPaidReason(_ assessment: Assessment, profile: Profile) -> String? {
        guard assessment.shouldPay, !assessment.paidInFull else { return nil }
        guard let payment = assessment.payment, payment.made else {
            return assessment.enrolled ? "\(assessment.paymentYear)年度未查到代缴记录" : "未参保，无法代缴"
        }
        return "已代缴 \(CellValue.number(payment.amount ?? 0).text) 元，低于每人每年 \(CellValue.number(profile.payment.amount ?? 0).text) 元"
    }

    /// Why a person on the month's lists is not compared (not on the three lists), nil when compared.
    static func leftOutReason(_ assessment: Assessment, profile: Profile) -> String? {
        guard assessment.listed != nil else { return nil }
        var reasons = assessment.exclusions
        guard assessment.counted != nil else { return reasons.joined(separator: "；") }   // died: the reasons name the date
        if let push = assessment.pushReason { reasons.append(push) }
        if assessment.age < profile.age.minimum { reasons.append("未满\(profile.age.minimum)周岁（\(assessment.age)周岁）") }
        if let maximum = profile.age.maximum, assessment.age >= maximum, assessment.age < profile.age.pension {
            reasons.append("已满\(maximum)周岁，不再代缴")
        }
        if assessment.deferred, let cutoff = profile.cycle.cutoff { reasons.append("\(cutoff)后新增，列入\(assessment.paymentYear + 1)年代缴") }
        return reasons.isEmpty ? nil : reasons.joined(separator: "；")
    }

    /// Kunming's double-subsidy screen of a level-3/4 disabled person (notice 003: 残联 screens out
    /// those the government already pays for as 低保对象, 特困人员 or 返贫致贫人口).
    static func screen(_ assessment: Assessment, profile: Profile) -> String {
        guard let counted = assessment.counted else { return "未享受其他代缴，可按残疾人政策补助" }
        if assessment.deferred, let cutoff = profile.cycle.cutoff {
            return "属\(counted.rawValue)，但\(cutoff)后新增，今年不由政府代缴（列入\(assessment.paymentYear + 1)年），今年可按残疾人政策补助"
        }
        if assessment.paidInFull { return "已按\(counted.rawValue)代缴，残联不再补助" }
        return "属\(counted.rawValue)，应由该渠道代缴，残联不补助"
    }

    /// The columns of 比对排除名单.
    static let exclusionFields = ["序号", "姓名", "性别", "公民身份号码", "人员类别", "年龄", "排除原因"]

    /// A person's row on 比对排除名单, nil when the comparison did not leave them out.
    static func exclusionRow(_ assessment: Assessment, number: Int, profile: Profile) -> [CellValue]? {
        guard let reason = leftOutReason(assessment, profile: profile) else { return nil }
        let person = assessment.person
        return [.number(Double(number)), .string(person.name), .string(person.gender), .string(person.id), .string(assessment.listed!.rawValue),
                .number(Double(assessment.age)), .string(reason)]
    }

    /// 比对排除名单.xlsx: everyone on the month's lists the comparison left out, with the reason.
    static func writeExclusions(_ rows: TemplateList, date: ExcelDateTime, to path: String) throws {
        let writer = try WorkbookWriter(path: path)
        let header = writer.style(.header), text = writer.style(.text)
        let sheet = try writer.addSheet("比对排除名单", setup: SheetSetup(columns: [SheetSetup.Column(4, width: 21), SheetSetup.Column(7, width: 60)],
                                                                     fitColumns: true, freeze: CellReference("A3"), print: .init(repeatRows: 2...2)))
        try sheet.writeRow([WriteCell(.string("比对排除名单（数据截至\(date.chineseText)）"), style: header)])
        try sheet.writeRow(exclusionFields.map { WriteCell(.string($0), style: header) })
        try rows.forEachRecord { row in
            try sheet.writeRow(row.enumerated().map { WriteCell($0.element, style: $0.offset == 3 ? text : nil) })
        }
        try writer.close()
    }
}
