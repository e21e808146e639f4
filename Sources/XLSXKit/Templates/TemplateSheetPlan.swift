/// A template cell that needs work: a placeholder, a formula, or a cell of a repeated row.
struct TemplateCell {
    /// Template coordinates.
    let reference: CellReference
    /// The template's own value (kept when there is no placeholder).
    let value: CellValue
    let text: TemplateText?
    let formula: String?
    let style: Int
}

/// What filling one sheet involves, worked out from the template before any row is written.
final class TemplateSheetPlan {
    let sheet: String
    let part: String
    /// Cells outside repeated rows that have placeholders or formulas, by template coordinates.
    var cells: [CellReference: TemplateCell] = [:]
    /// The cells of each repeated row, left to right.
    var repeatCells: [[TemplateCell]] = []
    /// Field name → position in the record, per repeated row.
    var fieldIndexes: [[String: Int]] = []
    /// Columns of each repeated row whose values formulas need, kept while filling.
    var storedColumns: [Set<Int>] = []
    /// Of those, the columns whose text is needed too (compared or joined, not only counted or summed).
    var textColumns: [Set<Int>] = []
    var mergedRanges: [CellRange] = []
    /// The template's cell formats (which wrap text, their font sizes), for fitting row heights.
    var styles = StyleSheet()
    /// How the sheet prints (whether its pages are counted while it is filled).
    var print = TemplatePrintSetup()
    /// The last column the template uses, for the printed width when no print area says it.
    var lastColumn = 1
    var layout: SheetLayout
    /// Whether record counts (and stored values) were gathered before writing.
    var countsKnown = false
    /// Whether formulas on other sheets refer to this sheet's filled rows (their counts and values
    /// are then gathered before any sheet is written).
    var referencedFromOtherSheets = false
    /// Other filled sheets this sheet's formulas refer to.
    var referencedSheets: Set<String> = []
    /// Layouts of the other filled sheets this sheet's formulas refer to, set before it is written.
    var otherLayouts: [SheetLayout] = []
    var fillsStoresWhileWriting: Bool { !countsKnown }

    init(sheet: String, part: String) {
        self.sheet = sheet
        self.part = part
        layout = SheetLayout(repeats: [], sheet: sheet)
    }

    /// Whether the sheet has anything to fill.
    var isEmpty: Bool { cells.isEmpty && repeatCells.isEmpty }

    /// Reads a template sheet and checks it against the data.
    static func make(_ sheet: SheetInfo, reader: WorkbookReader, data: TemplateData) throws -> TemplateSheetPlan? {
        guard sheet.kind == .worksheet, let part = sheet.part else { return nil }
        let plan = TemplateSheetPlan(sheet: sheet.name, part: part)
        var rows: [Row] = []
        let summary = try reader.forEachRow(in: sheet) { rows.append($0.materialize()) }
        plan.mergedRanges = summary.mergedRanges
        plan.styles = try reader.styles()
        plan.print = try TemplatePrintSetup.read(sheet, part: part, reader: reader)
        plan.lastColumn = max(rows.flatMap { $0.cells.map(\.reference.column) }.max() ?? 1, summary.mergedRanges.map(\.last.column).max() ?? 1)
        var statics: [CellReference: CellValue] = [:]
        for row in rows {
            let cells = row.cells.map { cell -> TemplateCell in
                let text: TemplateText? = { if case .string(let s) = cell.value { return TemplateText(s) } else { return nil } }()
                return TemplateCell(reference: cell.reference, value: cell.value, text: text, formula: cell.formula, style: cell.styleIndex)
            }
            let lists = Set(cells.compactMap { $0.text?.list })
            if lists.count > 1 {
                throw XLSXError(.templateMismatch, "同一行用到了多个列表（\(lists.sorted().joined(separator: "、"))），每个重复行只能对应一个列表",
                                sheet: sheet.name, cell: "第 \(row.index) 行")
            }
            if let list = lists.first {
                guard let source = data.lists[list] else {
                    let cell = cells.first { $0.text?.list == list }!.reference
                    throw XLSXError(.templateMismatch, list.isEmpty ? "模板要填写名单（{.字段}），但数据中没有名单" : "数据中没有名为「\(list)」的列表",
                                    sheet: sheet.name, cell: cell.description)
                }
                var indexes: [String: Int] = [:]
                for (index, field) in source.fields.enumerated() where indexes[field] == nil { indexes[field] = index }
                for cell in cells {
                    for field in cell.text?.fields ?? [] where indexes[field.name] == nil {
                        throw XLSXError(.templateMismatch, "数据中没有字段「\(field.name)」（现有字段：\(source.fields.joined(separator: "、"))）",
                                        sheet: sheet.name, cell: cell.reference.description)
                    }
                }
                plan.layout.repeats.append(SheetLayout.Repeat(row: row.index, list: list, count: source.count ?? 0))
                plan.repeatCells.append(cells)
                plan.fieldIndexes.append(indexes)
            } else {
                for cell in cells {
                    statics[cell.reference] = cell.value
                    if cell.text != nil || cell.formula != nil { plan.cells[cell.reference] = cell }
                }
            }
        }
        guard !plan.isEmpty else { return nil }
        plan.storedColumns = plan.layout.repeats.indices.map { plan.columnsNeeded(by: $0, text: false) }
        plan.textColumns = plan.layout.repeats.indices.map { plan.columnsNeeded(by: $0, text: true) }
        return plan
    }

    /// Columns of repeat `position` that some formula refers to across its rows; with `text`, only
    /// those used by formulas that compare or join text (COUNTIF, SUMIF, IF, comparisons, `&`).
    private func columnsNeeded(by position: Int, text: Bool) -> Set<Int> {
        let row = layout.repeats[position].row
        let columns = Set(repeatCells[position].map(\.reference.column))
        var needed = Set<Int>()
        var formulas = self.formulas
        if text {
            formulas = formulas.filter { formula in
                let upper = formula.uppercased()
                return upper.contains("IF(") || formula.contains("&") || formula.contains("=") || formula.contains("<") || formula.contains(">")
            }
        }
        for formula in formulas {
            for range in TemplateSheetPlan.ranges(in: formula) where range.first.row <= row && row <= range.last.row {
                needed.formUnion(columns.filter { $0 >= range.first.column && $0 <= range.last.column })
            }
        }
        return needed
    }

    /// Whether values must be gathered before writing: a formula above a repeated row looks at or
    /// below it, there are several repeats, a repeated row's formulas look beyond their own row, or
    /// another sheet's formulas look at this one.
    var needsFirstPass: Bool {
        if layout.repeats.count > 1 || (referencedFromOtherSheets && !layout.repeats.isEmpty) { return true }
        guard let repeatRow = layout.repeats.first?.row else { return false }
        for cell in cells.values where cell.reference.row < repeatRow {
            if let formula = cell.formula, TemplateSheetPlan.ranges(in: formula).contains(where: { $0.last.row >= repeatRow }) { return true }
        }
        for cell in repeatCells.first ?? [] {
            // Only references to the record's own row can be resolved before the count is known.
            if let formula = cell.formula,
               TemplateSheetPlan.ranges(in: formula).contains(where: { $0.first.row != repeatRow || $0.last.row != repeatRow }) { return true }
        }
        return false
    }

    /// The ranges a formula refers to on its own sheet, in template coordinates.
    static func ranges(in formula: String) -> [CellRange] {
        references(in: formula).compactMap { $0.sheet == nil ? $0.range : nil }
    }

    /// Every range a formula refers to, with its sheet when it names one.
    static func references(in formula: String) -> [(range: CellRange, sheet: String?)] {
        FormulaEvaluator.tokenize(formula).compactMap { token in
            guard case .reference(let text) = token, case .range(let range, let sheet)? = FormulaEvaluator.reference(text) else { return nil }
            return (range, sheet)
        }
    }

    /// Every formula of the sheet (cells outside and inside repeated rows).
    var formulas: [String] { cells.values.compactMap(\.formula) + repeatCells.flatMap { $0.compactMap(\.formula) } }

    /// Finds the formulas that refer to another filled sheet: the referring sheet remembers it, the
    /// sheet referred to keeps the columns it needs.
    static func linkSheets(_ plans: [TemplateSheetPlan]) {
        let byName = Dictionary(plans.map { ($0.sheet.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        for plan in plans {
            var ranges: [String: [CellRange]] = [:]
            for formula in plan.formulas {
                for (range, sheet) in references(in: formula) {
                    guard let sheet, let target = byName[sheet.lowercased()], target !== plan else { continue }
                    ranges[target.sheet, default: []].append(range)
                }
            }
            for (sheet, found) in ranges {
                plan.referencedSheets.insert(sheet)
                byName[sheet.lowercased()]!.keepColumns(referredToBy: found)
            }
        }
    }

    /// Marks the columns of this sheet's repeats that `formula` (on another sheet) refers to as
    /// needed, so their values are kept.
    func keepColumns(referredToBy ranges: [CellRange]) {
        for (position, repeatRow) in layout.repeats.enumerated() {
            let columns = Set(repeatCells[position].map(\.reference.column))
            for range in ranges where range.first.row <= repeatRow.row && repeatRow.row <= range.last.row {
                let hit = columns.filter { $0 >= range.first.column && $0 <= range.last.column }
                storedColumns[position].formUnion(hit)
                textColumns[position].formUnion(hit)
                referencedFromOtherSheets = true
            }
        }
    }

    /// A formula of a cell outside the repeated rows after filling: this sheet's repeats, then the
    /// other sheets' (for references that name them); nil when it referred only to a repeated row
    /// that got no records.
    func expand(_ formula: String) -> String? {
        otherLayouts.reduce(layout.expand(formula)) { result, other in result.flatMap { other.expand($0, qualifiedOnly: true) } }
    }

    /// A formula of record `index` of repeat `position` after filling.
    func expand(_ formula: String, record index: Int, ofRepeat position: Int) -> String? {
        otherLayouts.reduce(layout.expand(formula, record: index, ofRepeat: position)) { result, other in
            result.flatMap { other.expand($0, qualifiedOnly: true) }
        }
    }
}
