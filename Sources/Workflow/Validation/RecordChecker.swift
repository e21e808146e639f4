import Foundation
import XLSXKit

/// The checks on one data row: normalises each value the layout maps and applies the rules.
final class RecordChecker {
    struct Result {
        var values: [Field: CellValue]
        /// The ID as a compact key for the duplicate check (nil when the ID is not valid).
        var idKey: UInt64?
        var category: Category?
        /// Values of the columns no field names, in column order (kept in the cleaned list).
        var extras: [CellValue] = []
    }

    let layout: RosterLayout
    /// The sheet whose rows are being checked (the list's first, or a continuation).
    var sheet: String
    let options: ValidationOptions
    let kind: FileKind
    private let extraColumns: [Int]
    /// Columns `0..<cellsWidth` of a row can be mapped; `isMapped[column]` says whether one is.
    private let cellsWidth: Int
    private let isMapped: [Bool]
    let asOf: ExcelDateTime
    let titleCategory: Category?
    /// 脱贫标注 the title gives every row (`建档立卡未标注脱贫贫困人口名单`), when it gives one.
    let titlePovertyMark: String?
    let dateSystem: DateSystem
    let divisions: DivisionCodes
    private let places: PlaceNames

    init(layout: RosterLayout, options: ValidationOptions, kind: FileKind, asOf: ExcelDateTime, titleCategory: Category?, titlePovertyMark: String? = nil,
         dateSystem: DateSystem, divisions: DivisionCodes) {
        self.layout = layout
        sheet = layout.sheet.name
        self.options = options
        self.kind = kind
        extraColumns = layout.otherColumns.keys.sorted()
        let mapped = Set(layout.columns.values).union(layout.otherColumns.keys)
        cellsWidth = (mapped.max() ?? 0) + 1
        isMapped = (0..<cellsWidth).map(mapped.contains)
        self.asOf = asOf
        self.titleCategory = titleCategory
        self.titlePovertyMark = titlePovertyMark
        self.dateSystem = dateSystem
        self.divisions = divisions
        places = PlaceNames(region: options.profile.region, divisions: divisions)
    }

    /// The mapped cells of one row by column (a row's cells looked up by position, not hashed).
    private struct Cells {
        private var values: [CellValue]
        private var styles: [Int]
        private var present: [Bool]

        init(width: Int) {
            values = Array(repeating: .empty, count: width)
            styles = Array(repeating: 0, count: width)
            present = Array(repeating: false, count: width)
        }

        subscript(column: Int) -> (value: CellValue, style: Int)? {
            get { column < present.count && present[column] ? (values[column], styles[column]) : nil }
            set {
                guard let newValue else { return }
                values[column] = newValue.value
                styles[column] = newValue.style
                present[column] = true
            }
        }
    }

    private static let footerPrefixes = ["合计", "总计", "小计", "填表人", "审核人", "制表", "注：", "注:", "说明：", "备注：", "负责人"]

    /// Checks one row; nil for rows that are not records (blank, repeated header, totals, signatures).
    func check(_ row: RowView, emit: (Finding, Int?) throws -> Void) throws -> Result? {
        // Only the mapped columns are decoded; the first non-empty cell tells a totals or signature row.
        var cells = Cells(width: cellsWidth)
        var firstText: String?
        var any = false
        var anyContent = false
        var idDigits: String?
        let idColumn = layout.columns[.id]
        for position in 0..<row.count {
            let cell = row[position]
            let column = cell.column
            if firstText == nil, !any, case .string(let text) = cell.value, !text.allSatisfy(\.isWhitespace) { firstText = text }
            guard column < cellsWidth, isMapped[column] else { continue }
            if column == idColumn { idDigits = cell.integerDigits }
            let value = cell.value
            switch value {
            case .empty: break
            case .string(let text):
                any = true
                if !anyContent, !text.allSatisfy(\.isWhitespace) { anyContent = true }
            default:
                any = true
                anyContent = true
            }
            cells[column] = (value, cell.styleIndex)
        }
        guard anyContent else { return nil }
        if let firstText {
            let start = firstText.drop(while: \.isWhitespace)
            if RecordChecker.footerPrefixes.contains(where: { start.hasPrefix($0) }) { return nil }
        }
        // The header repeated on a later page: its name or ID cell is a header word.
        if let nameColumn = layout.columns[.name] ?? layout.columns[.id], case .string(let text)? = cells[nameColumn]?.value,
           text.utf8.count <= 30, Field.personHeaderBytes.contains(Array(text.utf8)) {
            return nil
        }

        var result = Result(values: Dictionary(minimumCapacity: layout.columns.count + 2), idKey: nil, category: nil)
        // Each finding also names the row's person and what its cell held, as written.
        // (Looked up only for rows that have a finding: most have none.)
        var rowName: String?? = nil
        func name() -> String? {
            if rowName == nil {
                rowName = .some(layout.columns[.name].flatMap { cells[$0].map { TextCleaning.trimmed($0.value.text) } }.flatMap { $0.isEmpty ? nil : $0 })
            }
            return rowName!
        }
        func original(_ column: Int) -> String? {
            guard let value = cells[column]?.value, value != .empty else { return nil }
            // A number ID as Excel shows it in a General cell (4.40203198506061E+17), unless the file kept every digit.
            if column == idColumn, case .number(let number) = value { return idDigits ?? (number >= 1e11 ? String(format: "%.14E", number) : value.text) }
            return value.text
        }
        func emitting(_ finding: Finding, column: Int?, showsValue: Bool = true) throws {
            var finding = finding
            finding.name = name()
            finding.value = showsValue ? column.flatMap(original).map { $0.count > 100 ? $0.prefix(100) + "…" : $0 } : nil
            try emit(finding, column.flatMap { cells[$0]?.style })
        }
        func finding(_ rule: Rule, _ field: Field, _ detail: String? = nil) throws {
            let column = layout.columns[field]
            try emitting(Finding(rule, sheet: sheet, cell: column.map { CellReference(row: row.index, column: $0).description }, row: row.index,
                                 column: field.rawValue, detail: detail), column: column)
        }

        var id: ResidentID?
        for field in Field.allCases {
            guard let column = layout.columns[field] else { continue }
            let raw = cells[column]?.value ?? .empty
            switch field {
            case .id: id = try checkID(raw, digits: idDigits, finding: finding, values: &result.values)
            case _ where field.isDate: result.values[field] = try checkDate(raw, field: field, finding: finding)
            default:
                guard case .string(let text) = raw else { result.values[field] = raw; continue }
                var cleaned = field.isFreeText ? (text: text, changes: []) : TextCleaning.clean(text, compact: field.isCompact)
                try reportCleaning(cleaned.changes, field, cleaned.text, finding: finding)
                if let cut = ExcelLimits.cut(cleaned.text) {
                    try finding(.textTooLong, field, "共 \(cleaned.text.utf16.count) 个字符")
                    cleaned.text = cut
                }
                result.values[field] = cleaned.text.isEmpty ? .empty : .string(cleaned.text)
            }
        }
        result.extras = try extraColumns.map { column in
            let value = cells[column]?.value ?? .empty
            guard case .string(let text) = value, let cut = ExcelLimits.cut(text) else { return value }
            try emitting(Finding(.textTooLong, sheet: sheet, cell: CellReference(row: row.index, column: column).description, row: row.index,
                                 column: layout.otherColumns[column], detail: "共 \(text.utf16.count) 个字符"), column: column, showsValue: false)
            return .string(cut)
        }
        // 脱贫标注 in the notice's words; from the title when the list has no such column.
        if case .string(let text)? = result.values[.povertyMark] {
            result.values[.povertyMark] = RecordChecker.povertyMark(in: text).map(CellValue.string) ?? .string(text)
        } else if layout.columns[.povertyMark] == nil, let titlePovertyMark {
            result.values[.povertyMark] = .string(titlePovertyMark)
        }
        for field in kind.required where field != .id && layout.columns[field] != nil && result.values[field, default: .empty] == .empty {
            try finding(.required, field, "「\(field.rawValue)」")
        }
        result.category = try checkCategory(&result.values, finding: finding)
        // A category named only by the title is still the record's category (for the register).
        if layout.columns[.category] == nil, let category = result.category { result.values[.category] = .string(category.rawValue) }
        if let id {
            result.idKey = RecordChecker.key(id)
            try checkPerson(id, result.values, finding: finding)
        }
        try checkPlaces(result.values, finding: finding)
        try checkLedger(result.values, finding: finding)
        try checkPhone(result.values, finding: finding)
        return result
    }

    // MARK: Values

    private func reportCleaning(_ changes: Set<TextCleaning.Change>, _ field: Field, _ cleaned: String, finding: (Rule, Field, String?) throws -> Void) throws {
        guard !changes.isEmpty else { return }
        let shown = field == .id ? ResidentID.mask(cleaned) : cleaned
        if changes.contains(.fullWidth) { try finding(.fullWidth, field, "已改为「\(shown)」") }
        if changes.contains(.invisible) { try finding(.invisible, field, "已改为「\(shown)」") }
        if changes.contains(.apostrophe) { try finding(.apostrophe, field, nil) }
        if changes.contains(.lowerX) { try finding(.lowerX, field, nil) }
    }

    /// `digits`: a number cell's digits as stored, when the file kept more than a double holds.
    private func checkID(_ raw: CellValue, digits: String?, finding: (Rule, Field, String?) throws -> Void,
                         values: inout [Field: CellValue]) throws -> ResidentID? {
        var text: String
        switch raw {
        case .empty:
            try finding(.idRequired, .id, nil)
            return nil
        case .number where digits?.utf8.count == 18 && (try? ResidentID.parse(digits!).get()) != nil:
            // All 18 digits are still in the file and the check digit holds: nothing was lost.
            text = digits!
            try finding(.idNumericKept, .id, nil)
        case .number(let number):
            // Excel keeps 15 significant digits: an 18-digit ID typed into a number cell has lost its tail.
            let digits = number >= 1e14 ? String(format: "%.0f", number) : CellValue.number(number).text
            try finding(.idNumeric, .id, "单元格中是数字 \(ResidentID.mask(digits))")
            values[.id] = .empty
            return nil
        case .string(let value):
            text = value
        default:
            text = raw.text
        }
        let cleaned = TextCleaning.clean(text, compact: true)
        text = cleaned.text
        try reportCleaning(cleaned.changes, .id, text, finding: finding)
        if text.utf8.count == 15, let upgraded = ResidentID.upgrading(text) {
            try finding(.idLegacy, .id, "已转换为 \(ResidentID.mask(upgraded))")
            text = upgraded
        }
        values[.id] = .string(text)
        switch ResidentID.parse(text) {
        case .failure(.length(let count)): try finding(.idLength, .id, "现为 \(count) 位"); return nil
        case .failure(.character): try finding(.idCharacter, .id, nil); return nil
        case .failure(.checkDigit): try finding(.idCheckDigit, .id, nil); return nil
        case .failure(.birthDate): try finding(.idBirthDate, .id, nil); return nil
        case .success(let id):
            if divisions.province(of: id.region) == nil {
                try finding(.idProvince, .id, "「\(id.region.prefix(2))」")
            } else if DivisionCodes.detailedProvinces.contains(String(id.region.prefix(2))), divisions.division(id.region) == nil {
                try finding(.idCounty, .id, "「\(id.region)」")
            }
            if (id.birthYear, id.birthMonth, id.birthDay) > (asOf.year, asOf.month, asOf.day) {
                try finding(.idFuture, .id, nil)
            } else if id.age(onYear: asOf.year, month: asOf.month, day: asOf.day) > 110 {
                try finding(.idAge, .id, nil)
            }
            return id
        }
    }

    /// `20200305` as a date.
    static func compactDate(_ text: String) -> ExcelDateTime? {
        let digits = text.filter { !$0.isWhitespace }
        guard digits.count == 8, digits.allSatisfy(\.isASCII), let number = Int(digits) else { return nil }
        let (year, month, day) = (number / 10_000, number / 100 % 100, number % 100)
        guard (1900...2100).contains(year), (1...12).contains(month), day >= 1, day <= ExcelDateTime.daysIn(month: month, year: year) else { return nil }
        return ExcelDateTime(year: year, month: month, day: day)
    }

    private func checkDate(_ raw: CellValue, field: Field, finding: (Rule, Field, String?) throws -> Void) throws -> CellValue {
        var date: ExcelDateTime
        switch raw {
        case .empty: return .empty
        case .date(let value): date = value
        case .number(let serial):
            guard let value = ExcelDateTime(serial: serial, system: dateSystem), (1900...2100).contains(value.year), serial >= 1 else {
                if let value = RecordChecker.compactDate(CellValue.number(serial).text) {
                    try finding(.dateText, field, "数字 \(CellValue.number(serial).text) 已识别为 \(value.iso8601)")
                    date = value
                    break
                }
                try finding(.dateInvalid, field, "「\(raw.text)」")
                return .empty
            }
            try finding(.dateText, field, "数字 \(CellValue.number(serial).text) 按 Excel 日期序号识别为 \(value.iso8601)")
            date = value
        default:
            let text = TextCleaning.clean(raw.text, compact: false).text
            guard let value = DateText.parse(text) ?? RecordChecker.compactDate(text) else {
                try finding(.dateInvalid, field, "「\(raw.text)」")
                return .empty
            }
            try finding(.dateText, field, "「\(raw.text)」已识别为 \(value.iso8601)")
            date = value
        }
        date = ExcelDateTime(year: date.year, month: date.month, day: date.day)
        if field != .birthDate, (date.year, date.month, date.day) > (asOf.year, asOf.month, asOf.day) {
            try finding(.dateFuture, field, "\(date.iso8601) 晚于 \(asOf.iso8601)")
        }
        return .date(date)
    }

    private func checkCategory(_ values: inout [Field: CellValue], finding: (Rule, Field, String?) throws -> Void) throws -> Category? {
        guard layout.columns[.category] != nil, case .string(let text)? = values[.category] else { return titleCategory }
        guard let (category, exact, former) = Category.recognise(text) else {
            try finding(.categoryUnknown, .category, "「\(text)」")
            return nil
        }
        if former {
            try finding(.categoryFormer, .category, "「\(text)」")
        } else if !exact {
            try finding(.categorySynonym, .category, "「\(text)」→「\(category.rawValue)」")
        }
        if !(options.profile.categories + options.profile.screening).contains(category) {
            try finding(.categoryOutOfProfile, .category, "「\(category.rawValue)」不在「\(options.profile.id)」的范围内")
        }
        values[.category] = .string(category.rawValue)
        return category
    }

    // MARK: The person

    private func checkPerson(_ id: ResidentID, _ values: [Field: CellValue], finding: (Rule, Field, String?) throws -> Void) throws {
        if case .string(let gender)? = values[.gender], gender == "男" || gender == "女", (gender == "男") != id.isMale {
            try finding(.genderMismatch, .gender, "填写为「\(gender)」，身份证号为\(id.isMale ? "男" : "女")")
        }
        if case .date(let birth)? = values[.birthDate], (birth.year, birth.month, birth.day) != (id.birthYear, id.birthMonth, id.birthDay) {
            try finding(.birthDateMismatch, .birthDate,
                        "填写为 \(birth.iso8601)，身份证号为 \(id.birthDate)")
        }
        let age = id.age(onYear: asOf.year, month: asOf.month, day: asOf.day)
        if age >= 0, age < options.profile.age.minimum {
            try finding(.under16, .id, "\(age) 周岁（数据截至 \(asOf.iso8601)）")
        } else if age >= options.profile.age.pension {
            try finding(.pensionAge, .id, "\(age) 周岁")
        }
        if case .string(let student)? = values[.student], ["是", "在校", "在校生", "Y", "y"].contains(student) {
            try finding(.student, .student, nil)
        }
        if case .string(let card)? = values[.disabilityCard] {
            let bytes = Array(card.utf8)
            let digitAt = { (index: Int) -> Int? in index < bytes.count && bytes[index] >= 0x30 && bytes[index] <= 0x39 ? Int(bytes[index] - 0x30) : nil }
            if bytes.count != 20 || !(1...7).contains(digitAt(18) ?? 0) || !(1...4).contains(digitAt(19) ?? 0) {
                try finding(.disabilityCard, .disabilityCard, "现为 \(bytes.count) 位")
            } else if String(card.prefix(18)) != id.text {
                try finding(.disabilityCardID, .disabilityCard, nil)
            } else if case .string(let grade)? = values[.disabilityGrade], let stated = RecordChecker.grade(grade), stated != digitAt(19) {
                try finding(.disabilityGradeMismatch, .disabilityGrade, "填写为「\(grade)」，证号为\(digitAt(19)!)级")
            }
        }
    }

    /// 已标注脱贫 or 未标注脱贫 as `text` says it (是/否, 已脱贫/未脱贫, the words in a title), nil when it does not.
    static func povertyMark(in text: String) -> String? {
        if text.contains("未标注脱贫") || text.contains("未脱贫") || text == "否" { return "未标注脱贫" }
        if text.contains("已标注脱贫") || text.contains("已脱贫") || text == "是" || text == "已标注" { return "已标注脱贫" }
        return nil
    }

    /// `一级`, `1级`, `1`, `三级` → 1…4.
    static func grade(_ text: String) -> Int? {
        let digits = ["一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4]
        return text.first.flatMap { digits[String($0)] }
    }

    private func checkPlaces(_ values: [Field: CellValue], finding: (Rule, Field, String?) throws -> Void) throws {
        guard case .string(let household)? = values[.household] else { return }
        if let other = places.otherProvince(in: household) {
            let marked = values[.outOfProvince].map { $0.text == "是" } ?? false
            if !marked { try finding(.outOfProvince, layout.columns[.outOfProvince] != nil ? .outOfProvince : .household, "户籍地「\(household)」在\(other.name)") }
            return
        }
        guard case .string(let recognised)? = values[.recognisedPlace] else { return }
        if let home = places.city(in: household), let place = places.city(in: recognised), home != place {
            try finding(.crossCity, .household, "户籍地\(places.name(of: home))，认定地\(places.name(of: place))")
        }
    }

    private func checkLedger(_ values: [Field: CellValue], finding: (Rule, Field, String?) throws -> Void) throws {
        for problem in LedgerDates.problems({ if case .date(let date)? = values[$0] { date } else { nil } }) {
            try finding(problem.rule, problem.field, problem.detail)
        }
    }

    private func checkPhone(_ values: [Field: CellValue], finding: (Rule, Field, String?) throws -> Void) throws {
        guard let value = values[.phone], value != .empty else { return }
        let text = value.text
        // Bytes, not Characters: digits and hyphens are ASCII, anything else makes the number invalid.
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        var hyphen = false
        for byte in text.utf8 {
            if byte >= 0x30 && byte <= 0x39 { digits.append(byte) } else if byte == UInt8(ascii: "-") { hyphen = true } else { digits = []; break }
        }
        let first = digits.first
        let mobile = digits.count == 11 && first == UInt8(ascii: "1")
        let landline = hyphen && first == UInt8(ascii: "0") && (10...12).contains(digits.count)
        let local = !hyphen && (7...8).contains(digits.count) && first != UInt8(ascii: "0") && first != UInt8(ascii: "1")
        if !(mobile || landline || local) { try finding(.phone, .phone, "「\(text)」") }
    }

    /// 17 digits and the check character (X = 10) in one integer.
    static func key(_ id: ResidentID) -> UInt64 {
        var key: UInt64 = 0
        for byte in id.text.utf8.prefix(17) { key = key * 10 + UInt64(byte - 0x30) }
        let last = id.text.utf8.last!
        return key * 11 + (last == 0x58 ? 10 : UInt64(last - 0x30))
    }
}
