import XLSXKit

/// Where a list's data is in a workbook: the sheet, the header row(s), which column holds which
/// field, and the title block above the header.
public struct RosterLayout: Sendable {
    /// The sheet with the list.
    public var sheet: SheetInfo
    /// The header's first and last row (two rows when a merged group heading sits above).
    public var headerRows: ClosedRange<Int>
    /// Column (1-based) of each recognised field.
    public var columns: [Field: Int]
    /// Header texts that name no known field, by column (kept as they are in the cleaned list).
    public var otherColumns: [Int: String]
    /// Text of the rows above the header (titles, 填报单位, 数据截至 …).
    public var titleLines: [String]
    /// Sheets skipped because they are hidden.
    public var hiddenSheets: [String]
    /// Further visible sheets whose header maps the same fields to the same columns: the list
    /// goes on there (a roster longer than an .xls sheet's 65,536 rows, or split by township).
    public var continuations: [Part] = []
    /// Visible sheets with a list header of their own that does not match this one (not checked).
    public var otherLists: [String] = []

    /// One sheet of the list and the row its records start on.
    public struct Part: Sendable {
        public var sheet: SheetInfo
        public var firstDataRow: Int
    }

    /// Rows that come after the header.
    public var firstDataRow: Int { headerRows.upperBound + 1 }

    /// Every sheet of the list, in workbook order (the first is `sheet`).
    public var parts: [Part] { [Part(sheet: sheet, firstDataRow: firstDataRow)] + continuations }

    /// How many rows at the top of each sheet are searched for the header.
    public static let searchRows = 30

    /// Finds the header: the row (or pair of rows) naming the most known fields, on the first
    /// visible worksheet that has one with a name or ID column. Nil when no sheet has one. The
    /// other visible sheets with the same header are the list's continuations; those with another
    /// list header are named in `otherLists`.
    public static func detect(in workbook: WorkbookReader) throws -> RosterLayout? {
        let hidden = workbook.sheets.filter { $0.kind == .worksheet && $0.state != .visible }.map(\.name)
        var found: [RosterLayout] = []
        var best: (score: Int, layout: RosterLayout)?
        for sheet in workbook.sheets where sheet.kind == .worksheet {
            guard sheet.state == .visible else { continue }
            var rows: [Row] = []
            try workbook.readRows(in: sheet) { row in
                if row.count > 0 { rows.append(row.materialize()) }
                return row.index < searchRows
            }
            guard let layout = detect(rows: rows, sheet: sheet) else { continue }
            found.append(layout)
            let score = layout.columns.count
            if best == nil || (best!.score < 4 && score > best!.score + 2) { best = (score, layout) }
        }
        guard var layout = best?.layout else { return nil }
        layout.hiddenSheets = hidden
        for other in found where other.sheet.index != layout.sheet.index {
            if other.columns == layout.columns && other.otherColumns == layout.otherColumns {
                layout.continuations.append(Part(sheet: other.sheet, firstDataRow: other.firstDataRow))
            } else {
                layout.otherLists.append(other.sheet.name)
            }
        }
        return layout
    }

    /// Column headings only a statistics table has (人员总数, 应参保人数 …), compared loosely.
    private static let statisticsHeadings = ["人员总数", "应参保人数", "已参保人数", "应代缴人数", "已代缴人数", "应领取人数", "已领取人数",
                                             "参保率", "代缴率", "领取率", "完成率"].map(Field.key)

    /// The first visible sheet whose top rows carry two or more statistics headings, with the text
    /// of the rows above them: a county's statistics table. Nil when none does.
    public static func statisticsSheet(in workbook: WorkbookReader) throws -> (sheet: String, titles: [String])? {
        for sheet in workbook.sheets where sheet.kind == .worksheet && sheet.state == .visible {
            var titles: [String] = []
            var found = false
            try workbook.readRows(in: sheet) { row in
                let texts = row.materialize().cells.map(\.value.text).filter { !$0.isEmpty }
                if texts.filter({ text in statisticsHeadings.contains { Field.key(text).hasPrefix($0) } }).count >= 2 {
                    found = true
                    return false
                }
                if !texts.isEmpty { titles.append(texts.joined(separator: " ")) }
                return row.index < searchRows
            }
            if found { return (sheet.name, titles) }
        }
        return nil
    }

    static func detect(rows: [Row], sheet: SheetInfo) -> RosterLayout? {
        func matches(_ row: Row) -> [Int: Field] {
            var found: [Int: Field] = [:]
            var used = Set<Field>()
            for cell in row.cells {
                guard case .string(let text) = cell.value, let field = Field.matching(text), !used.contains(field) else { continue }
                found[cell.reference.column] = field
                used.insert(field)
            }
            return found
        }
        var best: (index: Int, fields: [Int: Field])?
        for (index, row) in rows.enumerated() {
            let fields = matches(row)
            guard fields.count >= 2, fields.values.contains(.name) || fields.values.contains(.id) else { continue }
            if best == nil || fields.count > best!.fields.count { best = (index, fields) }
        }
        guard let (index, fields) = best else { return nil }
        var columns = fields
        var last = rows[index].index
        // A second header row below (the six ledger dates under a merged 台账日期 heading).
        if index + 1 < rows.count, rows[index + 1].index == last + 1 {
            let below = matches(rows[index + 1]).filter { !fields.values.contains($0.value) }
            if below.count >= 2 {
                for (column, field) in below { columns[column] = field }
                last += 1
            }
        }
        var byField: [Field: Int] = [:]
        for (column, field) in columns.sorted(by: { $0.key < $1.key }) where byField[field] == nil { byField[field] = column }
        var others: [Int: String] = [:]
        for row in rows where row.index >= rows[index].index && row.index <= last {
            for cell in row.cells where columns[cell.reference.column] == nil {
                if case .string(let text) = cell.value, !text.trimmingCharacters(in: .whitespaces).isEmpty { others[cell.reference.column] = text }
            }
        }
        let titles = rows.filter { $0.index < rows[index].index }
            .map { $0.cells.map(\.value.text).filter { !$0.isEmpty }.joined(separator: " ") }
            .filter { !$0.isEmpty }
        return RosterLayout(sheet: sheet, headerRows: rows[index].index...last, columns: byField, otherColumns: others,
                            titleLines: titles, hiddenSheets: [])
    }
}
