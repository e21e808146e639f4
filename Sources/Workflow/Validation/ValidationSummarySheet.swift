import Foundation
import XLSXKit

/// The sheet 校验结果 in front of an annotated copy, laid out as a form a clerk prints: what to
/// do in one sentence, the file's facts, the counts by rule, and every finding — errors first,
/// then warnings, then hints, each by row — with the person's 姓名 and the cell's original value,
/// bordered, the message wrapped, on A4 landscape one page wide with the header repeated.
struct ValidationSummarySheet {
    let summary: ValidationSummary
    let annotations: Annotations
    let findings: FindingsIndex
    /// Names and ID cells of rows whose findings came without them.
    let people: [String: [Int: (name: String?, id: String?)]]
    private let styles: Styles

    /// Columns A–I of the findings table, and their widths in characters.
    static let columns: [(header: String, width: Double)] = [
        ("序号", 6), ("严重程度", 8), ("行", 6), ("姓名", 10), ("列", 14), ("单元格", 9), ("原值", 22), ("问题说明及修改方法", 56), ("规则代码", 9),
    ]
    static let fontSize = 10.0

    struct Styles {
        let title, instruction, label, text, header, cell, number, wrapped, error, warning, info: Int

        init(_ editor: WorkbookEditor, errors: Bool) throws {
            let font = CellStyle.Font(name: "宋体", size: ValidationSummarySheet.fontSize)
            func style(_ make: (inout CellStyle) -> Void) throws -> Int {
                var style = CellStyle(font: font, vertical: .center)
                make(&style)
                return try editor.style(style)
            }
            title = try style { $0.font = CellStyle.Font(name: "黑体", size: 16, bold: true); $0.horizontal = .center }
            instruction = try style { $0.font = CellStyle.Font(name: "宋体", size: 12, bold: true, color: errors ? "FFC00000" : "FF006100"); $0.wrap = true }
            label = try style { $0.font.bold = true }
            text = try style { $0.wrap = true }
            header = try style { $0.font.bold = true; $0.fill = "FFD9D9D9"; $0.bordered = true; $0.horizontal = .center; $0.wrap = true }
            cell = try style { $0.bordered = true; $0.numberFormat = "@" }
            number = try style { $0.bordered = true; $0.horizontal = .center }
            wrapped = try style { $0.bordered = true; $0.wrap = true; $0.numberFormat = "@" }
            error = try style { $0.bordered = true; $0.horizontal = .center; $0.fill = "FFFFC7CE" }
            warning = try style { $0.bordered = true; $0.horizontal = .center; $0.fill = "FFFFEB9C" }
            info = number
        }

        func severity(_ severity: Severity) -> Int {
            switch severity {
            case .error: error
            case .warning: warning
            case .info: info
            }
        }
    }

    init(editor: WorkbookEditor, summary: ValidationSummary, annotations: Annotations, findings: FindingsIndex,
         people: [String: [Int: (name: String?, id: String?)]]) throws {
        self.summary = summary
        self.annotations = annotations
        self.findings = findings
        self.people = people
        styles = try Styles(editor, errors: summary.errors > 0)
    }

    /// The file's facts, label and value.
    private var facts: [(String, String)] {
        var lines = [
            ("文件", URL(fileURLWithPath: summary.file).lastPathComponent),
            ("文件类型", "\(summary.kind.rawValue)（把握：\(summary.kindConfidence.rawValue)）"),
            ("数据截至", "\(summary.asOf.iso8601)（来自\(summary.asOfSource)）"),
            ("记录数", String(summary.records)),
            ("结论", ValidationReport.verdict(summary)),
        ]
        if annotations.omitted > 0 {
            lines.append(("说明", "问题较多，名单中只标注了前 \(ValidationReport.annotationLimit) 个单元格，其余 \(annotations.omitted) 处见下方明细和 JSON 文件。"))
        }
        return lines
    }

    /// The rules that were triggered: errors, then warnings, then hints, in catalogue order.
    private var rules: [Rule] {
        Rule.all.filter { summary.counts[$0.code, default: 0] > 0 }.sorted { $0.severity < $1.severity }
    }

    /// The row of the findings table's header (repeated on every printed page).
    private var findingsHeaderRow: Int {
        2 + facts.count + 1 + 2 + rules.count + 1 + 2
    }

    func sheet(named name: String) -> NewSheet {
        let setup = SheetSetup(columns: Self.columns.enumerated().map { SheetSetup.Column($0.offset + 1, width: $0.element.width) },
                               print: .init(repeatRows: findingsHeaderRow...findingsHeaderRow))
        return NewSheet(name: name, setup: setup) { rows in try write(into: rows) }
    }

    private func write(into rows: NewSheet.Rows) throws {
        let last = Self.columns.count
        let total = Self.columns.reduce(0) { $0 + $1.width }
        func across(_ text: String, style: Int, from column: Int = 1, height: Double? = nil) throws {
            let row = rows.count + 1
            var cells = [NewSheet.Cell](repeating: NewSheet.Cell(.empty, style: style), count: last)
            cells[column - 1] = NewSheet.Cell(.string(text), style: style)
            try rows.write(cells, height: height)
            rows.merge(CellRange(CellReference(row: row, column: column), CellReference(row: row, column: last)))
        }
        try across("名单校验结果", style: styles.title, height: 30)
        let instruction = ValidationReport.instruction(summary)
        try across(instruction, style: styles.instruction,
                   height: TextLayout.rowHeight(lines: TextLayout.lines(instruction, columnWidth: total / 1.2), fontSize: 12))
        for (label, value) in facts {
            let row = rows.count + 1
            var cells = [NewSheet.Cell(.string(label), style: styles.label), NewSheet.Cell(.empty, style: styles.label)]
            cells += [NewSheet.Cell(.string(value), style: styles.text)] + [NewSheet.Cell](repeating: NewSheet.Cell(.empty, style: styles.text), count: last - 3)
            let width = total - Self.columns[0].width - Self.columns[1].width
            try rows.write(cells, height: TextLayout.rowHeight(lines: TextLayout.lines(value, columnWidth: width), fontSize: Self.fontSize))
            rows.merge(CellRange(CellReference(row: row, column: 1), CellReference(row: row, column: 2)))
            rows.merge(CellRange(CellReference(row: row, column: 3), CellReference(row: row, column: last)))
        }
        try rows.write([])

        try across("一、按规则汇总", style: styles.label, height: 20)
        try ruleRow(["序号", "严重程度", "数量", "规则说明", "规则代码"].map { NewSheet.Cell(.string($0), style: styles.header) }, rows: rows, height: 20)
        for (number, rule) in rules.enumerated() {
            try ruleRow([NewSheet.Cell(.number(Double(number + 1)), style: styles.number),
                         NewSheet.Cell(.string(rule.severity.label), style: styles.severity(rule.severity)),
                         NewSheet.Cell(.number(Double(summary.counts[rule.code]!)), style: styles.number),
                         NewSheet.Cell(.string(rule.title), style: styles.wrapped), NewSheet.Cell(.string(rule.code), style: styles.number)],
                        rows: rows, height: TextLayout.rowHeight(lines: TextLayout.lines(rule.title, columnWidth: ruleTitleWidth), fontSize: Self.fontSize))
        }
        try rows.write([])

        try across("二、问题明细（先列错误，再列警告、提示；同一级按行号）", style: styles.label, height: 20)
        precondition(rows.count + 1 == findingsHeaderRow)
        try rows.write(Self.columns.map { NewSheet.Cell(.string($0.header), style: styles.header) }, height: 20)
        let sheetName = summary.layout?.sheet.name
        var number = 0
        try findings.forEachInOrder { finding in
            number += 1
            var finding = finding
            if finding.name == nil, let sheet = finding.sheet, let row = finding.row, let person = people[sheet]?[row] {
                finding.name = person.name
                if finding.value == nil, finding.column == Field.id.rawValue { finding.value = person.id }
            }
            let place = finding.cell.map { finding.sheet == nil || finding.sheet == sheetName ? $0 : "\(finding.sheet!)!\($0)" }
                ?? finding.sheet.map { "工作表「\($0)」" } ?? ""
            let values: [(CellValue, Int)] = [
                (.number(Double(number)), styles.number), (.string(finding.severity.label), styles.severity(finding.severity)),
                (finding.row.map { .number(Double($0)) } ?? .empty, styles.number), (finding.name.map(CellValue.string) ?? .empty, styles.cell),
                (finding.column.map(CellValue.string) ?? .empty, styles.cell), (.string(place), styles.wrapped),
                (finding.value.map(CellValue.string) ?? .empty, styles.wrapped), (.string(finding.message), styles.wrapped),
                (.string(finding.rule), styles.number),
            ]
            let lines = max(TextLayout.lines(finding.message, columnWidth: Self.columns[7].width),
                            TextLayout.lines(finding.value ?? "", columnWidth: Self.columns[6].width),
                            TextLayout.lines(place, columnWidth: Self.columns[5].width))
            try rows.write(values.map { NewSheet.Cell($0.0, style: $0.1) }, height: TextLayout.rowHeight(lines: lines, fontSize: Self.fontSize))
        }
    }

    /// Columns D–H hold a rule's title.
    private var ruleTitleWidth: Double { Self.columns[3...7].reduce(0) { $0 + $1.width } }

    /// A row of the rule table: 序号, 严重程度, 数量 in A–C, the title across D–H, the code in I.
    private func ruleRow(_ cells: [NewSheet.Cell], rows: NewSheet.Rows, height: Double) throws {
        let row = rows.count + 1
        let filler = NewSheet.Cell(.empty, style: cells[3].style)
        try rows.write(Array(cells[0...3]) + [filler, filler, filler, filler, cells[4]], height: height)
        rows.merge(CellRange(CellReference(row: row, column: 4), CellReference(row: row, column: 8)))
    }
}

/// The findings streamed to a file while validating, read back in report order: errors, then
/// warnings, then hints, each by row (file-level findings first). Holds 16 bytes a finding.
struct FindingsIndex {
    let path: String
    private var entries: [(key: UInt64, offset: UInt64)] = []
    /// Rows with findings that came without the person's name (the duplicate checks'), by sheet.
    private(set) var rowsWithoutName: [String: Set<Int>] = [:]

    /// `sheets`: the list's sheets in order; a finding on a later one comes after those on an earlier.
    init(path: String, sheets: [String]) throws {
        self.path = path
        var offset: UInt64 = 0, sequence: UInt64 = 0
        var entries: [(key: UInt64, offset: UInt64)] = []
        var unnamed: [String: Set<Int>] = [:]
        try ValidationReport.forEachFindingLine(in: path) { length, finding in
            // Severity (2 bits), the list's sheet (8 bits), row (20 bits), then the order they came
            // in: a stable sort by severity, sheet and row.
            if let finding {
                let rank: UInt64 = switch finding.severity { case .error: 0; case .warning: 1; case .info: 2 }
                let part = UInt64(min(finding.row == nil ? 0 : finding.sheet.flatMap { sheets.firstIndex(of: $0) } ?? 0, 0xFF))
                let row = UInt64(min(finding.row ?? 0, 0xF_FFFF))
                entries.append(((rank << 62) | (part << 54) | (row << 34) | (sequence & 0x3_FFFF_FFFF), offset | UInt64(min(length, 0xFFFF)) << 48))
                if finding.name == nil, let row = finding.row, let sheet = finding.sheet { unnamed[sheet, default: []].insert(row) }
            }
            offset += UInt64(length)
            sequence += 1
        }
        entries.sort { $0.key < $1.key }
        self.entries = entries
        rowsWithoutName = unnamed
    }

    func forEachInOrder(_ body: (Finding) throws -> Void) throws {
        guard !entries.isEmpty else { return }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 0xFFFF)
        for entry in entries {
            // Offset in the low 48 bits, the line's length (below 64 KiB: messages are short) above.
            let offset = entry.offset & 0xFFFF_FFFF_FFFF, length = Int(entry.offset >> 48)
            let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, length, off_t(offset)) }
            guard read > 0 else { continue }
            let line = buffer.withUnsafeBufferPointer { bytes in
                String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<(bytes[read - 1] == 0x0A ? read - 1 : read)]), as: UTF8.self)
            }
            if let finding = Finding(line: Substring(line)) { try body(finding) }
        }
    }
}
