/// The type of a cell as stored, known without decoding its value.
public enum CellKind: UInt8, Sendable {
    /// A shared string (`t="s"`).
    case sharedString
    /// An inline string (`t="inlineStr"`).
    case inlineString
    /// A formula's string result (`t="str"`).
    case formulaString
    /// A number (`t="n"` or no `t`), possibly shown as a date by its style.
    case number
    /// A boolean (`t="b"`).
    case boolean
    /// An error (`t="e"`).
    case error
    /// An ISO 8601 date (`t="d"`).
    case isoDate
}

/// A cell read from a sheet and kept: its place, value and formula.
public struct Cell: Hashable, Sendable {
    /// Where the cell is.
    public var reference: CellReference
    /// The value (a formula's cached result for formula cells).
    public var value: CellValue
    /// The formula text without the leading `=`, when the cell has one.
    public var formula: String?
    /// Index into the workbook's cell formats.
    public var styleIndex: Int
}

/// A row read from a sheet and kept.
public struct Row: Hashable, Sendable {
    /// 1-based row number.
    public var index: Int
    /// Whether the row is hidden.
    public var isHidden: Bool
    /// Cells with a value, left to right.
    public var cells: [Cell]

    /// The value in a 1-based column, `.empty` when there is none.
    public func value(atColumn column: Int) -> CellValue {
        cells.first { $0.reference.column == column }?.value ?? .empty
    }
}

/// A row being streamed: a view into the reader's buffers, valid only inside the callback.
///
/// Reading `count`, `index` or a cell's `column` and `kind` costs nothing; a cell's `value`
/// decodes it (and allocates a `String` for text). Call `materialize()` to keep the row.
public struct RowView {
    unowned(unsafe) let source: any RowSource

    /// 1-based row number.
    public let index: Int
    /// Whether the row is hidden (`hidden="1"`).
    public let isHidden: Bool

    /// Number of cells with a value in the row.
    public var count: Int { source.cellCount }

    /// The cell at position `position` (0-based, left to right; not the column number).
    public subscript(position: Int) -> CellView {
        precondition(position >= 0 && position < source.cellCount, "cell position out of range")
        return CellView(source: source, slot: position, row: index)
    }

    /// All cells, left to right.
    public var cells: [CellView] { (0..<count).map { self[$0] } }

    /// The value in a 1-based column, `.empty` when there is none.
    public func value(atColumn column: Int) -> CellValue {
        for position in 0..<count where source.column(at: position) == column {
            return self[position].value
        }
        return .empty
    }

    /// A copy that outlives the callback.
    public func materialize() -> Row {
        Row(index: index, isHidden: isHidden, cells: (0..<count).map { self[$0].materialize() })
    }
}

/// A cell being streamed: decoded only when asked.
public struct CellView {
    unowned(unsafe) let source: any RowSource
    let slot: Int
    let row: Int

    /// 1-based column number.
    public var column: Int { source.column(at: slot) }
    /// Where the cell is.
    public var reference: CellReference { CellReference(row: row, column: column) }
    /// The stored type.
    public var kind: CellKind { source.kind(at: slot) }
    /// Index into the workbook's cell formats.
    public var styleIndex: Int { source.style(at: slot) }
    /// The decoded value (a formula's cached result for formula cells).
    public var value: CellValue { source.value(of: slot) }
    /// The formula text without the leading `=`, or nil.
    public var formula: String? { source.formula(of: slot) }

    /// The digits of a number cell as stored in the file, when they hold more than a double
    /// keeps (an 18-digit ID some programs write into a number cell); nil otherwise.
    public var integerDigits: String? { source.integerDigits(of: slot) }

    /// A copy that outlives the callback.
    public func materialize() -> Cell {
        Cell(reference: reference, value: value, formula: formula, styleIndex: styleIndex)
    }
}
