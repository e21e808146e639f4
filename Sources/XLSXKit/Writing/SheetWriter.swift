/// Writes one worksheet's rows as they come; obtained from `WorkbookWriter.addSheet`.
///
/// Memory: rows are turned into XML and compressed immediately into a temporary file; what is
/// kept is per-column width statistics, merged ranges, comments and validations.
public final class SheetWriter {
    /// The sheet name.
    public let name: String
    /// 0-based position in the workbook.
    public let index: Int
    let setup: SheetSetup
    unowned let workbook: WorkbookWriter
    let segment: DeflatedSegment
    private let xml: XMLWriter
    private(set) var mergedRanges: [CellRange] = []
    private(set) var comments: [CellComment] = []
    private(set) var validations: [ListValidation] = []
    private(set) var fittedWidths: [Int] = []
    private(set) var nextRow = 1
    private(set) var usedRange: CellRange?
    private(set) var isFinished = false
    private var rowsFitted = 0

    init(name: String, index: Int, setup: SheetSetup, workbook: WorkbookWriter, folder: String, level: Int32) throws {
        self.name = name
        self.index = index
        self.setup = setup
        self.workbook = workbook
        let segment = try DeflatedSegment(folder: folder, level: level)
        self.segment = segment
        xml = XMLWriter(chunkSize: 1 << 16) { try segment.write($0) }
    }

    /// The 1-based number the next `writeRow` call writes.
    public var currentRow: Int { nextRow }

    /// Writes a row of cells from column A at the next row (or at `row`, which must not go back).
    ///
    /// `.empty` cells without a style are skipped. Strings are always written as text, even when
    /// they start with `=`, `+`, `-` or `@`; only `WriteCell.formula` makes a formula.
    public func writeRow(_ cells: [WriteCell], at row: Int? = nil, height: Double? = nil, hidden: Bool = false) throws {
        precondition(!isFinished, "sheet \(name) is already finished")
        let number = row ?? nextRow
        guard number <= CellReference.maxRow, cells.count <= CellReference.maxColumn else {
            throw XLSXError(.sheetTooLarge, "row \(number) with \(cells.count) cells is beyond XFD1048576", sheet: name, cell: "第 \(number) 行")
        }
        guard number >= nextRow else {
            throw XLSXError(.invalidCellReference, "row \(number) cannot be written after row \(nextRow - 1)", sheet: name, cell: "第 \(number) 行")
        }
        nextRow = number + 1
        xml.raw("<row r=\"")
        xml.integer(number)
        xml.raw("\"")
        if let height {
            xml.raw(" ht=\""); xml.number(height); xml.raw("\" customHeight=\"1\"")
        }
        if hidden { xml.raw(" hidden=\"1\"") }
        xml.raw(">")
        let fitting = setup.fitColumns && rowsFitted < 10_000
        if fitting { rowsFitted += 1 }
        var firstColumn = 0, lastColumn = 0
        for (offset, cell) in cells.enumerated() {
            let column = offset + 1
            if try workbook.writeCell(cell, row: number, column: column, into: xml, sheet: name) {
                if firstColumn == 0 { firstColumn = column }
                lastColumn = column
                if fitting { fit(cell, column: column) }
            }
        }
        xml.raw("</row>")
        try xml.flushIfNeeded()
        if firstColumn > 0 {
            let rowRange = CellRange(CellReference(row: number, column: firstColumn), CellReference(row: number, column: lastColumn))
            if let used = usedRange {
                usedRange = CellRange(CellReference(row: min(used.first.row, number), column: min(used.first.column, firstColumn)),
                                      CellReference(row: max(used.last.row, number), column: max(used.last.column, lastColumn)))
            } else {
                usedRange = rowRange
            }
        }
    }

    /// Merges a range (its value is the top-left cell's).
    public func merge(_ range: CellRange) {
        mergedRanges.append(range)
    }

    /// Attaches a comment (note) to a cell.
    public func addComment(_ comment: CellComment) {
        comments.append(comment)
    }

    /// Adds a list drop-down to a range.
    public func addValidation(_ validation: ListValidation) {
        validations.append(validation)
    }

    /// Ends the rows: no more `writeRow` calls.
    func finish() throws {
        guard !isFinished else { return }
        isFinished = true
        try xml.flush()
        try segment.finish()
    }

    private func fit(_ cell: WriteCell, column: Int) {
        let width: Int
        let format = cell.style.flatMap { workbook.numberFormat(of: $0) } ?? ""
        switch cell.value {
        case .string(let text): width = TextLayout.displayWidth(text)
        case .number(let number):
            // Grouping and fixed decimals (`#,##0.00`) widen what is shown.
            width = CellValue.shortestText(number).utf8.count + (format.containsBytes(",") ? 2 : 0) + (format.containsBytes(".00") ? 3 : 0)
        case .date(let date):
            // yyyy"年"m"月"d"日" shows 2019年11月20日: three double-width characters.
            width = (format.containsBytes("年") ? 14 : 10) + (date.hasTime ? 9 : 0)
        case .boolean: width = 5
        case .duration(let days): width = CellValue.elapsedText(days).utf8.count
        case .error(let text): width = text.utf8.count
        case .empty: width = 0
        }
        if fittedWidths.count < column { fittedWidths += [Int](repeating: 0, count: column - fittedWidths.count) }
        fittedWidths[column - 1] = max(fittedWidths[column - 1], width)
    }
}
