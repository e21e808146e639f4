/// Values of one column of a list, held compactly for formulas over the filled rows: a kind byte
/// a record, plus doubles only if the column has numbers and text only if a formula compares or
/// joins it (`keepsText`); otherwise text is remembered as "some text" (enough for COUNTA).
final class CompactColumn {
    let keepsText: Bool
    private var kinds: [UInt8] = []
    private var numbers: [Double]?
    private var strings: [Int32]?
    private var table: [String] = []
    private var tableIndex: [String: Int32] = [:]
    private var others: [Int: CellValue] = [:]

    init(keepsText: Bool) { self.keepsText = keepsText }

    var count: Int { kinds.count }

    func append(_ value: CellValue) {
        let index = kinds.count
        switch value {
        case .empty:
            kinds.append(0)
        case .number(let n):
            if numbers == nil { numbers = [Double](repeating: 0, count: index) }
            kinds.append(1)
            numbers!.append(n)
        case .string(let text):
            kinds.append(2)
            if keepsText {
                if strings == nil { strings = [Int32](repeating: -1, count: index) }
                let position = tableIndex[text] ?? {
                    table.append(text)
                    tableIndex[text] = Int32(table.count - 1)
                    return Int32(table.count - 1)
                }()
                strings!.append(position)
            }
        default:
            others[index] = value
            kinds.append(3)
        }
        if let count = numbers?.count, count <= index { numbers!.append(0) }
        if let count = strings?.count, count <= index { strings!.append(-1) }
    }

    subscript(index: Int) -> CellValue {
        guard index >= 0, index < kinds.count else { return .empty }
        switch kinds[index] {
        case 1: return .number(numbers![index])
        case 2:
            guard let strings, strings[index] >= 0 else { return .string("\u{FFFC}") } // text not kept: only that there is some
            return .string(table[Int(strings[index])])
        case 3: return others[index] ?? .empty
        default: return .empty
        }
    }
}

/// Cell values of a sheet being filled, in output coordinates, for computing cached formula values.
final class FillContext: FormulaEvaluator.Context {
    let layout: () -> SheetLayout
    /// Template cells outside repeated rows, by template coordinates, after placeholders were filled.
    var statics: [CellReference: CellValue] = [:]
    /// Template formula cells (template coordinates) whose value is not computed yet: a formula
    /// that needs one gets no cached value rather than the template's stale one.
    var pendingFormulas: Set<CellReference> = []
    /// Stored columns of each repeat, by repeat position and column.
    var stores: [Int: [Int: CompactColumn]] = [:]
    /// The record being written: its repeat, index and values by column.
    var current: (repeat: Int, index: Int, values: [Int: CellValue])?
    /// Set when a value was asked for that is not known (the formula then gets no cached value).
    var incomplete = false
    let sheet: String

    /// Columns whose text formulas need (compared or joined), by repeat.
    var textColumns: [Int: Set<Int>] = [:]

    /// The stored column of a repeat, created on first use.
    func store(_ position: Int, _ column: Int) -> CompactColumn {
        if let existing = stores[position]?[column] { return existing }
        let created = CompactColumn(keepsText: textColumns[position]?.contains(column) ?? true)
        stores[position, default: [:]][column] = created
        return created
    }

    init(sheet: String, layout: @escaping () -> SheetLayout) {
        self.sheet = sheet
        self.layout = layout
    }

    func value(at cell: CellReference, sheet: String?) -> CellValue {
        guard sheet == nil || sheet == self.sheet else { incomplete = true; return .empty }
        switch layout().place(ofOutputRow: cell.row) {
        case .template(let row):
            let reference = CellReference(row: row, column: cell.column)
            if pendingFormulas.contains(reference) { incomplete = true }
            return statics[reference] ?? .empty
        case .record(let position, let index):
            if let current, current.repeat == position, current.index == index { return current.values[cell.column] ?? .empty }
            guard let column = stores[position]?[cell.column], index < column.count else { incomplete = true; return .empty }
            return column[index]
        }
    }

    func forEachValue(in range: CellRange, sheet: String?, _ body: (CellValue) -> Void) {
        guard sheet == nil || sheet == self.sheet else { incomplete = true; return }
        let layout = layout()
        for (cell, value) in statics {
            let row = layout.outputRow(of: cell.row)
            guard range.contains(CellReference(row: row, column: cell.column)) else { continue }
            if pendingFormulas.contains(cell) { incomplete = true }
            body(value)
        }
        for (position, repeatRow) in layout.repeats.enumerated() {
            let first = layout.outputRow(repeat: position, record: 0)
            let last = first + repeatRow.count - 1
            let from = max(first, range.first.row), to = min(last, range.last.row)
            guard from <= to else { continue }
            for column in (usedColumns[position] ?? []).sorted() where column >= range.first.column && column <= range.last.column {
                guard let store = stores[position]?[column] else { incomplete = true; continue }
                for index in (from - first)...(to - first) { body(store[index]) }
            }
        }
    }

    /// Columns of each repeat that hold template cells (only those can have values).
    var usedColumns: [Int: Set<Int>] = [:]
}
