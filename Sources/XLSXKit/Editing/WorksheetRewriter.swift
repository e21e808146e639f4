/// Streams a worksheet part through, applying `SheetEdits`: changed cells are replaced, new cells
/// and rows are inserted in order, everything else is copied. Memory: the edits, not the sheet.
final class WorksheetRewriter: XMLEchoHandler {
    private let edits: SheetEdits
    private let editedRows: [Int]
    private var nextEditedRow = 0
    private let legacyDrawingId: String?
    private var legacyDrawingWritten = false
    private var inSheetData = false
    private var rowNumber = 0
    private var rowEdits: [(Int, SheetEdits.CellEdit)] = []
    private var nextRowEdit = 0
    private var lastColumn = 0

    /// Elements that follow `legacyDrawing` in a worksheet (ECMA-376 CT_Worksheet order).
    private static let afterLegacyDrawing: Set<String> = ["legacyDrawingHF", "drawingHF", "picture", "oleObjects",
                                                          "controls", "webPublishItems", "tableParts", "extLst"]

    /// - Parameter legacyDrawingId: a relationship id to reference with `<legacyDrawing>` when the sheet lacks one.
    init(edits: SheetEdits, legacyDrawingId: String?, xml: XMLWriter) {
        self.edits = edits
        editedRows = edits.cells.keys.sorted()
        self.legacyDrawingId = legacyDrawingId
        super.init(xml: xml)
    }

    override func handleStart(_ name: XMLName, _ attributes: XMLAttributes) {
        if depth == 2, legacyDrawingId != nil, !legacyDrawingWritten, WorksheetRewriter.afterLegacyDrawing.contains(name.string) {
            writeLegacyDrawing()
        }
        if name.is("legacyDrawing") { legacyDrawingWritten = true }
        if depth == 1 {
            echoStart(name, attributes, addingIfMissing: defaultNamespaceIfPrefixed())
        } else if name.is("sheetData") {
            inSheetData = true
            echoStart(name, attributes)
        } else if inSheetData, name.is("row") {
            let number = attributes["r"]?.integer ?? rowNumber + 1
            writeNewRows(before: number)
            startRow(number)
            if rowEdits.isEmpty {
                echoStart(name, attributes)
            } else {
                echoStart(name, attributes, omitting: ["spans"])
            }
        } else if inSheetData, name.is("c") {
            let column = attributes["r"].flatMap { CellReference($0.string)?.column } ?? lastColumn + 1
            lastColumn = column
            writeNewCells(before: column)
            if nextRowEdit < rowEdits.count, rowEdits[nextRowEdit].0 == column {
                let edit = rowEdits[nextRowEdit].1
                nextRowEdit += 1
                if let value = edit.value {
                    let style = edit.style ?? attributes["s"]?.integer ?? 0
                    closePendingTag()
                    CellXML.write(value, formula: edit.formula, style: style, row: rowNumber, column: column,
                                  into: xml, sharedString: { _ in nil })
                    skipCurrentElement()
                } else {
                    echoStart(name, attributes, replacing: ["s": String(edit.style ?? 0)], addingIfMissing: ["s": String(edit.style ?? 0)])
                }
            } else {
                echoStart(name, attributes)
            }
        } else {
            echoStart(name, attributes)
        }
    }

    override func handleEnd(_ name: XMLName, prefix: String?) {
        if inSheetData, name.is("row") {
            writeNewCells(before: Int.max)
            echoEnd(name, prefix: prefix)
        } else if name.is("sheetData") {
            writeNewRows(before: Int.max)
            inSheetData = false
            echoEnd(name, prefix: prefix)
        } else if depth == 1 {
            if legacyDrawingId != nil && !legacyDrawingWritten { writeLegacyDrawing() }
            echoEnd(name, prefix: prefix)
        } else {
            echoEnd(name, prefix: prefix)
        }
    }

    override func handleText(_ text: UnsafeBufferPointer<UInt8>) {
        echoText(text)
    }

    private func startRow(_ number: Int) {
        rowNumber = number
        lastColumn = 0
        rowEdits = (edits.cells[number] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        nextRowEdit = 0
        while nextEditedRow < editedRows.count, editedRows[nextEditedRow] <= number { nextEditedRow += 1 }
    }

    /// New cells (edits of columns the row does not have) left of `column`.
    private func writeNewCells(before column: Int) {
        while nextRowEdit < rowEdits.count, rowEdits[nextRowEdit].0 < column {
            let (editColumn, edit) = rowEdits[nextRowEdit]
            nextRowEdit += 1
            closePendingTag()
            CellXML.write(edit.value ?? .empty, formula: edit.formula, style: edit.style ?? 0, row: rowNumber,
                          column: editColumn, into: xml, sharedString: { _ in nil })
        }
    }

    /// New rows (edited rows the sheet does not have) above `row`.
    private func writeNewRows(before row: Int) {
        while nextEditedRow < editedRows.count, editedRows[nextEditedRow] < row {
            let number = editedRows[nextEditedRow]
            startRow(number)
            closePendingTag()
            xml.raw("<row r=\""); xml.integer(number); xml.raw("\">")
            writeNewCells(before: Int.max)
            xml.raw("</row>")
        }
    }

    private func writeLegacyDrawing() {
        guard let id = legacyDrawingId else { return }
        // A Strict package is translated to Transitional as it is written (`translatesStrict`).
        insert("<legacyDrawing r:id=\"\(id)\" xmlns:r=\"\(PackageLayout.relationshipNamespace)\"/>")
        legacyDrawingWritten = true
    }
}
