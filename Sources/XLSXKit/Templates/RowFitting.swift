/// Fits a filled row's height to its wrapped text, as Excel's "autofit row height" would: a cell
/// whose style wraps gets as many lines as its text needs at its column's width (a merged cell
/// at the width of all its columns). The template's own height stays when it is enough.
struct RowFitting {
    private(set) var columnWidths: [Int: Double] = [:]
    /// Width of columns without a `<col>` (Excel's default is 8.43 characters shown, 9.14 stored).
    private(set) var defaultWidth = 9.140625
    let styles: StyleSheet
    /// Merged ranges of the template, to widen a merged cell to all its columns.
    let mergedRanges: [CellRange]

    /// Takes in a `<col>` element.
    mutating func column(min: Int, max: Int, width: Double) {
        guard min <= max, max - min < 20_000 else { return }
        for column in min...max { columnWidths[column] = width }
    }

    /// Takes in `<sheetFormatPr>`.
    mutating func sheetFormat(defaultColumnWidth: Double?, baseColumnWidth: Double?) {
        if let defaultColumnWidth { defaultWidth = defaultColumnWidth } else if let baseColumnWidth { defaultWidth = baseColumnWidth + 0.71 }
    }

    /// The width of a cell of the template row `row`, in characters.
    func width(of column: Int, templateRow row: Int) -> Double {
        if let merged = mergedRanges.first(where: { $0.first.row <= row && row <= $0.last.row && $0.first.column == column }) {
            return (merged.first.column...merged.last.column).reduce(0) { $0 + (columnWidths[$1] ?? defaultWidth) }
        }
        return columnWidths[column] ?? defaultWidth
    }

    /// A wrapping cell of a template row, measured once for every record filled into it: its
    /// place among the values, its width and its font size.
    struct Wrapping {
        var slot: Int
        var width: Double
        var fontSize: Double
    }

    /// The cells among `cells` (column and style, by slot) whose style wraps, measured on template row `row`.
    func wrapping(_ cells: [(column: Int, style: Int)], templateRow row: Int) -> [Wrapping] {
        cells.enumerated().filter { styles.wrapsText(forStyle: $0.element.style) }.map { slot, cell in
            Wrapping(slot: slot, width: width(of: cell.column, templateRow: row), fontSize: styles.fontSize(forStyle: cell.style))
        }
    }

    /// The height a row needs for the text of its wrapping cells (`values` by slot), in points;
    /// nil when none of them needs more than one line.
    func height(of values: [CellValue], in wrapping: [Wrapping]) -> Double? {
        var needed: Double?
        for cell in wrapping {
            guard case .string(let text) = values[cell.slot], !text.isEmpty else { continue }
            let lines = TextLayout.lines(text, columnWidth: cell.width)
            guard lines > 1 else { continue }
            needed = Swift.max(needed ?? 0, TextLayout.rowHeight(lines: lines, fontSize: cell.fontSize))
        }
        return needed
    }

    /// The same for cells of a row filled once.
    func height(of cells: [(column: Int, style: Int, value: CellValue)], templateRow row: Int) -> Double? {
        height(of: cells.map(\.value), in: wrapping(cells.map { ($0.column, $0.style) }, templateRow: row))
    }
}
