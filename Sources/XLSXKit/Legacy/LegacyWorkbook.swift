/// An Excel 97–2003 workbook (`.xls`: BIFF8, or BIFF5/7 of Excel 5/95, in a compound file),
/// read the way `WorkbookReader` reads an `.xlsx`: the globals once (sheets, shared strings,
/// number formats, date system, code page), each sheet's cells streamed row by row.
///
/// Only cached values are read, never formula text. Memory: the shared strings and the stream's
/// sector list; rows one at a time.
final class LegacyWorkbook {
    typealias Record = BIFFRecordReader.RecordType

    /// The BIFF version of the workbook stream.
    enum Version { case biff5, biff8 }

    let version: Version
    let sheets: [SheetInfo]
    let dateSystem: DateSystem
    let styles: StyleSheet
    private let sharedStrings: SharedStringTable
    private let codePage: CodePage?
    /// Where each sheet's BOF is in the stream, by sheet index.
    private let sheetOffsets: [Int]
    private let container: CompoundFile
    private let stream: CompoundFile.Entry

    /// Reads the globals of the workbook stream `entry`. Throws `encrypted` for a workbook with
    /// a password to open, `legacyExcel` for a version before Excel 5, `unknownCodePage` for
    /// text in a code page sheetflow cannot decode, `corruptArchive` for broken records.
    init(_ container: CompoundFile, stream entry: CompoundFile.Entry) throws {
        self.container = container
        stream = entry
        let records = BIFFRecordReader(try container.open(entry))
        guard try records.next(), records.type == Record.bof else {
            let detail = [0x0009, 0x0209, 0x0409].contains(records.type) ? "a BIFF2–4 stream (Excel 2.x–4.0)" : "the workbook stream does not start with BOF"
            throw XLSXError(records.type & 0xFF == 0x09 ? .legacyExcel : .corruptArchive, detail)
        }
        switch records.u16(0) {
        case 0x0600: version = .biff8
        case 0x0500: version = .biff5
        case let other: throw XLSXError(.legacyExcel, "BIFF version 0x\(String(other, radix: 16)) is not BIFF5/7 or BIFF8")
        }

        var sheets: [SheetInfo] = [], offsets: [Int] = []
        var dateSystem = DateSystem.excel1900
        var formatIds: [Int] = [], formatCodes: [Int: String] = [:]
        let strings = SharedStringTable(escaped: false)
        var codePage: CodePage? = version == .biff5 ? CodePage(1252) : nil
        var pendingSheets: [(offset: Int, state: UInt8, type: UInt8, nameAt: Int, bytes: [UInt8])] = []

        globals: while try records.next() {
            switch records.type {
            case Record.eof:
                break globals
            case Record.filePass:
                throw XLSXError(.encrypted, "FILEPASS: the .xls has a password to open")
            case Record.codePage where version == .biff5:
                let number = Int(records.u16(0))
                guard let page = CodePage(number) else {
                    throw XLSXError(.unknownCodePage, "BIFF5 code page \(number) is not one sheetflow decodes")
                }
                codePage = page
            case Record.dateMode:
                if records.u16(0) == 1 { dateSystem = .excel1904 }
            case Record.xf:
                try records.require(4, "XF")
                formatIds.append(Int(records.u16(2)))
            case Record.format:
                try records.require(3, "FORMAT")
                var text = BIFFText(records, at: 2, codePage: version == .biff5 ? codePage : nil)
                formatCodes[Int(records.u16(0))] = version == .biff5 ? try text.string(shortCount: true) : try text.string()
            case Record.boundSheet:
                try records.require(7, "BOUNDSHEET")
                // The name is decoded once the CODEPAGE (which may come later in BIFF5) is known.
                pendingSheets.append((Int(records.u32(0)), records.u8(4) & 0x03, records.u8(5), 6, Array(records.data)))
            case Record.sst where version == .biff8:
                try records.require(8, "SST")
                let unique = Int(records.u32(4))
                strings.reserve(unique, plausible: records.stream.size / 3)   // a string takes 3 bytes at the least
                var text = BIFFText(records, at: 8, codePage: nil)
                while strings.count < unique, try text.hasMore() {
                    try text.appendString(to: strings)
                }
            default:
                break
            }
        }

        for (index, pending) in pendingSheets.enumerated() {
            let name = try LegacyWorkbook.sheetName(pending.bytes, at: pending.nameAt, codePage: version == .biff5 ? codePage : nil)
            let state: SheetState = pending.state == 0 ? .visible : (pending.state == 1 ? .hidden : .veryHidden)
            let kind: SheetKind = pending.type == 0 ? .worksheet : (pending.type == 2 ? .chartsheet : .other)
            sheets.append(SheetInfo(name: name, index: index, state: state, kind: kind, part: nil))
            offsets.append(pending.offset)
        }
        self.sheets = sheets
        sheetOffsets = offsets
        self.dateSystem = dateSystem
        self.codePage = version == .biff5 ? codePage : nil
        sharedStrings = strings
        styles = StyleSheet(numberFormatIds: formatIds, numberFormatCodes: formatCodes)
    }

    /// A BOUNDSHEET's name: a ShortXLUnicodeString (BIFF8) or a count and code-page bytes (BIFF5).
    private static func sheetName(_ bytes: [UInt8], at offset: Int, codePage: CodePage?) throws -> String {
        let count = Int(bytes[offset])
        if let codePage {
            return try codePage.decode(Array(bytes[min(bytes.count, offset + 1)..<min(bytes.count, offset + 1 + count)]))
        }
        guard offset + 1 < bytes.count else { return "" }
        let wide = bytes[offset + 1] & 0x01 != 0
        let start = offset + 2
        if wide {
            let units = (0..<count).compactMap { i -> UInt16? in
                start + i * 2 + 1 < bytes.count ? UInt16(bytes[start + i * 2]) | UInt16(bytes[start + i * 2 + 1]) << 8 : nil
            }
            return String(decoding: units, as: UTF16.self)
        }
        return String(decoding: bytes[min(bytes.count, start)..<min(bytes.count, start + count)].map(UInt16.init), as: UTF16.self)
    }

    /// Streams the rows of sheet `sheet` (cells in the order the file keeps them, which Excel
    /// and every writer we know keep row by row) while `body` returns true.
    func readRows(in sheet: SheetInfo, while body: (RowView) throws -> Bool) throws -> WorksheetSummary {
        guard sheet.kind == .worksheet, sheet.index < sheetOffsets.count else { return WorksheetSummary() }
        // A stream of its own for each pass, so a sheet can be read while another is.
        let records = BIFFRecordReader(try container.open(stream))
        records.seek(to: sheetOffsets[sheet.index])
        guard try records.next(), records.type == Record.bof else {
            throw XLSXError(.corruptArchive, "sheet \(sheet.name): no BOF at stream offset \(sheetOffsets[sheet.index])")
        }
        let row = DecodedRow()
        var hiddenRows = Set<Int>()
        var depth = 1
        var stopped = false
        /// A formula whose text result follows in a STRING record.
        var pendingString: (row: Int, column: Int, style: Int)?

        row.sharedStrings = sharedStrings
        func startRow(_ rowNumber: Int) throws {
            let index = rowNumber + 1
            guard index != row.index else { return }
            if !row.isEmpty, try !row.emit(hidden: hiddenRows.remove(row.index) != nil, to: body) { stopped = true }
            row.start(index)
        }
        func add(_ rowNumber: Int, _ column: Int, _ kind: CellKind, _ style: Int, _ value: CellValue) throws {
            try startRow(rowNumber)
            row.add(column: column + 1, kind: kind, style: style, value: value)
        }
        func number(_ value: Double, _ style: Int) -> CellValue {
            styles.value(ofNumber: value, style: style, dateSystem: dateSystem)
        }

        while !stopped, try records.next() {
            let type = records.type
            if type == Record.bof { depth += 1; continue }
            if type == Record.eof {
                depth -= 1
                if depth == 0 { break }
                continue
            }
            guard depth == 1 else { continue } // an embedded chart's records
            // A shared or array formula's records may come between a FORMULA and its STRING.
            if type != Record.string, type != 0x04BC, type != 0x0221, type != 0x0236, let pending = pendingString {
                try add(pending.row, pending.column, .formulaString, pending.style, .string(""))
                pendingString = nil
            }
            switch type {
            case Record.labelSST:
                try records.require(10, "LABELSST")
                let index = Int(records.u32(6))
                guard index < sharedStrings.count else {
                    throw XLSXError(.corruptArchive, "shared string \(index) not in the table of \(sharedStrings.count)",
                                    cell: CellReference(row: Int(records.u16(0)) + 1, column: Int(records.u16(2)) + 1).description)
                }
                try startRow(Int(records.u16(0)))
                row.addSharedString(column: Int(records.u16(2)) + 1, index: index, style: Int(records.u16(4)))
            case Record.label, Record.richString:
                try records.require(8, "LABEL")
                var text = BIFFText(records, at: 6, codePage: codePage)
                try add(Int(records.u16(0)), Int(records.u16(2)), .inlineString, Int(records.u16(4)), .string(try text.string()))
            case Record.number:
                try records.require(14, "NUMBER")
                let style = Int(records.u16(4))
                try add(Int(records.u16(0)), Int(records.u16(2)), .number, style, number(records.f64(6), style))
            case Record.rk:
                try records.require(10, "RK")
                let style = Int(records.u16(4))
                try add(Int(records.u16(0)), Int(records.u16(2)), .number, style, number(LegacyWorkbook.rk(records.u32(6)), style))
            case Record.mulRK:
                try records.require(6, "MULRK")
                let rowNumber = Int(records.u16(0)), first = Int(records.u16(2))
                let count = (records.length - 6) / 6
                for i in 0..<count {
                    let style = Int(records.u16(4 + i * 6))
                    try add(rowNumber, first + i, .number, style, number(LegacyWorkbook.rk(records.u32(6 + i * 6)), style))
                }
            case Record.boolErr:
                try records.require(8, "BOOLERR")
                let value = records.u8(6)
                if records.u8(7) == 0 {
                    try add(Int(records.u16(0)), Int(records.u16(2)), .boolean, Int(records.u16(4)), .boolean(value != 0))
                } else {
                    try add(Int(records.u16(0)), Int(records.u16(2)), .error, Int(records.u16(4)), .error(LegacyWorkbook.errorText(value)))
                }
            case Record.formula:
                try records.require(20, "FORMULA")
                let rowNumber = Int(records.u16(0)), column = Int(records.u16(2)), style = Int(records.u16(4))
                if records.u16(12) != 0xFFFF {
                    try add(rowNumber, column, .number, style, number(records.f64(6), style))
                } else {
                    switch records.u8(6) {
                    case 0: pendingString = (rowNumber, column, style)
                    case 1: try add(rowNumber, column, .boolean, style, .boolean(records.u8(8) != 0))
                    case 2: try add(rowNumber, column, .error, style, .error(LegacyWorkbook.errorText(records.u8(8))))
                    default: try add(rowNumber, column, .formulaString, style, .string(""))
                    }
                }
            case Record.string:
                if let pending = pendingString {
                    var text = BIFFText(records, at: 0, codePage: codePage)
                    try add(pending.row, pending.column, .formulaString, pending.style, .string(try text.string()))
                    pendingString = nil
                }
            case Record.row:
                if records.u16(12) & 0x20 != 0 { hiddenRows.insert(Int(records.u16(0)) + 1) }
            case Record.mergeCells:
                let count = min(Int(records.u16(0)), (records.length - 2) / 8)
                for i in 0..<count {
                    let at = 2 + i * 8
                    row.summary.mergedRanges.append(CellRange(
                        CellReference(row: Int(records.u16(at)) + 1, column: Int(records.u16(at + 4)) + 1),
                        CellReference(row: Int(records.u16(at + 2)) + 1, column: Int(records.u16(at + 6)) + 1)))
                }
            case Record.colInfo:
                let first = Int(records.u16(0)) + 1, last = min(Int(records.u16(2)) + 1, CellReference.maxColumn)
                if records.length >= 10, first <= last {
                    if records.u16(8) & 0x01 != 0 { row.summary.hiddenColumns.append(first...last) }
                    row.summary.columnWidths.append(ColumnWidth(columns: first...last, width: Double(records.u16(4)) / 256))
                }
            case Record.dimensions:
                let lastRow = version == .biff8 ? Int(records.u32(4)) : Int(records.u16(2))
                let columnsAt = version == .biff8 ? 8 : 4
                let firstRow = version == .biff8 ? Int(records.u32(0)) : Int(records.u16(0))
                let firstColumn = Int(records.u16(columnsAt)), lastColumn = Int(records.u16(columnsAt + 2))
                if lastRow > firstRow, lastColumn > firstColumn, lastRow <= CellReference.maxRow, lastColumn <= CellReference.maxColumn {
                    row.summary.claimedDimension = CellRange(CellReference(row: firstRow + 1, column: firstColumn + 1),
                                                             CellReference(row: lastRow, column: lastColumn)).description
                }
            default:
                break
            }
        }
        if !stopped, let pending = pendingString {
            try add(pending.row, pending.column, .formulaString, pending.style, .string(""))
        }
        if !stopped, !row.isEmpty, try !row.emit(hidden: hiddenRows.contains(row.index), to: body) { stopped = true }
        var summary = row.finishedSummary()
        summary.stoppedEarly = stopped
        return summary
    }

    /// An RK number ([MS-XLS] 2.5.217): a 30-bit integer or the top 30 bits of a double, maybe ÷100.
    static func rk(_ raw: UInt32) -> Double {
        let value = raw & 0x02 != 0 ? Double(Int32(bitPattern: raw) >> 2) : Double(bitPattern: UInt64(raw & 0xFFFF_FFFC) << 32)
        return raw & 0x01 != 0 ? value / 100 : value
    }

    /// The text of a BIFF error code.
    static func errorText(_ code: UInt8) -> String {
        switch code {
        case 0x00: "#NULL!"
        case 0x07: "#DIV/0!"
        case 0x0F: "#VALUE!"
        case 0x17: "#REF!"
        case 0x1D: "#NAME?"
        case 0x24: "#NUM!"
        case 0x2A: "#N/A"
        default: "#GETTING_DATA"
        }
    }
}
