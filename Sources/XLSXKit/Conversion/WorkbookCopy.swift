/// An .xlsx copy of a workbook read in another format (.xls): every worksheet's values in their
/// cells, merges, hidden rows, columns and sheets, column widths, and each cell's number format
/// (dates stay dates, text-formatted codes stay text). What the validation report annotates
/// when the clerk sent something other than an .xlsx; the original is never touched.
///
/// Memory: one row at a time (each sheet is read twice: once for its merges and widths, which
/// an .xlsx sheet states before its rows, then for the rows).
public enum WorkbookCopy {
    /// Writes the copy of `reader`'s workbook to `path`.
    public static func write(_ reader: WorkbookReader, to path: String) throws {
        let writer = try WorkbookWriter(path: path)
        let styles = try reader.styles()
        var registered: [Int: StyleID] = [:]
        func style(_ index: Int, _ kind: CellKind, _ value: CellValue) -> StyleID? {
            if let known = registered[index] { return known }
            let code = styles.numberFormatCode(forStyle: index)
            let id: StyleID?
            if let code, code != "General" {
                id = writer.style(CellStyle(numberFormat: code))
            } else {
                switch styles.numberFormatKind(forStyle: index) {
                case .date: id = writer.style(.date)
                case .time: id = writer.style(CellStyle(numberFormat: "hh:mm:ss"))
                case .dateTime: id = writer.style(CellStyle(numberFormat: "yyyy-mm-dd hh:mm:ss"))
                case .duration: id = writer.style(CellStyle(numberFormat: "[h]:mm:ss"))
                case .number: id = styles.numberFormatId(forStyle: index) == 49 ? writer.style(.text) : nil
                }
            }
            registered[index] = id
            return id
        }
        for sheet in reader.sheets where sheet.kind == .worksheet {
            let layout = try reader.forEachRow(in: sheet) { _ in }
            // Widths and hidden state of the columns up to the last one used (writers set all 256).
            let used = 1...max(1, layout.usedRange?.last.column ?? 1)
            var columns: [Int: SheetSetup.Column] = [:]
            for run in layout.columnWidths where run.columns.overlaps(used) {
                for column in run.columns.clamped(to: used) { columns[column] = SheetSetup.Column(column, width: run.width) }
            }
            for run in layout.hiddenColumns where run.overlaps(used) {
                for column in run.clamped(to: used) { columns[column, default: SheetSetup.Column(column)].hidden = true }
            }
            let setup = SheetSetup(columns: columns.values.sorted { $0.index < $1.index }, state: sheet.state)
            let target = try writer.addSheet(sheet.name, setup: setup)
            try reader.forEachRow(in: sheet) { row in
                guard row.count > 0 || row.isHidden else { return }
                var cells: [WriteCell] = []
                for position in 0..<row.count {
                    let cell = row[position]
                    while cells.count < cell.column - 1 { cells.append(.empty) }
                    let value = cell.value
                    cells.append(WriteCell(value, style: style(cell.styleIndex, cell.kind, value)))
                }
                try target.writeRow(cells, at: row.index, hidden: row.isHidden)
            }
            layout.mergedRanges.forEach(target.merge)
        }
        try writer.close()
    }
}
