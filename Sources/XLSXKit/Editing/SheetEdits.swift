/// Changes to one sheet of a workbook being edited, collected until `WorkbookEditor.save`.
public final class SheetEdits {
    /// One cell's change: a new value and/or a new style.
    struct CellEdit {
        var value: CellValue?
        var formula: String?
        var style: Int?
    }

    /// The sheet being edited.
    public let sheet: SheetInfo
    private(set) var cells: [Int: [Int: CellEdit]] = [:]
    private(set) var comments: [CellComment] = []

    init(sheet: SheetInfo) { self.sheet = sheet }

    /// Sets a cell's value (strings are written inline, as text); keeps its style unless `style` is given.
    ///
    /// A date needs a style with a date format to show as a date.
    public func set(_ value: CellValue, at cell: CellReference, style: Int? = nil, formula: String? = nil) {
        var edit = cells[cell.row]?[cell.column] ?? CellEdit()
        edit.value = value
        edit.formula = formula
        if let style { edit.style = style }
        cells[cell.row, default: [:]][cell.column] = edit
    }

    /// Gives a cell another style (cell format index), keeping its value.
    public func setStyle(_ style: Int, at cell: CellReference) {
        cells[cell.row, default: [:]][cell.column, default: CellEdit()].style = style
    }

    /// Attaches a comment (note) to a cell.
    public func addComment(_ comment: CellComment) {
        comments.append(comment)
    }

    /// Whether anything changes in this sheet.
    var isEmpty: Bool { cells.isEmpty && comments.isEmpty }
}
