/// A column sheetflow understands, named as the normalised list names it; `synonyms` are the
/// headers clerks write for it.
public enum Field: String, CaseIterable, Sendable {
    case sequence = "序号"
    case county = "县（市、区）"
    case town = "乡镇（街道）"
    case village = "村（居）"
    case name = "姓名"
    case gender = "性别"
    case id = "公民身份号码"
    case birthDate = "出生日期"
    case category = "人员类别"
    case recognisedDate = "认定时间"
    case recognisedPlace = "认定地"
    case household = "户籍地"
    case outOfProvince = "外省户籍"
    case povertyMark = "脱贫标注"
    case student = "是否在校生"
    case disabilityCard = "残疾人证号"
    case disabilityType = "残疾类别"
    case disabilityGrade = "残疾等级"
    case change = "变动类型"
    case handover = "移交时间"
    case enrolled = "参保时间"
    case fundsTransferred = "资金划转时间"
    case paid = "代缴时间"
    case credited = "缴费到账时间"
    case paymentYear = "缴费年度"
    case amount = "代缴金额"
    case status = "参保状态"
    case benefitStart = "待遇开始时间"
    /// 死亡日期 (death lists: public security, health, funeral records).
    case deathDate = "死亡日期"
    /// 学校名称 (students' lists).
    case school = "学校名称"
    /// 入学时间 (students' lists).
    case admission = "入学时间"
    /// 单位名称 (employee-pension lists: the employer the person is insured through).
    case employer = "单位名称"
    /// 参保险种 (employee-pension lists: 企业职工基本养老保险, 机关事业单位养老保险).
    case insuranceType = "参保险种"
    case phone = "联系电话"
    case remark = "备注"

    /// Hashing by case, not by the Chinese raw value (which `RawRepresentable` would hash with
    /// Unicode normalisation, on every dictionary access of every row).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(withUnsafeBytes(of: self) { $0[0] })
    }

    /// Header texts that mean this field, compared after `Field.key(_:)`.
    public var synonyms: [String] {
        switch self {
        case .sequence: ["序号", "编号", "no", "no."]
        case .county: ["县（市、区）", "县区", "区县", "县（市）区", "县市区", "所属县区", "县（区）"]
        case .town: ["乡镇（街道）", "乡镇", "镇街", "街道", "镇（街道）", "乡（镇、街道）", "乡镇街道", "所属乡镇", "镇（区）"]
        case .village: ["村（居）", "村居", "村（社区）", "村委会", "社区", "村（居）委会", "行政村"]
        case .name: ["姓名", "名字", "人员姓名", "对象姓名", "户主姓名", "残疾人姓名", "贫困人口姓名", "参保人姓名"]
        case .gender: ["性别"]
        case .id: ["公民身份号码", "身份证号", "身份证号码", "公民身份证号", "公民身份证号码", "证件号码", "身份证", "身份证件号码",
                   "居民身份证号码", "证件号", "社会保障号码", "身份证号（18位）"]
        case .birthDate: ["出生日期", "出生年月", "出生年月日"]
        case .category: ["人员类别", "类别", "困难类别", "救助类别", "对象类别", "人员类型", "身份类别", "困难群体类别", "贫困类别", "代缴类别"]
        case .recognisedDate: ["认定时间", "认定日期", "纳入时间", "审批时间", "批准时间", "批准日期", "享受时间", "纳入日期"]
        case .recognisedPlace: ["认定地", "认定地区", "认定单位", "认定地（市、县）"]
        case .household: ["户籍地", "户籍地址", "户籍所在地", "户口所在地", "户籍地详址", "户籍"]
        case .outOfProvince: ["外省户籍", "是否外省户籍"]
        case .povertyMark: ["脱贫标注", "是否标注脱贫", "标注脱贫", "是否脱贫", "脱贫标识", "是否已标注脱贫"]
        case .student: ["是否在校生", "在校生", "是否学生", "在校学生"]
        case .disabilityCard: ["残疾人证号", "残疾证号", "残疾人证号码", "第二代残疾人证号", "残疾证号码"]
        case .disabilityType: ["残疾类别", "残疾类型"]
        case .disabilityGrade: ["残疾等级", "等级"]
        case .change: ["变动类型", "变更类型", "增减类型", "变动情况"]
        case .handover: ["移交时间", "人员信息移交社保经办机构时间", "移交社保经办机构时间", "移交日期"]
        case .enrolled: ["参保时间", "参保日期", "参保登记时间"]
        case .fundsTransferred: ["资金划转时间", "财政资金划转时间", "划转时间"]
        case .paid: ["代缴时间", "代缴日期"]
        case .credited: ["缴费到账时间", "到账时间", "到账日期"]
        case .paymentYear: ["缴费年度", "代缴年度"]
        case .amount: ["代缴金额", "代缴金额（元）", "缴费金额", "金额"]
        case .status: ["参保状态", "参保情况"]
        case .benefitStart: ["待遇开始时间", "待遇领取时间", "开始领取时间", "待遇享受时间", "领取待遇时间"]
        case .deathDate: ["死亡日期", "死亡时间", "死亡日期（年月日）", "火化日期", "火化时间", "殡葬日期", "注销日期（死亡）"]
        case .school: ["学校名称", "就读学校", "学校", "所在学校", "院校名称", "就读院校", "学校（院校）名称"]
        case .admission: ["入学时间", "入学日期", "入学年月", "入校时间", "注册入学时间"]
        case .employer: ["单位名称", "参保单位", "工作单位", "参保单位名称", "用人单位"]
        case .insuranceType: ["参保险种", "险种", "险种类型", "险种名称", "参保类型"]
        case .phone: ["联系电话", "电话", "手机号码", "手机", "联系方式", "电话号码", "手机号"]
        case .remark: ["备注", "说明"]
        }
    }

    /// The fields holding dates.
    public var isDate: Bool {
        [.birthDate, .recognisedDate, .handover, .enrolled, .fundsTransferred, .paid, .credited, .benefitStart, .deathDate, .admission].contains(self)
    }

    /// Fields whose values are codes or words, cleaned of every space (not names or addresses).
    public var isCompact: Bool {
        [.gender, .phone, .disabilityCard, .disabilityGrade, .category, .outOfProvince, .povertyMark, .student, .change].contains(self)
    }

    /// Free text (remarks, school and employer names): kept exactly as the clerk wrote
    /// it; only its length is checked.
    public var isFreeText: Bool {
        [.remark, .school, .employer].contains(self)
    }

    /// Fields written with the text format in the cleaned list, so digits stay as typed.
    public var isText: Bool {
        [.id, .phone, .disabilityCard, .sequence].contains(self)
    }

    /// The six ledger dates, in the order they must follow (DESIGN §2).
    public static let ledgerDates: [Field] = [.recognisedDate, .handover, .enrolled, .fundsTransferred, .paid, .credited]

    /// A header text compared loosely: no spaces or line breaks, half-width brackets made
    /// full-width, Latin letters lower-case, a trailing colon dropped.
    public static func key(_ header: String) -> String {
        var key = ""
        for scalar in header.unicodeScalars {
            switch scalar {
            case " ", "\u{3000}", "\n", "\r", "\t", "\u{00A0}", "*", "＊": continue
            case "(": key.unicodeScalars.append("（")
            case ")": key.unicodeScalars.append("）")
            case ":", "：": continue
            default: key.unicodeScalars.append(contentsOf: String(scalar).lowercased().unicodeScalars)
            }
        }
        return key
    }

    private static let byKey: [String: Field] = {
        var map: [String: Field] = [:]
        for field in Field.allCases {
            for synonym in field.synonyms + [field.rawValue] { map[key(synonym)] = map[key(synonym)] ?? field }
        }
        return map
    }()

    /// UTF-8 of the headers for the name and ID columns, to spot a header repeated on a later page
    /// without hashing strings.
    static let personHeaderBytes: Set<[UInt8]> = Set((Field.name.synonyms + Field.id.synonyms).map { Array($0.utf8) })

    /// The field a header names, or nil.
    public static func matching(_ header: String) -> Field? {
        let key = key(header)
        guard !key.isEmpty else { return nil }
        if let field = byKey[key] { return field }
        // "公民身份号码（18位）", "姓名（必填）": a known header followed by a bracketed note.
        if let bracket = key.firstIndex(of: "（"), let field = byKey[String(key[..<bracket])] { return field }
        return nil
    }
}
