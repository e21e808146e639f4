/// A worksheet the editor puts in front of the others (e.g. a summary of what was checked).
/// Its rows are produced while saving, so a long one is streamed.
public struct NewSheet {
    /// One cell: a value and a cell format index of the edited workbook (see `WorkbookEditor.style`).
    public struct Cell {
        public var value: CellValue
        public var style: Int
        public init(_ value: CellValue, style: Int = 0) {
            self.value = value
            self.style = style
        }
    }

    /// Where the rows go while the sheet is written.
    public final class Rows {
        fileprivate let xml: XMLWriter
        fileprivate var merged: [CellRange] = []
        fileprivate var pages: Pagination?
        /// Rows written so far (the next row's number is `count + 1`).
        public private(set) var count = 0

        fileprivate init(xml: XMLWriter) { self.xml = xml }

        /// Writes the next row; `height` in points, nil for the default.
        public func write(_ cells: [Cell], height: Double? = nil) throws {
            count += 1
            xml.raw("<row r=\""); xml.integer(count); xml.raw("\"")
            if let height { xml.raw(" ht=\""); xml.number(height); xml.raw("\" customHeight=\"1\"") }
            xml.raw(">")
            for (index, cell) in cells.enumerated() {
                if case .empty = cell.value, cell.style == 0 { continue }
                CellXML.write(cell.value, formula: nil, style: cell.style, row: count, column: index + 1, into: xml, sharedString: { _ in nil })
            }
            xml.raw("</row>")
            pages?.add(row: count, height: height ?? 15, defaultHeight: 15)
            try xml.flushIfNeeded()
        }

        /// Merges the cells of a range (of rows already written or still to come).
        public func merge(_ range: CellRange) { merged.append(range) }
    }

    public var name: String
    /// Column widths, frozen pane and print setup (its `repeatRows` become the print titles).
    public var setup: SheetSetup
    /// Writes the rows, from row 1.
    public var rows: (Rows) throws -> Void

    public init(name: String, setup: SheetSetup = SheetSetup(), rows: @escaping (Rows) throws -> Void) {
        self.name = name
        self.setup = setup
        self.rows = rows
    }

    /// Writes the worksheet part; `digitWidth` is the unit of the workbook's column widths in pixels.
    func write(to output: EntryWriter, digitWidth: Double) throws {
        let xml = XMLWriter { try output.write($0) }
        xml.declaration()
        xml.raw("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">")
        // A sheet printed one page wide with page numbers says how many pages it has itself.
        let countsPages = setup.print.map { $0.fitToWidth && $0.pageNumbers } ?? false
        WorksheetLayout.writeProperties(setup, countsPages: countsPages, into: xml)
        WorksheetLayout.writeViews(setup, isFirst: false, into: xml)
        WorksheetLayout.writeColumns(setup.columns.compactMap { column in column.width.map { (column.index, $0, column.hidden) } }, into: xml)
        xml.raw("<sheetData>")
        let rows = Rows(xml: xml)
        if countsPages {
            rows.pages = Pagination(page: WorksheetLayout.page(setup), contentWidth: setup.columns.reduce(0) { $0 + ($1.width ?? 9.14) },
                                    digitWidth: digitWidth, titleRows: setup.print?.repeatRows)
        }
        try self.rows(rows)
        xml.raw("</sheetData>")
        WorksheetLayout.writeMerges(rows.merged, into: xml)
        WorksheetLayout.writePrint(setup, pages: rows.pages, into: xml)
        xml.raw("</worksheet>")
        try xml.flush()
    }
}

/// Streams the workbook part through with a new first sheet: its `<sheet>` goes first in
/// `<sheets>`, sheet-local defined names and the active tab shift by one.
final class FirstSheetWorkbookRewriter: XMLEchoHandler {
    private let sheetElement: String
    /// The new sheet's print titles, as a `definedName` element (empty when it has none).
    private let printTitles: String
    private var namesWritten = false

    init(sheet: NewSheet, sheetId: Int, relationshipId: String, relationshipNamespace: String, xml: XMLWriter) {
        sheetElement = "<sheet xmlns:r=\"\(relationshipNamespace)\" name=\"\(StylesInventory.escape(sheet.name))\" sheetId=\"\(sheetId)\" r:id=\"\(relationshipId)\"/>"
        printTitles = sheet.setup.print?.repeatRows.map { rows in
            "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">"
                + StylesInventory.escape("\(PackageLayout.quoted(sheet.name))!$\(rows.lowerBound):$\(rows.upperBound)") + "</definedName>"
        } ?? ""
        super.init(xml: xml)
    }

    override func handleStart(_ name: XMLName, _ attributes: XMLAttributes) {
        // Defined names follow the sheets; a workbook without any gets them before what comes next.
        if depth == 2, !namesWritten, !printTitles.isEmpty, sawSheets, FirstSheetWorkbookRewriter.afterDefinedNames.contains(name.string) {
            insert("<definedNames>" + printTitles + "</definedNames>")
            namesWritten = true
        }
        if depth == 2 && name.is("definedNames") && !printTitles.isEmpty {
            echoStart(name, attributes)
            insert(printTitles)
            namesWritten = true
            return
        }
        if depth == 2 && name.is("sheets") { sawSheets = true }
        if name.is("definedName"), let local = attributes["localSheetId"]?.integer {
            echoStart(name, attributes, replacing: ["localSheetId": String(local + 1)])
        } else if name.is("workbookView"), let active = attributes["activeTab"]?.integer {
            echoStart(name, attributes, replacing: ["activeTab": String(active + 1)])
        } else {
            echoStart(name, attributes)
        }
        if name.is("sheets") { insert(sheetElement) }
    }

    private var sawSheets = false
    private static let afterDefinedNames: Set<String> = ["calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
                                                         "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst"]

    override func handleEnd(_ name: XMLName, prefix: String?) {
        if depth == 1, !namesWritten, !printTitles.isEmpty {
            insert("<definedNames>" + printTitles + "</definedNames>")
            namesWritten = true
        }
        echoEnd(name, prefix: prefix)
    }

    override func handleText(_ text: UnsafeBufferPointer<UInt8>) {
        echoText(text)
    }
}
