/// Conversion between CSV and xlsx, as `sheetflow convert` does it.
public enum TableConversion {
    /// What a conversion did, for the user.
    public struct Report: Sendable {
        /// Rows written (including the header).
        public var rows = 0
        /// Widest row.
        public var columns = 0
        /// Header names of columns written as text codes (IDs, phone numbers, leading zeros).
        public var codeColumns: [String] = []
        /// Header names of columns written as dates.
        public var dateColumns: [String] = []
        /// The CSV's encoding (read or written).
        public var encoding: TextEncoding = .utf8
        /// The CSV's delimiter.
        public var delimiter: UInt8 = UInt8(ascii: ",")
        /// Fields longer than Excel's 32,767 characters a cell holds, cut.
        public var cut = CutCells()
    }

    /// Rows used to judge column types before writing.
    static let sampleSize = 1_000

    /// Converts a CSV file into a one-sheet workbook: first row as a bold, frozen header; codes as
    /// text (`@`), numbers as numbers, dates as dates; columns fitted. Streams the rows.
    public static func csvToWorkbook(csv: String, xlsx: String, encoding: TextEncoding? = nil,
                                     sheetName: String = "Sheet1", options: WorkbookWriter.Options = .init()) throws -> Report {
        let reader = try CSVReader(path: csv, encoding: encoding)
        var report = Report(encoding: reader.encoding, delimiter: reader.delimiter)
        let writer = try WorkbookWriter(path: xlsx, options: options)
        let header = writer.style(CellStyle(font: .init(bold: true), fill: "FFD9D9D9", bordered: true, horizontal: .center))
        let code = writer.style(.text)
        let quoted = writer.style(CellStyle(quotePrefix: true))
        let codeQuoted = writer.style(CellStyle(numberFormat: "@", quotePrefix: true))
        let date = writer.style(.date)
        let dateTime = writer.style(CellStyle(numberFormat: "yyyy-mm-dd hh:mm:ss"))
        let sheet = try writer.addSheet(sheetName, setup: SheetSetup(fitColumns: true, freeze: CellReference(row: 2, column: 1)))

        var headerRow: [String]?
        var sample: [[String]] = []
        var typing: ColumnTyping?

        func write(_ fields: [String]) throws {
            guard let typing else { return }
            report.columns = max(report.columns, fields.count)
            let cells = fields.enumerated().map { column, text -> WriteCell in
                let kind = typing.kind(column)
                let value = typing.value(text, kind: kind)
                let first = text.utf8.first
                let formulaLike = first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: "@")
                switch value {
                case .date(let d): return WriteCell(value, style: d.hasTime ? dateTime : date)
                case .string where kind == .code: return WriteCell(value, style: formulaLike ? codeQuoted : code)
                case .string where formulaLike: return WriteCell(value, style: quoted)
                default: return WriteCell(value)
                }
            }
            try sheet.writeRow(cells)
            report.rows += 1
        }
        func startWriting() throws {
            let columnTyping = ColumnTyping(sample: sample)
            typing = columnTyping
            let names = headerRow ?? []
            for (index, kind) in columnTyping.kinds.enumerated() {
                let name = index < names.count && !names[index].isEmpty ? names[index] : CellReference.columnName(index + 1)
                if kind == .code { report.codeColumns.append(name) }
                if kind == .date { report.dateColumns.append(name) }
            }
            if let headerRow {
                try sheet.writeRow(headerRow.map { WriteCell(.string($0), style: header) })
                report.rows += 1
                report.columns = headerRow.count
            }
            for row in sample { try write(row) }
            sample.removeAll()
        }

        try reader.forEachRow { fields in
            if headerRow == nil {
                headerRow = fields
            } else if typing == nil {
                sample.append(fields)
                if sample.count == sampleSize { try startWriting() }
            } else {
                try write(fields)
            }
        }
        if typing == nil { try startWriting() }
        try writer.close()
        report.cut = writer.cut
        return report
    }

    /// Writes one sheet of a workbook as CSV: dates as ISO 8601, numbers as the shortest decimal,
    /// UTF-8 with BOM (or another encoding). Rows keep their positions (missing rows are blank lines).
    public static func workbookToCSV(xlsx: String, csv: String, sheet selector: SheetInfo? = nil,
                                     encoding: TextEncoding = .utf8) throws -> Report {
        let workbook = try WorkbookReader(path: xlsx)
        let sheet = try selector ?? workbook.sheets.first { $0.kind == .worksheet } ?? workbook.sheet(at: 0)
        let writer = try CSVWriter(path: csv, encoding: encoding)
        var report = Report(encoding: encoding)
        var nextRow = 1
        try workbook.forEachRow(in: sheet) { row in
            guard row.count > 0 else { return }
            while nextRow < row.index {
                try writer.writeRow([])
                nextRow += 1
            }
            var fields: [String] = []
            for position in 0..<row.count {
                let cell = row[position]
                while fields.count < cell.column - 1 { fields.append("") }
                fields.append(cell.value.text)
            }
            try writer.writeRow(fields)
            report.rows = row.index
            report.columns = max(report.columns, fields.count)
            nextRow = row.index + 1
        }
        try writer.close()
        return report
    }
}
