/// How much a finding matters.
public enum Severity: String, Sendable, Comparable {
    /// The value is wrong and must be fixed before the list is used.
    case error
    /// The value was changed or is doubtful; check it and fix the source.
    case warning
    /// Worth knowing (eligibility, pushing, counting); nothing to fix.
    case info

    /// Hashing by case, not by the raw value (counted once per finding).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(withUnsafeBytes(of: self) { $0[0] })
    }

    /// The Chinese word used in reports.
    public var label: String {
        switch self {
        case .error: "错误"
        case .warning: "警告"
        case .info: "提示"
        }
    }

    private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A validation rule: a stable code, a severity, what it checks and how to fix what it finds.
/// The catalogue is `Rule.all`; docs/rules.md is generated from it (`sheetflow rules --markdown`).
public struct Rule: Sendable, Hashable {
    public let code: String
    public let severity: Severity
    /// What the rule checks, in Chinese.
    public let title: String
    /// How to fix what it finds, in Chinese.
    public let fix: String

    init(_ code: String, _ severity: Severity, _ title: String, fix: String) {
        self.code = code
        self.severity = severity
        self.title = title
        self.fix = fix
    }

    public static func == (lhs: Rule, rhs: Rule) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    // MARK: The file

    public static let noHeader = Rule("FILE001", .error, "找不到表头：前 30 行中没有同时含“姓名”或“身份证号”等列名的行",
                                      fix: "请保留表头行（如“序号、姓名、公民身份号码、人员类别”），不要删除或合并表头。")
    public static let hiddenSheet = Rule("FILE002", .info, "隐藏的工作表未检查", fix: "如隐藏的工作表也是名单，请取消隐藏后重新提交。")
    public static let kind = Rule("FILE003", .info, "文件类型的判断", fix: "如判断有误，可用 --kind 指定，或放入对应的子文件夹。")
    public static let asOf = Rule("FILE004", .info, "数据截至日期及其来源", fix: "建议在标题下写明“数据截至 XXXX年X月X日”。")
    public static let missingColumn = Rule("FILE005", .error, "缺少必需的列", fix: "请在表头中加上这一列（列名可用常见写法，如“身份证号”“公民身份号码”）。")
    public static let incompleteFile = Rule("FILE006", .warning, "文件内部不完整，已尽量读取",
                                            fix: "请用 Excel 或 WPS 打开核对内容是否齐全，另存为 .xlsx 后重新报送。")
    public static let otherListSheet = Rule("FILE007", .warning, "另一张工作表也有名单表头，但列与第一张名单不同，未检查",
                                            fix: "如也是要报送的名单，请把列调成与第一张相同（同样的列、同样的顺序），或分成另一个文件报送。")
    public static let continuedSheets = Rule("FILE008", .info, "名单分在几张表头相同的工作表上，已一并检查",
                                             fix: "各工作表的记录按顺序合为一份名单；行号前注明了工作表。")

    // MARK: ID numbers

    public static let idRequired = Rule("ID001", .error, "身份证号为空", fix: "请填写 18 位公民身份号码。")
    public static let idLength = Rule("ID002", .error, "身份证号位数不对（应为 18 位）", fix: "请核对号码，补全或删去多余的字符。")
    public static let idCharacter = Rule("ID003", .error, "身份证号含有数字和末位 X 以外的字符", fix: "请删去字母、标点等多余字符。")
    public static let idCheckDigit = Rule("ID004", .error, "身份证号校验位不对（GB 11643 MOD 11-2）", fix: "请对照身份证原件核对每一位数字，常见原因是录入时错了一位或两位颠倒。")
    public static let idBirthDate = Rule("ID005", .error, "身份证号中的出生日期不存在", fix: "请核对第 7—14 位出生日期。")
    public static let idFuture = Rule("ID006", .error, "身份证号中的出生日期晚于数据截至日期", fix: "请核对号码。")
    public static let idAge = Rule("ID007", .warning, "按身份证号计算的年龄超过 110 岁", fix: "请核对号码；如人员已去世，应从名单中退出。")
    public static let idLegacy = Rule("ID008", .warning, "15 位旧身份证号，已转换为 18 位", fix: "请在名单中改用 18 位号码。")
    public static let idNumeric = Rule("ID009", .error, "身份证号存成了数字，末几位已丢失", fix: "Excel 数字只保留 15 位有效数字，后几位已变成 0，无法还原。请把该列设为“文本”格式后，按身份证原件重新录入。")
    public static let idNumericKept = Rule("ID014", .warning, "身份证号存成了数字，18 位完整、校验位正确，已按文本保留", fix: "下次请先把该列设为“文本”格式再录入或粘贴：数字格式的号码在 Excel 中再保存一次就会丢掉末几位。")
    public static let idProvince = Rule("ID010", .error, "身份证号前两位不是有效的省级代码", fix: "请核对号码前两位。")
    public static let idCounty = Rule("ID011", .warning, "身份证号前六位不在县级行政区划代码表中", fix: "请核对号码前六位；早年撤并的县的代码也可能出现，核实无误可忽略。")
    public static let duplicate = Rule("DUP001", .error, "同一文件中身份证号重复", fix: "同一人只应出现一次，请删去重复的行，或核对是否录错号码。")
    public static let genderMismatch = Rule("ID012", .error, "性别与身份证号第 17 位不符（奇数为男，偶数为女）", fix: "请核对性别或号码。")
    public static let birthDateMismatch = Rule("ID013", .error, "出生日期与身份证号第 7—14 位不符", fix: "请核对出生日期或号码；常见原因是号码录成了别人的。")
    public static let sameIDOtherName = Rule("DUP002", .error, "同一身份证号对应不同姓名", fix: "一个号码只属于一个人：请对照身份证核对这几行的号码和姓名，常见原因是复制粘贴时用错了别人的号码。")

    // MARK: Normalisation

    public static let fullWidth = Rule("NORM001", .warning, "含全角数字或字母，已转换为半角", fix: "请在源文件中改为半角（关闭输入法的全角模式）。")
    public static let invisible = Rule("NORM002", .warning, "含空格、不可见字符或换行，已删除", fix: "请在源文件中删除多余的空格和不可见字符（常见于从网页或系统中复制的内容）。")
    public static let apostrophe = Rule("NORM003", .warning, "开头有多余的撇号（'），已删除", fix: "身份证号等列请设为“文本”格式，不必再加撇号。")
    public static let lowerX = Rule("NORM004", .warning, "身份证号末位是小写 x，已改为大写 X", fix: "请改为大写 X。")
    public static let textTooLong = Rule("NORM005", .warning, "单元格文字超过 Excel 每格 32767 个字符的上限，规范化名单中已截断",
                                         fix: "请检查这一格：常见原因是把整段文字或多行内容粘贴进了一个单元格。")

    // MARK: Dates

    public static let dateText = Rule("DATE001", .warning, "日期写成了文字或数字，已识别为日期", fix: "请把该列设为日期格式并填写真正的日期（如 2020-03-05）。")
    public static let dateInvalid = Rule("DATE002", .error, "无法识别的日期", fix: "请填写有效日期，如 2020-03-05 或 2020年3月5日。")
    public static let dateFuture = Rule("DATE003", .warning, "日期晚于数据截至日期", fix: "请核对日期。")

    // MARK: Categories and required fields

    public static let required = Rule("REQ001", .error, "必填项为空", fix: "请补填该项。")
    public static let categorySynonym = Rule("CAT001", .warning, "人员类别的写法不规范，已改为标准名称", fix: "请使用标准名称：建档立卡贫困人口、低保对象、特困人员、重度残疾人、精神和智力残疾人、返贫致贫人口。")
    public static let categoryFormer = Rule("CAT002", .warning, "“五保”是旧称，已按“特困人员”处理", fix: "自 2014 年起农村五保供养对象纳入特困人员，请改为“特困人员”。")
    public static let categoryUnknown = Rule("CAT003", .error, "不认识的人员类别", fix: "请填写：建档立卡贫困人口、低保对象、特困人员、重度残疾人、精神和智力残疾人或返贫致贫人口。")
    public static let categoryOutOfProfile = Rule("CAT004", .warning, "人员类别不在本地代缴范围内", fix: "请确认该类别是否应报送给本地社保经办机构。")
    public static let multipleCategories = Rule("CAT005", .info, "同一人在文件中属于多个类别，按优先顺序只统计一次", fix: "无需修改；统计时按配置中的优先顺序归类。")

    // MARK: Eligibility

    public static let under16 = Rule("ELIG001", .info, "数据截至日未满 16 周岁，暂不参保", fix: "年满 16 周岁（非在校生）后纳入参保代缴。")
    public static let pensionAge = Rule("ELIG002", .info, "数据截至日已满待遇领取年龄，走待遇领取（应发）路径", fix: "请核实是否已按月领取城乡居民养老保险待遇。")
    public static let student = Rule("ELIG003", .info, "在校学生（含技工院校），暂不参保代缴", fix: "毕业离校后纳入参保代缴。")
    public static let outOfProvince = Rule("ELIG004", .warning, "户籍在外省，应列入名单并标注", fix: "请在“外省户籍”栏填“是”（粤人社规〔2020〕49号：外省户籍人员需列入名单内）。")
    public static let crossCity = Rule("ELIG005", .info, "认定地与户籍地不在同一地级市，需推送户籍地", fix: "由户籍地参保代缴；认定地社保经办机构应向户籍地推送信息。")

    // MARK: Ledger, phone, disability card

    public static let ledgerOrder = Rule("LED001", .error, "台账日期的先后不可能（移交早于认定、代缴早于参保或到账早于代缴）", fix: "请核对这两个日期。")
    public static let ledgerMonth = Rule("LED002", .warning, "参保或代缴未在移交当月完成", fix: "参保和代缴应在人员信息移交社保经办机构的当月完成；已在移交前参保、代缴的不受影响。")
    public static let phone = Rule("TEL001", .warning, "联系电话的位数或写法不对", fix: "手机号为 11 位、以 1 开头；固定电话写成“区号-号码”。")
    public static let disabilityCard = Rule("DIS001", .error, "残疾人证号格式不对（应为 20 位：18 位身份证号 + 残疾类别 1—7 + 残疾等级 1—4）", fix: "请对照残疾人证核对。")
    public static let disabilityCardID = Rule("DIS002", .error, "残疾人证号前 18 位与身份证号不一致", fix: "请核对身份证号或残疾人证号。")
    public static let disabilityGradeMismatch = Rule("DIS003", .error, "残疾等级与残疾人证号第 20 位不一致", fix: "请核对残疾等级。")

    /// Every rule, in the order docs/rules.md lists them.
    public static let all: [Rule] = [
        noHeader, hiddenSheet, kind, asOf, missingColumn, incompleteFile, otherListSheet, continuedSheets,
        idRequired, idLength, idCharacter, idCheckDigit, idBirthDate, idFuture, idAge, idLegacy, idNumeric, idNumericKept, idProvince, idCounty,
        genderMismatch, birthDateMismatch, duplicate, sameIDOtherName,
        fullWidth, invisible, apostrophe, lowerX, textTooLong,
        dateText, dateInvalid, dateFuture,
        required, categorySynonym, categoryFormer, categoryUnknown, categoryOutOfProfile, multipleCategories,
        under16, pensionAge, student, outOfProvince, crossCity,
        ledgerOrder, ledgerMonth, phone, disabilityCard, disabilityCardID, disabilityGradeMismatch,
    ]
}
