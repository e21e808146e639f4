import Foundation
import XLSXKit

/// What `validate` is told besides the file.
public struct ValidationOptions: Sendable {
    /// The policy profile (categories in scope, age bounds, province).
    public var profile: Profile
    /// 数据截至 when the file does not say it.
    public var asOf: ExcelDateTime?
    /// The file's kind when known (from `--kind` or the inbox sub-folder).
    public var kind: FileKind?
    /// The day the file arrived, for a file with no date of its own (default: its modification day).
    public var fileDate: ExcelDateTime?
    /// Told the number of records read so far, every 10,000 records (for a progress display).
    public var progress: (@Sendable (Int) -> Void)?

    public init(profile: Profile, asOf: ExcelDateTime? = nil, kind: FileKind? = nil, fileDate: ExcelDateTime? = nil,
                progress: (@Sendable (Int) -> Void)? = nil) {
        self.profile = profile
        self.asOf = asOf
        self.kind = kind
        self.fileDate = fileDate
        self.progress = progress
    }
}

/// What a validation found, besides the findings themselves (which are streamed).
public struct ValidationSummary: Sendable {
    public var file: String
    /// The format the file was in, told by its bytes (an .xls under an .xlsx name is an .xls).
    public var format: SpreadsheetFormat = .xlsx
    public var layout: RosterLayout?
    public var kind: FileKind
    public var kindConfidence: FileKind.Confidence
    public var asOf: ExcelDateTime
    /// Where 数据截至 came from: 标题, --as-of, a month in the title or file name, or the file's date.
    public var asOfSource: String
    /// Data rows checked (title, header, blank and total rows not counted).
    public var records = 0
    /// Findings per rule code.
    public var counts: [String: Int] = [:]
    /// Findings per severity.
    public var severities: [Severity: Int] = [:]

    public var errors: Int { severities[.error, default: 0] }
}

/// Checks a list the way a clerk wrote it, one row at a time: finds the header, normalises each
/// value, applies the rule catalogue, and hands every finding and every normalised record to the
/// caller as it goes (memory does not grow with the rows, except 13 bytes per ID for the
/// duplicate check).
public final class Validator {
    public let path: String
    public let options: ValidationOptions
    private let divisions = DivisionCodes.shipped
    /// The layout found by `run` (set before the first record is handed over).
    public private(set) var layout: RosterLayout?
    /// The kind (and how sure) and 数据截至 judged by `run` (set before the first record is handed over).
    public private(set) var judged: (kind: FileKind, confidence: FileKind.Confidence, asOf: ExcelDateTime)?

    public init(path: String, options: ValidationOptions) {
        self.path = path
        self.options = options
    }

    /// A finding with the style of the cell it is about (for colouring the annotated copy).
    public typealias FindingSink = (Finding, _ style: Int?) throws -> Void
    /// A normalised record: its sheet (nil on the list's first sheet, `layout.sheet`; the name of
    /// a continuation sheet otherwise) and row in the input, its values by field, and the values
    /// of the columns no field names (`layout.otherColumns`, in column order).
    public typealias RecordSink = (_ sheet: String?, _ row: Int, _ values: [Field: CellValue], _ extras: [CellValue]) throws -> Void

    /// Reads and checks the file. Throws only when the file cannot be read at all.
    public func run(finding report: FindingSink, record: RecordSink = { _, _, _, _ in }) throws -> ValidationSummary {
        let workbook = try WorkbookReader(path: path)
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        var summary = ValidationSummary(file: path, layout: nil, kind: options.kind ?? .roster, kindConfidence: options.kind == nil ? .low : .stated,
                                        asOf: ExcelDateTime(year: 2000, month: 1, day: 1), asOfSource: "")
        summary.format = workbook.format
        func emit(_ finding: Finding, _ style: Int? = nil) throws {
            summary.counts[finding.rule, default: 0] += 1
            summary.severities[finding.severity, default: 0] += 1
            try report(finding, style)
        }
        _ = try workbook.styles()   // loaded first, so that a missing styles part is among the warnings
        for warning in workbook.warnings { try emit(Finding(.incompleteFile, detail: warning)) }
        guard let layout = try RosterLayout.detect(in: workbook) else {
            // No list of people: a county's statistics table (for the city's aggregation), or nothing we read.
            if options.kind == nil || options.kind == .statistics, let statistics = try RosterLayout.statisticsSheet(in: workbook) {
                (summary.kind, summary.kindConfidence) = (.statistics, options.kind == nil ? .high : .stated)
                (summary.asOf, summary.asOfSource) = AsOfDate.resolve(titles: statistics.titles, fileName: fileName, options: options, path: path)
                try emit(Finding(.kind, sheet: statistics.sheet, detail: "\(FileKind.statistics.rawValue)（把握：\(summary.kindConfidence.rawValue)）"))
                return summary
            }
            (summary.asOf, summary.asOfSource) = AsOfDate.resolve(titles: [], fileName: fileName, options: options, path: path)
            let hidden = workbook.sheets.filter { $0.state != .visible }.map(\.name)
            try emit(Finding(.noHeader, detail: hidden.isEmpty ? nil : "（隐藏的工作表未检查：\(hidden.joined(separator: "、"))）"))
            return summary
        }
        summary.layout = layout
        self.layout = layout
        for name in layout.hiddenSheets { try emit(Finding(.hiddenSheet, sheet: name, detail: "「\(name)」")) }
        for name in layout.otherLists { try emit(Finding(.otherListSheet, sheet: name, detail: "「\(name)」")) }
        if !layout.continuations.isEmpty {
            try emit(Finding(.continuedSheets, sheet: layout.sheet.name, detail: layout.parts.map { "「\($0.sheet.name)」" }.joined(separator: "、")))
        }

        // Kind and 数据截至.
        if options.kind == nil {
            (summary.kind, summary.kindConfidence) = FileKind.judge(columns: Set(layout.columns.keys), titles: layout.titleLines,
                                                                    sheetName: layout.sheet.name, fileName: fileName)
        }
        (summary.asOf, summary.asOfSource) = AsOfDate.resolve(titles: layout.titleLines, fileName: fileName, options: options, path: path)
        let titleCategory = Validator.titleCategory(layout.titleLines + [layout.sheet.name, (fileName as NSString).deletingPathExtension])
        try emit(Finding(.kind, sheet: layout.sheet.name, detail: "\(summary.kind.rawValue)（把握：\(summary.kindConfidence.rawValue)）"
                         + (titleCategory.map { "，标题中的类别：\($0.rawValue)" } ?? "")
                         + (summary.kindConfidence == .low ? "。看不出是哪一类文件，登记时不会计入；" + FileKind.howToName : "")))
        try emit(Finding(.asOf, sheet: layout.sheet.name, detail: "\(summary.asOf.iso8601)，来自\(summary.asOfSource)"))
        for field in summary.kind.required where layout.columns[field] == nil {
            try emit(Finding(.missingColumn, sheet: layout.sheet.name, detail: "「\(field.rawValue)」"))
        }

        judged = (summary.kind, summary.kindConfidence, summary.asOf)
        let titleMark = RecordChecker.povertyMark(in: (layout.titleLines + [(fileName as NSString).deletingPathExtension]).joined(separator: " "))
        let checker = RecordChecker(layout: layout, options: options, kind: summary.kind, asOf: summary.asOf, titleCategory: titleCategory,
                                    titlePovertyMark: titleMark,
                                    dateSystem: workbook.dateSystem, divisions: divisions)
        var identities = IdentityIndex(sheets: layout.parts.map(\.sheet.name))
        for (number, part) in layout.parts.enumerated() {
            checker.sheet = part.sheet.name
            try workbook.forEachRow(in: part.sheet) { row in
                guard row.index >= part.firstDataRow, row.count > 0 else { return }
                guard let result = try checker.check(row, emit: emit) else { return }
                summary.records += 1
                if let key = result.idKey {
                    identities.append(key: key, sheet: number, row: row.index, category: result.category, name: result.values[.name])
                }
                try record(number == 0 ? nil : part.sheet.name, row.index, result.values, result.extras)
            }
        }
        try identities.report(layout: layout, priority: options.profile.priority, emit: { try emit($0, nil) })
        return summary
    }

    /// The one category a title names (`武江区低保对象名单`), if exactly one.
    static func titleCategory(_ lines: [String]) -> Category? {
        let text = lines.joined(separator: " ")
        let named = Category.allCases.filter { text.contains($0.rawValue) }
        if named.count == 1 { return named[0] }
        let synonyms = Set(Category.synonyms.filter { text.contains($0.0) && $0.0.count >= 2 }.map(\.1))
        return named.isEmpty && synonyms.count == 1 ? synonyms.first : nil
    }
}

/// The IDs of a file, compactly (17 digits and the check character in one integer, and a hash of
/// the name), for finding duplicates after the rows are read: 17 bytes a record (18 when the
/// list goes on over several sheets).
struct IdentityIndex {
    private var keys: [UInt64] = []
    private var rows: [UInt32] = []
    private var categories: [UInt8] = []
    private var names: [UInt32] = []
    /// The list's sheets, and each record's sheet by its number there (kept only for a list of several).
    private let sheetNames: [String]
    private var sheets: [UInt16] = []

    init(sheets: [String]) {
        sheetNames = sheets
    }

    mutating func append(key: UInt64, sheet: Int, row: Int, category: Category?, name: CellValue?) {
        keys.append(key)
        rows.append(UInt32(row))
        if sheetNames.count > 1 { sheets.append(UInt16(sheet)) }
        categories.append(category.map { UInt8(Category.allCases.firstIndex(of: $0)!) } ?? 255)
        // FNV-1a of the name's UTF-8 (0: no name); compared only among rows with the same ID.
        var hash: UInt32 = 0
        if case .string(let text)? = name, !text.isEmpty {
            hash = 0x811c_9dc5
            for byte in text.utf8 { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
            if hash == 0 { hash = 1 }
        }
        names.append(hash)
    }

    /// DUP001 for the same ID in the same category (every row named); DUP002 for the same ID
    /// under different names (a number typed for the wrong person, every row named); CAT005 for
    /// one person in several categories, saying which one counts.
    func report(layout: RosterLayout, priority: [Category], emit: (Finding) throws -> Void) throws {
        var order = [UInt32](0..<UInt32(keys.count)) // 4 bytes a record, not 8
        order.sort { keys[Int($0)] != keys[Int($1)] ? keys[Int($0)] < keys[Int($1)] : position(Int($0)) < position(Int($1)) }
        guard let idColumn = layout.columns[.id] else { return }
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, keys[Int(order[end])] == keys[Int(order[start])] { end += 1 }
            if end - start > 1 {
                let group = order[start..<end].map { Int($0) }
                let groupCategories = Set(group.map { categories[$0] }).filter { $0 != 255 }.map { Category.allCases[Int($0)] }
                let named = group.filter { names[$0] != 0 }
                let differentNames = Set(named.map { names[$0] }).count > 1
                for index in group {
                    let row = Int(rows[index]), sheet = sheetNames[sheetNumber(index)]
                    let cell = CellReference(row: row, column: idColumn).description
                    if differentNames, names[index] != 0 {
                        let others = places(named.filter { names[$0] != names[index] }, from: index)
                        try emit(Finding(.sameIDOtherName, sheet: sheet, cell: cell, row: row, column: Field.id.rawValue,
                                         detail: "\(others)用了同一号码，姓名不同"))
                    }
                    let same = group.filter { categories[$0] == categories[index] && $0 != index }
                    if !same.isEmpty {
                        try emit(Finding(.duplicate, sheet: sheet, cell: cell, row: row, column: Field.id.rawValue,
                                         detail: "与\(places(same, from: index))重复"))
                    }
                    if groupCategories.count > 1 {
                        let counted = priority.first(where: groupCategories.contains) ?? groupCategories.sorted { $0.rawValue < $1.rawValue }[0]
                        try emit(Finding(.multipleCategories, sheet: sheet, cell: cell, row: row, column: Field.id.rawValue,
                                         detail: "同一人还在\(places(group.filter { $0 != index }, from: index))，类别：\(groupCategories.map(\.rawValue).sorted().joined(separator: "、"))；统计为「\(counted.rawValue)」"))
                    }
                }
            }
            start = end
        }
    }

    private func sheetNumber(_ index: Int) -> Int { sheets.isEmpty ? 0 : Int(sheets[index]) }

    /// Where a record is in the list: its sheet's number, then its row.
    private func position(_ index: Int) -> UInt64 { UInt64(sheetNumber(index)) << 32 | UInt64(rows[index]) }

    /// `第 3、12 行` for records on the sheet of `index`, then `「花名册2」第 7 行` for those on another.
    private func places(_ records: [Int], from index: Int) -> String {
        let here = sheetNumber(index)
        var groups: [(sheet: Int, rows: [String])] = []
        for record in records.sorted(by: { (sheetNumber($0) != here ? 1 : 0, position($0)) < (sheetNumber($1) != here ? 1 : 0, position($1)) }) {
            let sheet = sheetNumber(record)
            if groups.last?.sheet == sheet { groups[groups.count - 1].rows.append(String(rows[record])) } else { groups.append((sheet, [String(rows[record])])) }
        }
        return groups.map { ($0.sheet == here ? "" : "「\(sheetNames[$0.sheet])」") + "第 \($0.rows.joined(separator: "、")) 行" }.joined(separator: "、")
    }
}
