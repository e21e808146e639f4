import Foundation

/// A CSV (or tab-separated) file read as a workbook of one sheet, named after the file: each
/// line a row, each field a cell judged on its own — a number, a date, or text; ID numbers,
/// phone numbers and anything with a leading zero stay text (`ColumnTyping.cellValue`).
/// Encoding and delimiter are detected as `CSVReader` does. Memory: one line at a time.
final class TextWorkbook {
    let reader: CSVReader
    let sheet: SheetInfo

    init(path: String) throws {
        reader = try CSVReader(path: path)
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        sheet = SheetInfo(name: ExcelLimits.sheetName(from: base), index: 0, state: .visible, kind: .worksheet, part: nil)
    }

    private struct Stop: Error {}

    /// Streams the lines as rows while `body` returns true.
    func readRows(while body: (RowView) throws -> Bool) throws -> WorksheetSummary {
        let row = DecodedRow()
        var number = 0
        var stopped = false
        do {
            try reader.forEachRow { fields in
                number += 1
                guard number <= CellReference.maxRow else {
                    throw XLSXError(.sheetTooLarge, "more than \(CellReference.maxRow) lines", sheet: sheet.name, cell: "第 \(number) 行")
                }
                row.start(number)
                for (offset, field) in fields.prefix(CellReference.maxColumn).enumerated() where !field.isEmpty {
                    let value = ColumnTyping.cellValue(field)
                    let kind: CellKind = if case .string = value { .inlineString } else { .number }
                    row.add(column: offset + 1, kind: kind, value: value)
                }
                if try !row.emit(hidden: false, to: body) { throw Stop() }
            }
        } catch is Stop {
            stopped = true
        }
        var summary = row.finishedSummary()
        summary.stoppedEarly = stopped
        return summary
    }
}
