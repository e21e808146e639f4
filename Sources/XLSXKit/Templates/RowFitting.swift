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

    /// The height a row needs for the text of its wrapping cells, in points; nil when none of
    /// them needs more than one line.
    func height(of cells: [(column: Int, style: Int, value: CellValue)], templateRow row: Int) -> Double? {
        var needed: Double?
        for cell in cells where styles.wrapsText(forStyle: cell.style) {
            guard case .string(let text) = cell.value, !text.isEmpty else { continue }
            let lines = TextLayout.lines(text, columnWidth: width(of: cell.column, templateRow: row))
            guard lines > 1 else { continue }
            let height = TextLayout.rowHeight(lines: lines, fontSize: styles.fontSize(forStyle: cell.style))
            needed = Swift.max(needed ?? 0, height)
        }
        return needed
    }
}
