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

    /// Appends a record's value; nil when it is not known (a formula that could not be computed).
    func append(_ value: CellValue?) {
        let index = kinds.count
        guard let value else {
            kinds.append(4)
            if let count = numbers?.count, count <= index { numbers!.append(0) }
            if let count = strings?.count, count <= index { strings!.append(-1) }
            return
        }
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

    /// The value of record `index`; nil when it is not known.
    subscript(index: Int) -> CellValue? {
        guard index >= 0, index < kinds.count else { return .empty }
        switch kinds[index] {
        case 4: return nil
        case 1: return .number(numbers![index])
        case 2:
            guard let strings, strings[index] >= 0 else { return .string("\u{FFFC}") } // text not kept: only that there is some
            return .string(table[Int(strings[index])])
        case 3: return others[index] ?? .empty
        default: return .empty
        }
    }
}

/// The sheets of a workbook already filled, for formulas that refer to another sheet.
final class FillWorkbook {
    var finished: [String: FillContext] = [:]

    func sheet(named name: String) -> FillContext? {
        finished[name] ?? finished.first { $0.key.lowercased() == name.lowercased() }?.value
    }
}

/// Cell values of a sheet being filled, in output coordinates, for computing cached formula values.
final class FillContext: FormulaEvaluator.Context {
    /// The other sheets, for references that name one.
    let workbook: FillWorkbook
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

    init(sheet: String, workbook: FillWorkbook = FillWorkbook(), layout: @escaping () -> SheetLayout) {
        self.sheet = sheet
        self.workbook = workbook
        self.layout = layout
    }

    /// Asks the finished sheet a reference names; the formula is incomplete when that sheet is
    /// not finished or its answer was.
    private func onOther<T>(_ sheet: String, _ fallback: T, _ ask: (FillContext) -> T) -> T {
        guard let other = workbook.sheet(named: sheet) else { incomplete = true; return fallback }
        other.incomplete = false
        let answer = ask(other)
        if other.incomplete { incomplete = true }
        return answer
    }

    /// A value of the record being written, or of a stored one; nil (and the formula incomplete)
    /// when it is not known yet.
    private func recordValue(_ position: Int, _ index: Int, column: Int) -> CellValue? {
        if let current, current.repeat == position, current.index == index {
            if pendingColumns.contains(column) { incomplete = true }
            return current.values[column] ?? .empty
        }
        guard let store = stores[position]?[column], index < store.count, let value = store[index] else {
            incomplete = true
            return nil
        }
        return value
    }

    func value(at cell: CellReference, sheet: String?) -> CellValue {
        if let sheet, sheet.lowercased() != self.sheet.lowercased() {
            return onOther(sheet, .empty) { $0.value(at: cell, sheet: nil) }
        }
        switch layout().place(ofOutputRow: cell.row) {
        case .template(let row):
            let reference = CellReference(row: row, column: cell.column)
            if pendingFormulas.contains(reference) { incomplete = true }
            return statics[reference] ?? .empty
        case .record(let position, let index):
            return recordValue(position, index, column: cell.column) ?? .empty
        }
    }

    func forEachValue(in range: CellRange, sheet: String?, _ body: (CellValue) -> Void) {
        if let sheet, sheet.lowercased() != self.sheet.lowercased() {
            return onOther(sheet, ()) { $0.forEachValue(in: range, sheet: nil, body) }
        }
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
                for index in (from - first)...(to - first) {
                    if let value = recordValue(position, index, column: column) { body(value) }
                }
            }
        }
    }

    /// Computes the formula cells of record `index` of repeat `position` into `values` (a formula
    /// may use cells of its own row, formulas too, in any order); returns which were computed.
    /// One not computed gets an empty value, so it is written without a cached value.
    func computeFormulas(_ formulas: [String?], columns: [Int], values: inout [CellValue], repeat position: Int, record index: Int) -> [Bool] {
        var computed = formulas.map { $0 == nil }
        var byColumn: [Int: CellValue] = [:]
        for (slot, column) in columns.enumerated() where computed[slot] { byColumn[column] = values[slot] }
        // Each round computes the formulas whose inputs are known; a chain of n formulas takes n rounds.
        var progress = true
        while progress {
            progress = false
            for (slot, formula) in formulas.enumerated() where !computed[slot] {
                guard let formula else { continue }
                current = (position, index, byColumn)
                pendingColumns = Set(columns.indices.filter { !computed[$0] && $0 != slot }.map { columns[$0] })
                incomplete = false
                if let value = FormulaEvaluator.evaluate(formula, in: self), !incomplete {
                    values[slot] = value
                    byColumn[columns[slot]] = value
                    computed[slot] = true
                    progress = true
                }
            }
        }
        pendingColumns = []
        for slot in formulas.indices where !computed[slot] { values[slot] = .empty }
        current = (position, index, byColumn)
        return computed
    }

    /// Columns of the current record whose formulas are not computed yet.
    private var pendingColumns: Set<Int> = []

    /// Columns of each repeat that hold template cells (only those can have values).
    var usedColumns: [Int: Set<Int>] = [:]
}
