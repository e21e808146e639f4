/// A worksheet the editor puts in front of the others (e.g. a summary of what was checked).
/// Its rows are produced while saving, so a long one is streamed.
public struct NewSheet {
    /// One cell: a value and a cell format index of the edited workbook (see `WorkbookEditor.derivedStyle`).
    public struct Cell {
        public var value: CellValue
        public var style: Int
        public init(_ value: CellValue, style: Int = 0) {
            self.value = value
            self.style = style
        }
    }

    public var name: String
    /// Column widths in characters, from column A.
    public var columnWidths: [Double]
    /// Calls its argument once per row, from row 1.
    public var rows: (([Cell]) throws -> Void) throws -> Void

    public init(name: String, columnWidths: [Double] = [], rows: @escaping (([Cell]) throws -> Void) throws -> Void) {
        self.name = name
        self.columnWidths = columnWidths
        self.rows = rows
    }

    /// Writes the worksheet part.
    func write(to output: EntryWriter) throws {
        let xml = XMLWriter { try output.write($0) }
        xml.declaration()
        xml.raw("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">")
        xml.raw("<sheetViews><sheetView workbookViewId=\"0\"/></sheetViews>")
        if !columnWidths.isEmpty {
            xml.raw("<cols>")
            for (index, width) in columnWidths.enumerated() {
                xml.raw("<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>")
            }
            xml.raw("</cols>")
        }
        xml.raw("<sheetData>")
        var row = 0
        try rows { cells in
            row += 1
            xml.raw("<row r=\""); xml.integer(row); xml.raw("\">")
            for (index, cell) in cells.enumerated() {
                if case .empty = cell.value, cell.style == 0 { continue }
                CellXML.write(cell.value, formula: nil, style: cell.style, row: row, column: index + 1, into: xml, sharedString: { _ in nil })
            }
            xml.raw("</row>")
            try xml.flushIfNeeded()
        }
        xml.raw("</sheetData><pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>")
        xml.raw("<pageSetup paperSize=\"9\" orientation=\"landscape\"/></worksheet>")
        try xml.flush()
    }
}

/// Streams the workbook part through with a new first sheet: its `<sheet>` goes first in
/// `<sheets>`, sheet-local defined names and the active tab shift by one.
final class FirstSheetWorkbookRewriter: XMLEchoHandler {
    private let sheetElement: String

    init(name: String, sheetId: Int, relationshipId: String, relationshipNamespace: String, xml: XMLWriter) {
        sheetElement = "<sheet xmlns:r=\"\(relationshipNamespace)\" name=\"\(StylesInventory.escape(name))\" sheetId=\"\(sheetId)\" r:id=\"\(relationshipId)\"/>"
        super.init(xml: xml)
    }

    override func handleStart(_ name: XMLName, _ attributes: XMLAttributes) {
        if name.is("definedName"), let local = attributes["localSheetId"]?.integer {
            echoStart(name, attributes, replacing: ["localSheetId": String(local + 1)])
        } else if name.is("workbookView"), let active = attributes["activeTab"]?.integer {
            echoStart(name, attributes, replacing: ["activeTab": String(active + 1)])
        } else {
            echoStart(name, attributes)
        }
        if name.is("sheets") { insert(sheetElement) }
    }

    override func handleEnd(_ name: XMLName, prefix: String?) {
        echoEnd(name, prefix: prefix)
    }

    override func handleText(_ text: UnsafeBufferPointer<UInt8>) {
        echoText(text)
    }
}
