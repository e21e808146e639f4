/// The SAX handler reading one `table:table` of `content.xml` into rows: typed values from
/// `office:value-type` (float, percentage, currency, date, time, boolean, string), text from
/// `text:p` (paragraphs joined by line breaks, `text:s` spaces, `text:tab`, `text:line-break`;
/// annotations left out), merges from `number-columns-spanned`/`number-rows-spanned`, hidden
/// rows and columns, column widths. Repeated rows and cells are expanded only where they hold values.
///
/// The sheet is the first top-level `table:table` the parser meets (`OpenDocumentWorkbook` skips
/// the bytes of the tables before it). With `checkingForMoreTables` the parse goes on past the
/// table's end and refuses the file if another table follows: the workbook's list of sheets
/// came from meta.xml's count, and this is where a count that lies shows.
final class OpenDocumentSheetParser: XMLEventHandler {
    /// Thrown to end the parse: the table is done, or the caller asked to stop.
    struct Done: Error {}

    private let checkingForMoreTables: Bool
    private let sheetName: String
    private let columnWidths: [String: Double]
    private let body: (RowView) throws -> Bool
    private let row = DecodedRow()

    private var tableDepth = 0
    private var inTable = false
    private var tableEnded = false
    private var rowNumber = 1
    private var rowRepeat = 1
    private var rowHidden = false
    private var column = 1
    private var columnDefinitions = 1
    private var stopped = false
    private var repeatedCells = 0

    // The cell being read.
    private var inCell = false
    private var cellRepeat = 1
    private var cellValue: CellValue = .empty
    private var cellKind = CellKind.inlineString
    private var cellIsText = false
    private var cellIsError = false
    private var cellSpan = (columns: 1, rows: 1)
    private var text: [UInt8] = []
    private var paragraphs = 0
    private var inParagraph = 0
    private var annotationDepth = 0

    init(name: String, columnWidths: [String: Double], checkingForMoreTables: Bool = false,
         body: @escaping (RowView) throws -> Bool) {
        self.checkingForMoreTables = checkingForMoreTables
        sheetName = name
        self.columnWidths = columnWidths
        self.body = body
    }

    func finishedSummary() -> WorksheetSummary {
        var summary = row.finishedSummary()
        summary.stoppedEarly = stopped
        return summary
    }

    override func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
        guard failure == nil else { return }
        if name.is("table") {
            tableDepth += 1
            guard tableDepth == 1 else { return }   // a table inside a cell's text box
            if tableEnded {
                fail(.corruptArchive, "content.xml holds more tables than meta.xml's table-count", cell: "工作表「\(sheetName)」之后")
            }
            inTable = true
            return
        }
        guard inTable else { return }
        if inCell {
            if name.is("annotation") { annotationDepth += 1 }
            guard annotationDepth == 0 else { return }
            if name.is("p") || name.is("h") {
                if paragraphs > 0 { text.append(0x0A) }
                paragraphs += 1
                inParagraph += 1
            } else if name.is("s") {
                let count = min(max(attributes["c"]?.integer ?? 1, 1), 1000)
                text.append(contentsOf: [UInt8](repeating: 0x20, count: count))
            } else if name.is("tab") {
                text.append(0x09)
            } else if name.is("line-break") {
                text.append(0x0A)
            }
            return
        }
        if name.is("table-cell") {
            startCell(attributes)
        } else if name.is("covered-table-cell") {
            column += max(attributes["number-columns-repeated"]?.integer ?? 1, 1)
        } else if name.is("table-row") {
            rowRepeat = max(attributes["number-rows-repeated"]?.integer ?? 1, 1)
            let visibility = attributes["visibility"]
            rowHidden = visibility?.equals("collapse") == true || visibility?.equals("filter") == true
            column = 1
            row.start(rowNumber)
        } else if name.is("table-column") {
            let repeats = max(attributes["number-columns-repeated"]?.integer ?? 1, 1)
            let first = columnDefinitions, last = min(columnDefinitions + repeats - 1, CellReference.maxColumn)
            columnDefinitions += repeats
            guard first <= last else { return }
            if attributes["visibility"]?.equals("collapse") == true { row.summary.hiddenColumns.append(first...last) }
            if let style = attributes["style-name"]?.string, let width = columnWidths[style], last - first < 1024 {
                row.summary.columnWidths.append(ColumnWidth(columns: first...last, width: width))
            }
        }
    }

    private func startCell(_ attributes: XMLAttributes) {
        inCell = true
        cellRepeat = 1
        cellSpan = (1, 1)
        text.removeAll(keepingCapacity: true)
        paragraphs = 0
        cellValue = .empty
        cellIsText = false
        cellIsError = false
        // One pass over the attributes (a million-row sheet has ten million cells).
        var type: XMLBytes?, extended: XMLBytes?, value: XMLBytes?, dateValue: XMLBytes?, timeValue: XMLBytes?
        var booleanValue: XMLBytes?, stringValue: XMLBytes?
        if let raw = attributes.raw {
            for index in 0..<attributes.count {
                let base = index * 5
                let local = XMLName(pointer: raw[base]!)
                let bytes = XMLBytes(buffer: UnsafeBufferPointer(start: raw[base + 3]!, count: raw[base + 4]! - raw[base + 3]!))
                switch local.pointer[0] {
                case UInt8(ascii: "v"):
                    if local.is("value-type") {
                        // LibreOffice adds its own type (calcext): errors, and booleans written as floats 0 and 1.
                        if XMLAttributes.namespace(raw[base + 2], endsWith: "calcext:1.0") { extended = bytes } else { type = bytes }
                    } else if local.is("value") {
                        value = bytes
                    }
                case UInt8(ascii: "d"): if local.is("date-value") { dateValue = bytes }
                case UInt8(ascii: "t"): if local.is("time-value") { timeValue = bytes }
                case UInt8(ascii: "b"): if local.is("boolean-value") { booleanValue = bytes }
                case UInt8(ascii: "s"): if local.is("string-value") { stringValue = bytes }
                case UInt8(ascii: "n"):
                    if local.is("number-columns-repeated") {
                        cellRepeat = max(bytes.integer ?? 1, 1)
                    } else if local.is("number-columns-spanned") {
                        cellSpan.columns = max(bytes.integer ?? 1, 1)
                    } else if local.is("number-rows-spanned") {
                        cellSpan.rows = max(bytes.integer ?? 1, 1)
                    }
                default: break
                }
            }
        }
        cellIsError = extended?.equals("error") == true
        guard let type else {
            cellIsText = true   // no type: text, if there is any
            cellKind = .inlineString
            return
        }
        if type.equals("float") || type.equals("percentage") || type.equals("currency") {
            cellKind = .number
            if let number = value?.double {
                if extended?.equals("boolean") == true {
                    cellKind = .boolean
                    cellValue = .boolean(number != 0)
                } else {
                    cellValue = .number(number)
                }
            }
        } else if type.equals("date") {
            cellKind = .isoDate
            if let text = dateValue?.string { cellValue = ExcelDateTime(iso: text).map(CellValue.date) ?? .string(text) }
        } else if type.equals("time") {
            cellKind = .number
            if let text = timeValue?.string, let days = OpenDocumentSheetParser.days(text) {
                // Within a day: a time of day; beyond it: an elapsed time.
                if days >= 0, days < 1, let time = ExcelDateTime(serial: days, system: .excel1900, timeOnly: true) {
                    cellValue = .date(time)
                } else {
                    cellValue = .duration(days)
                }
            }
        } else if type.equals("boolean") {
            cellKind = .boolean
            if let flag = booleanValue { cellValue = .boolean(flag.equals("true") || flag.equals("1")) }
        } else {
            cellKind = .inlineString
            cellIsText = true
            if let stringValue { cellValue = .string(stringValue.string); cellIsText = false }
        }
    }

    override func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        if inCell, inParagraph > 0, annotationDepth == 0 { text.append(contentsOf: bytes) }
    }

    override func endElement(_ name: XMLName) {
        guard failure == nil else { return }
        if name.is("table") {
            tableDepth -= 1
            guard tableDepth == 0, inTable else { return }
            inTable = false
            if checkingForMoreTables { tableEnded = true } else { failure = Done() }
            return
        }
        guard inTable else { return }
        if inCell {
            if name.is("annotation") {
                annotationDepth -= 1
            } else if annotationDepth == 0, name.is("p") || name.is("h") {
                inParagraph -= 1
            } else if name.is("table-cell") {
                endCell()
            }
            return
        }
        if name.is("table-row") { endRow() }
    }

    private func endCell() {
        inCell = false
        // Text stays bytes until its value is asked for.
        var textual = false
        if cellIsError, !text.isEmpty {
            cellValue = .error(String(decoding: text, as: UTF8.self))
            cellKind = .error
        } else if cellIsText, !text.isEmpty {
            textual = true
        }
        defer { column += cellRepeat }
        if cellSpan.columns > 1 || cellSpan.rows > 1 {
            row.summary.mergedRanges.append(CellRange(CellReference(row: rowNumber, column: column),
                                                      CellReference(row: min(rowNumber + cellSpan.rows - 1, CellReference.maxRow),
                                                                    column: min(column + cellSpan.columns - 1, CellReference.maxColumn))))
        }
        guard textual || cellValue != .empty else { return }
        guard column + cellRepeat - 1 <= CellReference.maxColumn else {
            fail(.invalidCellReference, "a value in column \(column + cellRepeat - 1), beyond XFD", cell: "第 \(rowNumber) 行")
            return
        }
        if cellRepeat > 1 {
            repeatedCells += cellRepeat * rowRepeat
            guard repeatedCells <= OpenDocumentWorkbook.maxRepeatedCells else {
                fail(.limitExceeded, "repeated cells would make more than \(OpenDocumentWorkbook.maxRepeatedCells) cells", cell: "第 \(rowNumber) 行")
                return
            }
        }
        for offset in 0..<cellRepeat {
            if textual { row.addText(column: column + offset, text) } else { row.add(column: column + offset, kind: cellKind, value: cellValue) }
        }
    }

    private func endRow() {
        let repeats = rowRepeat
        defer { rowNumber += repeats }
        guard !row.isEmpty else { return }
        guard rowNumber + repeats - 1 <= CellReference.maxRow else {
            fail(.invalidCellReference, "values in row \(rowNumber + repeats - 1), beyond 1,048,576", cell: "第 \(rowNumber) 行")
            return
        }
        if repeats > 1 {
            repeatedCells += row.cellCount * (repeats - 1)
            guard repeatedCells <= OpenDocumentWorkbook.maxRepeatedCells else {
                fail(.limitExceeded, "repeated rows would make more than \(OpenDocumentWorkbook.maxRepeatedCells) cells", cell: "第 \(rowNumber) 行")
                return
            }
        }
        do {
            for offset in 0..<repeats {
                if offset > 0 { row.restart(rowNumber + offset) }
                if try !row.emit(hidden: rowHidden, to: body) {
                    stopped = true
                    failure = Done()
                    return
                }
            }
        } catch {
            failure = error
        }
    }

    private func fail(_ code: XLSXError.Code, _ detail: String, cell: String) {
        if failure == nil { failure = XLSXError(code, detail, sheet: sheetName, cell: cell, line: currentLine) }
    }

    /// An ISO 8601 duration (`PT12H30M00S`, `-PT0H30M`, `P1DT2H`) in days.
    static func days(_ text: String) -> Double? {
        var negative = false
        var rest = Substring(text)
        if rest.hasPrefix("-") { negative = true; rest = rest.dropFirst() }
        guard rest.hasPrefix("P") else { return nil }
        rest = rest.dropFirst()
        var seconds = 0.0, number = "", inTime = false
        for character in rest {
            switch character {
            case "T": inTime = true
            case "0"..."9", ".": number.append(character)
            case "D", "H", "M", "S":
                guard let value = Double(number) else { return nil }
                number = ""
                switch character {
                case "D": seconds += value * 86_400
                case "H": seconds += value * 3600
                case "M": seconds += inTime ? value * 60 : value * 30 * 86_400
                default: seconds += value
                }
            default: return nil
            }
        }
        return (negative ? -seconds : seconds) / 86_400
    }
}
