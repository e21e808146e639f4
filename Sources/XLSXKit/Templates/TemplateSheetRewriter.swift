/// Streams one template sheet into its filled form: single placeholders filled, each repeated row
/// written once per record with the template row's styles, everything below moved down, and
/// merged ranges, validations, conditional formats, hyperlinks, filters and page breaks moved or
/// stretched with it. Formulas are rewritten and get a computed cached value where possible.
final class TemplateSheetRewriter: XMLEchoHandler {
    private let plan: TemplateSheetPlan
    private let data: TemplateData
    private let context: FillContext
    private var report: FillReport
    private var inSheetData = false
    private var templateRow = 0
    private var lastColumn = 0
    /// Column widths and wrapping styles, to fit the height of rows whose text wraps.
    private var fitting: RowFitting
    /// The sheet's pages, counted while its rows are written (when it prints one page wide with a page total).
    private var pagination: Pagination?
    private var headerFooterText: String?
    private var breaksWritten = false

    /// The shared-string index for a string written by the fill, or nil to write it inline.
    private let sharedString: (String) -> Int?

    init(plan: TemplateSheetPlan, data: TemplateData, context: FillContext, report: FillReport, xml: XMLWriter,
         sharedString: @escaping (String) -> Int?) {
        self.sharedString = sharedString
        self.plan = plan
        self.data = data
        self.context = context
        self.report = report
        fitting = RowFitting(styles: plan.styles, mergedRanges: plan.mergedRanges)
        super.init(xml: xml)
    }

    /// The report, with what this sheet added.
    var finalReport: FillReport { report }

    override func handleStart(_ name: XMLName, _ attributes: XMLAttributes) {
        if depth == 1 {
            echoStart(name, attributes, addingIfMissing: defaultNamespaceIfPrefixed())
            return
        }
        if depth == 2 && name.is("dimension") { skipCurrentElement(); return } // recomputed by every reader
        if depth == 2 && name.is("sheetFormatPr") {
            fitting.sheetFormat(defaultColumnWidth: attributes["defaultColWidth"].flatMap { Double($0.string) },
                                baseColumnWidth: attributes["baseColWidth"].flatMap { Double($0.string) })
        } else if depth == 3 && name.is("col"), let min = attributes["min"]?.integer, let max = attributes["max"]?.integer,
                  let width = attributes["width"].flatMap({ Double($0.string) }) {
            fitting.column(min: min, max: max, width: width)
        }
        if name.is("sheetData") {
            inSheetData = true
            if plan.print.countsPages {
                let columns = plan.print.printedColumns ?? 1...plan.lastColumn
                let width = columns.reduce(0) { $0 + fitting.width(of: $1, templateRow: 0) }
                pagination = Pagination(page: plan.print.page, contentWidth: width, digitWidth: plan.styles.defaultDigitWidth,
                                        titleRows: plan.print.titleRows.map { plan.layout.outputRow(of: $0.lowerBound)...plan.layout.outputRow(of: $0.upperBound) })
            }
            echoStart(name, attributes)
        } else if inSheetData && name.is("row") {
            templateRow = attributes["r"]?.integer ?? templateRow + 1
            lastColumn = 0
            if let position = plan.layout.repeats.firstIndex(where: { $0.row == templateRow }) {
                writeRecords(position, rowAttributes: StylesInventory.pairs(attributes).filter { $0.0 != "r" && $0.0 != "spans" })
                skipCurrentElement()
            } else if let height = staticRowHeight(templateRow), height > (attributes["ht"].flatMap { Double($0.string) } ?? 0) {
                paginate(plan.layout.outputRow(of: templateRow), height: height)
                echoStart(name, attributes, replacing: ["r": String(plan.layout.outputRow(of: templateRow)), "ht": String(height), "customHeight": "1"],
                          addingIfMissing: ["ht": String(height), "customHeight": "1"], omitting: ["spans"])
            } else {
                let hidden = attributes["hidden"]?.boolean == true
                paginate(plan.layout.outputRow(of: templateRow), height: hidden ? 0 : attributes["ht"].flatMap { Double($0.string) } ?? plan.print.defaultRowHeight)
                echoStart(name, attributes, replacing: ["r": String(plan.layout.outputRow(of: templateRow))], omitting: ["spans"])
            }
        } else if inSheetData && name.is("c") {
            let column = attributes["r"].flatMap { CellReference($0.string)?.column } ?? lastColumn + 1
            lastColumn = column
            let cell = CellReference(row: templateRow, column: column)
            let outputRow = plan.layout.outputRow(of: templateRow)
            if let template = plan.cells[cell], template.text != nil || template.formula != nil {
                closePendingTag()
                writeStatic(template, row: outputRow, column: column)
                skipCurrentElement()
            } else {
                echoStart(name, attributes, replacing: ["r": CellReference(row: outputRow, column: column).description])
            }
        } else if name.is("mergeCells") {
            closePendingTag()
            let ranges = plan.mergedRanges.flatMap(mergedRanges)
            if !ranges.isEmpty {
                insert("<mergeCells count=\"\(ranges.count)\">" + ranges.map { "<mergeCell ref=\"\($0)\"/>" }.joined() + "</mergeCells>")
            }
            skipCurrentElement()
        } else if let attribute = TemplateSheetRewriter.rangeAttributes[name.string], let value = attributes[attribute] {
            echoStart(name, attributes, replacing: ["\(attribute)": expandRanges(value.string)])
        } else if name.is("brk"), let id = attributes["id"]?.integer {
            echoStart(name, attributes, replacing: ["id": String(plan.layout.outputRow(of: id))])
        } else if plan.print.countsPages, depth == 3, name.is("pageSetUpPr") {
            echoStart(name, attributes, replacing: ["fitToPage": "0"])
        } else if let pagination, depth == 2, name.is("pageSetup") {
            // Printed at the scale the pages were counted for; each sheet's pages numbered from 1.
            echoStart(name, attributes, replacing: ["scale": String(pagination.scale), "useFirstPageNumber": "1", "firstPageNumber": "1"],
                      addingIfMissing: ["scale": String(pagination.scale), "useFirstPageNumber": "1", "firstPageNumber": "1"],
                      omitting: ["fitToWidth", "fitToHeight"])
        } else if pagination != nil, depth == 3, TemplatePrintSetup.headerFooterTexts.contains(name.string) {
            headerFooterText = ""
            echoStart(name, attributes)
        } else {
            if pagination != nil, depth == 2, TemplateSheetRewriter.afterRowBreaks.contains(name.string) { writeBreaks() }
            echoStart(name, attributes)
        }
    }

    /// Elements of a worksheet that follow `rowBreaks`.
    private static let afterRowBreaks: Set<String> = [
        "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF",
        "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst",
    ]

    /// The page breaks the pagination found, once.
    private func writeBreaks() {
        guard let pagination, !breaksWritten else { return }
        breaksWritten = true
        if !pagination.breaks.isEmpty { insert(pagination.rowBreaksXML) }
    }

    private func paginate(_ row: Int, height: Double) {
        pagination?.add(row: row, height: height, defaultHeight: plan.print.defaultRowHeight)
    }

    override func handleEnd(_ name: XMLName, prefix: String?) {
        if name.is("sheetData") { inSheetData = false }
        if let text = headerFooterText, TemplatePrintSetup.headerFooterTexts.contains(name.string) {
            closePendingTag()
            xml.text(pagination?.footer(text) ?? text) // "共 &N 页": this sheet's own pages
            headerFooterText = nil
        }
        if depth == 1 { writeBreaks() }
        echoEnd(name, prefix: prefix)
    }

    override func handleText(_ text: UnsafeBufferPointer<UInt8>) {
        if headerFooterText != nil {
            headerFooterText! += String(decoding: text, as: UTF8.self)
            return
        }
        // Formulas of validations and conditional formats move with the rows, in the sheet's own
        // elements and in Excel 2010's extension list (`x14:dataValidation` with `xm:f`, `xm:sqref`).
        if depth >= 3, let parent = prefixStackTopName {
            if TemplateSheetRewriter.formulaElements.contains(parent) || (parent == "f" && !inSheetData) {
                let formula = String(decoding: text, as: UTF8.self)
                closePendingTag()
                xml.text(plan.expand(formula) ?? formula)
                return
            }
            if parent == "sqref" {
                closePendingTag()
                xml.text(expandRanges(String(decoding: text, as: UTF8.self)))
                return
            }
        }
        echoText(text)
    }

    /// Elements whose attribute holds ranges to move or stretch.
    private static let rangeAttributes: [String: StaticString] = [
        "dataValidation": "sqref", "conditionalFormatting": "sqref", "hyperlink": "ref", "autoFilter": "ref",
        "protectedRange": "sqref", "selection": "sqref",
    ]
    private static let formulaElements: Set<String> = ["formula", "formula1", "formula2"]
    private var prefixStackTopName: String? { elementNames.last }
    private var elementNames: [String] = []

    override func startElement(_ name: XMLName, prefix: UnsafePointer<UInt8>?, namespaces: XMLNamespaces, _ attributes: XMLAttributes) {
        elementNames.append(name.string)
        super.startElement(name, prefix: prefix, namespaces: namespaces, attributes)
    }

    override func endElement(_ name: XMLName) {
        super.endElement(name)
        elementNames.removeLast()
    }

    // MARK: Cells

    private func writeStatic(_ template: TemplateCell, row: Int, column: Int) {
        var value = template.value
        if let text = template.text {
            value = text.render(single: single(at: template.reference), field: { _, _ in .empty })
        }
        var formula: String?
        if let original = template.formula {
            formula = plan.expand(original)
            if let formula {
                context.incomplete = false
                if let computed = FormulaEvaluator.evaluate(formula, in: context), !context.incomplete {
                    value = computed
                } else {
                    value = .empty
                    report.uncomputedFormulas += 1
                }
            } else {
                // Its references pointed only at a repeated row that got no records: a total of nothing.
                value = .number(0)
            }
        }
        if template.formula != nil {
            context.statics[template.reference] = value
            context.pendingFormulas.remove(template.reference)
        }
        report.cut.add(sheet: plan.sheet, row: row, column: column,
                       length: CellXML.write(value, formula: formula, style: template.style, row: row, column: column, into: xml, sharedString: sharedString))
    }

    /// The height a row outside the repeats needs for its filled, wrapping text (nil: as the template has it).
    private func staticRowHeight(_ row: Int) -> Double? {
        let cells = plan.cells.values.filter { $0.reference.row == row && $0.text != nil && plan.styles.wrapsText(forStyle: $0.style) }
        guard !cells.isEmpty else { return nil }
        return fitting.height(of: cells.map { cell in
            (cell.reference.column, cell.style, cell.text!.render(single: { data.values[$0] ?? .empty }, field: { _, _ in .empty }))
        }, templateRow: row)
    }

    private func single(at cell: CellReference) -> (String) -> CellValue {
        { name in
            if let value = self.data.values[name] { return value }
            let note = "\(self.plan.sheet)!\(cell) {\(name)}"
            if !self.report.unfilled.contains(note) { self.report.unfilled.append(note) }
            return .empty
        }
    }

    private func writeRecords(_ position: Int, rowAttributes: [(String, String)]) {
        closePendingTag()
        let repeatRow = plan.layout.repeats[position]
        let cells = plan.repeatCells[position]
        let fieldIndexes = plan.fieldIndexes[position]
        let stored = plan.storedColumns[position]
        // A cell that is exactly one `{.field}` takes the record's value as it is.
        let directFields: [Int?] = cells.map { cell in
            guard let segments = cell.text?.segments, segments.count == 1, case .field(_, let name) = segments[0] else { return nil }
            return fieldIndexes[name]
        }
        let storedSlots = cells.enumerated().filter { stored.contains($0.element.reference.column) }.map { ($0.offset, $0.element.reference.column) }
        // The stored columns themselves, looked up at the first record (not once per record).
        var storeColumns: [(slot: Int, column: CompactColumn)]?
        let hasFormulas = cells.contains { $0.formula != nil }
        // The cells' parts by slot, read once: the loops below run for every record.
        let columns = cells.map(\.reference.column), styles = cells.map(\.style), isFormula = cells.map { $0.formula != nil }
        let attributes = rowAttributes.filter { $0.0 != "ht" && $0.0 != "customHeight" }
            .map { " \($0.0)=\"\(StylesInventory.escape($0.1))\"" }.joined()
        let templateHeight = rowAttributes.first { $0.0 == "ht" }.flatMap { Double($0.1) }
        let templateHeightText = rowAttributes.filter { $0.0 == "ht" || $0.0 == "customHeight" }
            .map { " \($0.0)=\"\(StylesInventory.escape($0.1))\"" }.joined()
        let wrapping = fitting.wrapping(cells.map { ($0.reference.column, $0.style) }, templateRow: repeatRow.row)
        guard let list = data.lists[repeatRow.list] else { return }
        // Until the records are counted, the repeat reaches as far as any record can.
        let known = plan.countsKnown
        if !known { plan.layout.repeats[position].count = CellReference.maxRow }
        var index = 0
        do {
            try list.forEachRecord { record in
                let row = plan.layout.outputRow(repeat: position, record: index)
                // Values by position in the row; a dictionary by column only when formulas need one.
                var values = [CellValue](repeating: .empty, count: cells.count)
                for slot in 0..<values.count where !isFormula[slot] {
                    if let field = directFields[slot] {
                        values[slot] = field < record.count ? record[field] : .empty
                    } else {
                        let cell = cells[slot]
                        values[slot] = cell.text.map { text in
                            text.render(single: single(at: cell.reference), field: { _, name in
                                guard let field = fieldIndexes[name], field < record.count else { return .empty }
                                return record[field]
                            })
                        } ?? cell.value
                    }
                }
                var formulas: [String?] = []
                var computed: [Bool] = []
                if hasFormulas {
                    formulas = cells.map { $0.formula.flatMap { plan.expand($0, record: index, ofRepeat: position) } }
                    computed = context.computeFormulas(formulas, columns: cells.map(\.reference.column), values: &values,
                                                       repeat: position, record: index)
                }
                if plan.fillsStoresWhileWriting {
                    if storeColumns == nil { storeColumns = storedSlots.map { ($0.0, context.store(position, $0.1)) } }
                    for (slot, column) in storeColumns! {
                        column.append(hasFormulas && isFormula[slot] && !computed[slot] ? nil : values[slot])
                    }
                }
                xml.raw("<row r=\""); xml.integer(row); xml.raw("\""); xml.raw(attributes)
                // A record whose wrapped text needs more room than the template row gives gets it.
                if !wrapping.isEmpty, let needed = fitting.height(of: values, in: wrapping), needed > (templateHeight ?? plan.print.defaultRowHeight) {
                    xml.raw(" ht=\""); xml.number(needed); xml.raw("\" customHeight=\"1\"")
                    paginate(row, height: needed)
                } else {
                    xml.raw(templateHeightText)
                    paginate(row, height: templateHeight ?? plan.print.defaultRowHeight)
                }
                xml.raw(">")
                for slot in 0..<values.count {
                    let value = values[slot]
                    let formula = hasFormulas ? formulas[slot] : nil
                    if isFormula[slot] && !computed[slot] { report.uncomputedFormulas += 1 }
                    if case .empty = value, styles[slot] == 0, formula == nil { continue }
                    report.cut.add(sheet: plan.sheet, row: row, column: columns[slot],
                                   length: CellXML.write(value, formula: formula, style: styles[slot], row: row, column: columns[slot],
                                                         into: xml, sharedString: sharedString))
                }
                xml.raw("</row>")
                try xml.flushIfNeeded()
                index += 1
            }
        } catch {
            failure = error
        }
        context.current = nil
        if !known { plan.layout.repeats[position].count = index }
        report.records[repeatRow.list, default: 0] += index
    }

    /// A range list (`sqref`) after filling: a cell or range on a repeated row covers all its records.
    private func expandRanges(_ text: String) -> String {
        text.split(separator: " ").map { token -> String in
            let range = token.contains(":") ? String(token) : "\(token):\(token)"
            return plan.layout.expand(range) ?? String(token)
        }.joined(separator: " ")
    }

    /// A merged range after filling: copied per record on a repeated row, otherwise moved or stretched.
    private func mergedRanges(_ range: CellRange) -> [String] {
        if range.first.row == range.last.row, let position = plan.layout.repeats.firstIndex(where: { $0.row == range.first.row }) {
            return (0..<plan.layout.repeats[position].count).map { index in
                let row = plan.layout.outputRow(repeat: position, record: index)
                return CellRange(CellReference(row: row, column: range.first.column), CellReference(row: row, column: range.last.column)).description
            }
        }
        return plan.layout.expand(range.description).map { [$0] } ?? []
    }
}
