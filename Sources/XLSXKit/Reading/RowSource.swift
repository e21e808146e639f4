/// What a `RowView` reads its cells from: the reader of one format, holding the row being
/// streamed. Each format keeps its row the way it is cheapest to fill (the .xlsx parser as
/// undecoded text, the others as decoded values); views see the same cells either way.
protocol RowSource: AnyObject {
    /// Cells in the current row.
    var cellCount: Int { get }
    /// 1-based column of the cell at `position`.
    func column(at position: Int) -> Int
    /// The stored type of the cell at `position`.
    func kind(at position: Int) -> CellKind
    /// The cell format index of the cell at `position`.
    func style(at position: Int) -> Int
    /// The decoded value of the cell at `position`.
    func value(of position: Int) -> CellValue
    /// The formula text, when the format keeps it.
    func formula(of position: Int) -> String?
    /// The digits of a long integer stored as text in a number cell (only .xlsx keeps them).
    func integerDigits(of position: Int) -> String?
}

/// The row being streamed from a format whose cells come decoded (.xls, .ods, .csv): cells are
/// added left to right or in any order, then the row is handed to the caller and the buffers
/// reused. Also keeps the sheet's tally (used range, row and cell counts) as rows pass.
final class DecodedRow: RowSource {
    private struct Entry {
        var column: Int32
        var kind: CellKind
        var style: Int32
        /// The value, or `.empty` for a shared string decoded when asked (`sharedString`).
        var value: CellValue
        var sharedString: Int32 = -1
        /// Text kept as UTF-8 in `text`, decoded when asked: start and length, start -1 when none.
        var textStart: Int32 = -1
        var textLength: Int32 = 0
    }

    private var entries: [Entry] = []
    private var text: [UInt8] = []
    /// The table `addSharedString` cells point into.
    var sharedStrings: SharedStringTable?
    private var sorted = true
    /// The row being filled (1-based), 0 before the first cell.
    private(set) var index = 0
    private var minRow = Int.max, maxRow = 0, minColumn = Int.max, maxColumn = 0
    /// What the pass learned so far; the reader adds merges, hidden columns and the claimed dimension.
    var summary = WorksheetSummary()

    var cellCount: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }

    func column(at position: Int) -> Int { Int(entries[position].column) }
    func kind(at position: Int) -> CellKind { entries[position].kind }
    func style(at position: Int) -> Int { Int(entries[position].style) }
    func value(of position: Int) -> CellValue {
        let entry = entries[position]
        if entry.textStart >= 0 {
            return .string(text.withUnsafeBufferPointer { String(decoding: $0[Int(entry.textStart)..<Int(entry.textStart + entry.textLength)], as: UTF8.self) })
        }
        guard entry.sharedString >= 0 else { return entry.value }
        return .string(sharedStrings?.string(at: Int(entry.sharedString)) ?? "")
    }
    func formula(of position: Int) -> String? { nil }
    func integerDigits(of position: Int) -> String? { nil }

    /// Starts row `index` (1-based) with no cells.
    func start(_ index: Int) {
        self.index = index
        entries.removeAll(keepingCapacity: true)
        text.removeAll(keepingCapacity: true)
        sorted = true
    }

    /// Renumbers the current row, keeping its cells (a repeated row of an .ods).
    func restart(_ index: Int) { self.index = index }

    /// Adds a cell to the current row (1-based column).
    func add(column: Int, kind: CellKind, style: Int = 0, value: CellValue) {
        if let last = entries.last, Int(last.column) >= column { sorted = false }
        entries.append(Entry(column: Int32(column), kind: kind, style: Int32(clamping: style), value: value))
    }

    /// Adds a shared string, decoded only when its value is asked for.
    func addSharedString(column: Int, index: Int, style: Int = 0) {
        if let last = entries.last, Int(last.column) >= column { sorted = false }
        entries.append(Entry(column: Int32(column), kind: .sharedString, style: Int32(clamping: style), value: .empty, sharedString: Int32(index)))
    }

    /// Adds a text cell from its UTF-8 bytes, decoded only when its value is asked for.
    func addText(column: Int, _ bytes: [UInt8]) {
        if let last = entries.last, Int(last.column) >= column { sorted = false }
        entries.append(Entry(column: Int32(column), kind: .inlineString, style: 0, value: .empty,
                             textStart: Int32(text.count), textLength: Int32(bytes.count)))
        text.append(contentsOf: bytes)
    }

    /// Hands the current row to `body` (cells left to right; of two in one column the later
    /// wins); returns what `body` returned. A row without cells is not counted in the tally.
    func emit(hidden: Bool, to body: (RowView) throws -> Bool) rethrows -> Bool {
        if !sorted {
            // Stable: of two cells in one column the one added later ends up last, then wins.
            let ordered = entries.enumerated().sorted { ($0.element.column, $0.offset) < ($1.element.column, $1.offset) }.map(\.element)
            entries = ordered.enumerated().filter { position, entry in
                position + 1 == ordered.count || ordered[position + 1].column != entry.column
            }.map(\.element)
            sorted = true
        }
        if !entries.isEmpty {
            summary.rowCount += 1
            summary.cellCount += entries.count
            minRow = min(minRow, index)
            maxRow = max(maxRow, index)
            minColumn = min(minColumn, Int(entries[0].column))
            maxColumn = max(maxColumn, Int(entries[entries.count - 1].column))
        }
        return try body(RowView(source: self, index: index, isHidden: hidden))
    }

    /// The summary after the pass, with the used range filled in.
    func finishedSummary() -> WorksheetSummary {
        var result = summary
        if maxRow > 0 {
            result.usedRange = CellRange(CellReference(row: minRow, column: minColumn), CellReference(row: maxRow, column: maxColumn))
        }
        return result
    }
}
