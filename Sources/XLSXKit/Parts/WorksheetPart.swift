#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a full pass over a worksheet learned besides its rows.
public struct WorksheetSummary: Sendable, Equatable {
    /// The `<dimension ref>` the writer claimed (never trusted; shown for information).
    public var claimedDimension: String?
    /// The range actually covered by cells with values, nil for an empty sheet.
    public var usedRange: CellRange?
    /// Merged ranges (`<mergeCells>`, which follow the cells in the file).
    public var mergedRanges: [CellRange] = []
    /// Hidden columns as 1-based inclusive ranges (`<col hidden="1">`).
    public var hiddenColumns: [ClosedRange<Int>] = []
    /// Column widths the file sets, in characters (`<col width>`, an .xls's COLINFO).
    public var columnWidths: [ColumnWidth] = []
    /// Rows with at least one cell with a value.
    public var rowCount = 0
    /// Cells with a value.
    public var cellCount = 0
    /// Whether the pass stopped early because the caller asked it to.
    public var stoppedEarly = false
}

/// The width of a run of columns, in characters of the default font's digits.
public struct ColumnWidth: Sendable, Equatable {
    /// 1-based inclusive column numbers.
    public var columns: ClosedRange<Int>
    public var width: Double
}

/// The SAX handler for one worksheet part: assembles each `<row>` in reusable buffers and hands
/// it to the caller as a `RowView`.
///
/// Memory: one row's cells and text at a time (buffers grow to the widest row and are reused);
/// nothing is allocated per cell unless the caller decodes a value.
final class WorksheetParser: XMLEventHandler, RowSource {
    /// One cell's place in the row buffers.
    struct Slot {
        var column: Int32
        var kind: CellKind
        var style: Int32
        var valueStart: Int32
        var valueLength: Int32
        var formulaStart: Int32
        var formulaLength: Int32
        /// The shared-formula group (`si`) of a formula without text of its own, else -1.
        var sharedGroup: Int32
    }

    private enum Capture { case none, value, inlineText, formula }

    let sheetName: String
    let sharedStrings: SharedStringTable?
    let styles: StyleSheet
    let dateSystem: DateSystem
    private let body: (RowView) throws -> Bool
    private(set) var summary = WorksheetSummary()

    private(set) var slots: UnsafeMutablePointer<Slot>
    private var slotCapacity = 64
    private(set) var cellCount = 0
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCapacity = 4096
    private var arenaCount = 0

    private var capture = Capture.none
    private var inSheetData = false
    private var inRow = false
    private var inInlineString = false
    private var phoneticDepth = 0
    private var rowIndex = 0
    private var rowHidden = false
    private var lastColumn = 0
    private var cell = Slot(column: 0, kind: .number, style: 0, valueStart: 0, valueLength: -1, formulaStart: 0, formulaLength: 0,
                            sharedGroup: -1)
    private var cellArenaStart = 0
    private var textStart = 0
    private var preserveSpace = false
    private var minRow = Int.max, maxRow = 0, minColumn = Int.max, maxColumn = 0
    /// Shared formulas by group: the master's text and cell, to translate the cells that share it.
    private var sharedFormulas: [Int: (text: String, row: Int, column: Int)] = [:]
    private var formulaSharedGroup: Int32 = -1

    /// Signals that the caller asked to stop; not an error.
    struct StopReading: Error {}

    init(sheetName: String, sharedStrings: SharedStringTable?, styles: StyleSheet, dateSystem: DateSystem,
         body: @escaping (RowView) throws -> Bool) {
        self.sheetName = sheetName
        self.sharedStrings = sharedStrings
        self.styles = styles
        self.dateSystem = dateSystem
        self.body = body
        slots = .allocate(capacity: slotCapacity)
        arena = .allocate(capacity: arenaCapacity)
    }

    deinit {
        slots.deallocate()
        arena.deallocate()
    }

    /// The summary after the pass, with the used range filled in.
    func finishedSummary() -> WorksheetSummary {
        var result = summary
        if maxRow > 0 {
            result.usedRange = CellRange(CellReference(row: minRow, column: minColumn), CellReference(row: maxRow, column: maxColumn))
        }
        return result
    }

    // MARK: Events

    override func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
        let p = name.pointer
        switch p[0] {
        case UInt8(ascii: "c") where p[1] == 0:
            if inRow { startCell(attributes) }
        case UInt8(ascii: "v") where p[1] == 0:
            capture = .value
            cell.valueStart = Int32(arenaCount)
            cell.valueLength = 0
        case UInt8(ascii: "f") where p[1] == 0:
            capture = .formula
            cell.formulaStart = Int32(arenaCount)
            formulaSharedGroup = attributes["t"]?.equals("shared") == true ? Int32(clamping: attributes["si"]?.integer ?? -1) : -1
        case UInt8(ascii: "t") where p[1] == 0:
            if inInlineString && phoneticDepth == 0 {
                capture = .inlineText
                textStart = arenaCount
                preserveSpace = attributes["space"]?.equals("preserve") ?? false
            }
        case UInt8(ascii: "i") where p[1] == UInt8(ascii: "s") && p[2] == 0:
            inInlineString = true
            cell.valueStart = Int32(arenaCount)
            cell.valueLength = 0
        case UInt8(ascii: "r"):
            if name.is("row") { startRow(attributes) } else if name.is("rPh") { phoneticDepth += 1 }
        default:
            if name.is("sheetData") {
                inSheetData = true
            } else if name.is("mergeCell") {
                if let ref = attributes["ref"], let range = CellRange(ref.string) { summary.mergedRanges.append(range) }
            } else if name.is("col") {
                if let min = attributes["min"]?.integer, let max = attributes["max"]?.integer, min >= 1, min <= max {
                    if attributes["hidden"]?.boolean == true { summary.hiddenColumns.append(min...max) }
                    if let width = attributes["width"].flatMap({ Double($0.string) }), width > 0 {
                        summary.columnWidths.append(ColumnWidth(columns: min...max, width: width))
                    }
                }
            } else if name.is("dimension") {
                summary.claimedDimension = attributes["ref"]?.string
            }
        }
    }

    override func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard capture != .none, text.count > 0 else { return }
        append(text)
    }

    override func endElement(_ name: XMLName) {
        let p = name.pointer
        switch p[0] {
        case UInt8(ascii: "v") where p[1] == 0:
            if capture == .value {
                cell.valueLength = Int32(arenaCount) - cell.valueStart
                terminate()
            }
            capture = .none
        case UInt8(ascii: "f") where p[1] == 0:
            if capture == .formula {
                cell.formulaLength = Int32(arenaCount) - cell.formulaStart
                if formulaSharedGroup >= 0 {
                    if cell.formulaLength > 0 {
                        let text = String(decoding: bytes(cell.formulaStart, cell.formulaLength), as: UTF8.self)
                        sharedFormulas[Int(formulaSharedGroup)] = (text, rowIndex, Int(cell.column))
                    } else {
                        cell.sharedGroup = formulaSharedGroup
                    }
                }
            }
            capture = .none
        case UInt8(ascii: "t") where p[1] == 0:
            if capture == .inlineText {
                if !preserveSpace { trimInlineText() }
                capture = .none
            }
        case UInt8(ascii: "i") where p[1] == UInt8(ascii: "s") && p[2] == 0:
            inInlineString = false
            cell.valueLength = Int32(arenaCount) - cell.valueStart
        case UInt8(ascii: "c") where p[1] == 0:
            if inRow { endCell() }
        case UInt8(ascii: "r"):
            if name.is("row") { endRow() } else if name.is("rPh") { phoneticDepth -= 1 }
        default:
            if name.is("sheetData") { inSheetData = false }
        }
    }

    // MARK: Rows and cells

    private func startRow(_ attributes: XMLAttributes) {
        guard inSheetData else { return }
        var index = rowIndex + 1
        var hidden = false
        for i in 0..<attributes.count {
            let local = attributes.raw![i * 5]!
            if local[0] == UInt8(ascii: "r"), local[1] == 0 {
                let start = attributes.raw![i * 5 + 3]!, end = attributes.raw![i * 5 + 4]!
                let text = XMLBytes(buffer: UnsafeBufferPointer(start: start, count: end - start))
                guard let value = text.integer, value >= 1, value <= CellReference.maxRow else {
                    fail(.invalidCellReference, "row number \"\(text.string)\" outside 1…\(CellReference.maxRow)", cell: "行 \(text.string)")
                    return
                }
                index = value
            } else if XMLName(pointer: local).is("hidden") {
                let start = attributes.raw![i * 5 + 3]!, end = attributes.raw![i * 5 + 4]!
                hidden = XMLBytes(buffer: UnsafeBufferPointer(start: start, count: end - start)).boolean ?? false
            }
        }
        if index > CellReference.maxRow {
            fail(.invalidCellReference, "row \(index) beyond \(CellReference.maxRow)", cell: "行 \(index)")
            return
        }
        rowIndex = index
        rowHidden = hidden
        inRow = true
        lastColumn = 0
        cellCount = 0
        arenaCount = 0
    }

    private func startCell(_ attributes: XMLAttributes) {
        var column = lastColumn + 1
        var kind = CellKind.number
        var style: Int32 = 0
        for i in 0..<attributes.count {
            let local = attributes.raw![i * 5]!
            guard local[1] == 0 else { continue }
            let start = attributes.raw![i * 5 + 3]!, end = attributes.raw![i * 5 + 4]!
            let value = UnsafeBufferPointer(start: start, count: end - start)
            switch local[0] {
            case UInt8(ascii: "r"):
                guard let reference = CellReference.parse(value) else {
                    fail(.invalidCellReference, "cell reference \"\(String(decoding: value, as: UTF8.self))\" outside A1:XFD1048576",
                         cell: String(decoding: value, as: UTF8.self))
                    return
                }
                column = reference.column
            case UInt8(ascii: "s"):
                style = Int32(clamping: XMLBytes(buffer: value).integer ?? 0)
            case UInt8(ascii: "t"):
                kind = WorksheetParser.kind(value)
            default:
                break
            }
        }
        if column > CellReference.maxColumn {
            fail(.invalidCellReference, "column \(column) beyond XFD", cell: "第 \(rowIndex) 行第 \(column) 列")
            return
        }
        lastColumn = column
        cellArenaStart = arenaCount
        cell = Slot(column: Int32(column), kind: kind, style: style, valueStart: Int32(arenaCount), valueLength: -1,
                    formulaStart: 0, formulaLength: 0, sharedGroup: -1)
    }

    private static func kind(_ value: UnsafeBufferPointer<UInt8>) -> CellKind {
        guard let first = value.first else { return .number }
        switch first {
        case UInt8(ascii: "s"): return value.count == 1 ? .sharedString : (value.count == 3 ? .formulaString : .number)
        case UInt8(ascii: "i"): return .inlineString
        case UInt8(ascii: "b"): return .boolean
        case UInt8(ascii: "e"): return .error
        case UInt8(ascii: "d"): return .isoDate
        default: return .number
        }
    }

    private func endCell() {
        capture = .none
        inInlineString = false
        let hasValue: Bool
        switch cell.kind {
        case .number, .isoDate, .boolean, .error, .sharedString:
            hasValue = cell.valueLength > 0
        case .inlineString, .formulaString:
            hasValue = cell.valueLength >= 0
        }
        // A formula without a cached value (openpyxl writes `<v></v>`, other writers none) is still a cell.
        guard hasValue || cell.formulaLength > 0 || cell.sharedGroup >= 0 else {
            arenaCount = cellArenaStart
            return
        }
        if cell.kind == .sharedString && hasValue {
            let text = XMLBytes(buffer: UnsafeBufferPointer(start: arena + Int(cell.valueStart), count: Int(cell.valueLength)))
            guard let index = text.integer, index < (sharedStrings?.count ?? 0) else {
                fail(.malformedXML, "shared string index \(text.string) not in the table of \(sharedStrings?.count ?? 0)",
                     cell: CellReference(row: rowIndex, column: Int(cell.column)).description)
                return
            }
        }
        if cellCount == slotCapacity {
            let grown = UnsafeMutablePointer<Slot>.allocate(capacity: slotCapacity * 2)
            grown.moveInitialize(from: slots, count: cellCount)
            slots.deallocate()
            slots = grown
            slotCapacity *= 2
        }
        (slots + cellCount).initialize(to: cell)
        cellCount += 1
    }

    private func endRow() {
        guard inRow else { return }
        inRow = false
        if cellCount > 0 {
            summary.rowCount += 1
            summary.cellCount += cellCount
            minRow = min(minRow, rowIndex)
            maxRow = max(maxRow, rowIndex)
            minColumn = min(minColumn, Int(slots[0].column))
            for i in 0..<cellCount {
                minColumn = min(minColumn, Int(slots[i].column))
                maxColumn = max(maxColumn, Int(slots[i].column))
            }
        }
        do {
            if try !body(RowView(source: self, index: rowIndex, isHidden: rowHidden)) {
                summary.stoppedEarly = true
                failure = StopReading()
            }
        } catch {
            failure = error
        }
    }

    private func fail(_ code: XLSXError.Code, _ detail: String, cell: String) {
        if failure == nil {
            failure = XLSXError(code, detail, sheet: sheetName, cell: cell, line: currentLine)
        }
    }

    // MARK: Buffers

    @inline(__always)
    private func reserve(_ extra: Int) {
        guard arenaCount + extra > arenaCapacity else { return }
        var capacity = arenaCapacity * 2
        while arenaCount + extra > capacity { capacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: arena, count: arenaCount)
        arena.deallocate()
        arena = grown
        arenaCapacity = capacity
    }

    @inline(__always)
    private func append(_ text: UnsafeBufferPointer<UInt8>) {
        reserve(text.count + 1)
        (arena + arenaCount).update(from: text.baseAddress!, count: text.count)
        arenaCount += text.count
    }

    /// NUL after a value so `strtod` can read it in place (not counted in the value's length).
    @inline(__always)
    private func terminate() {
        reserve(1)
        arena[arenaCount] = 0
        arenaCount += 1
    }

    private func trimInlineText() {
        while arenaCount > textStart, XMLWhitespace.isWhitespace(arena[arenaCount - 1]) { arenaCount -= 1 }
        var first = textStart
        while first < arenaCount, XMLWhitespace.isWhitespace(arena[first]) { first += 1 }
        if first > textStart {
            (arena + textStart).update(from: arena + first, count: arenaCount - first)
            arenaCount -= first - textStart
        }
    }

    // MARK: Decoding (on demand)

    private func bytes(_ start: Int32, _ length: Int32) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: arena + Int(start), count: Int(max(length, 0)))
    }

    func column(at position: Int) -> Int { Int(slots[position].column) }
    func kind(at position: Int) -> CellKind { slots[position].kind }
    func style(at position: Int) -> Int { Int(slots[position].style) }

    func value(of position: Int) -> CellValue {
        let slot = slots[position]
        if slot.valueLength < 0 || (slot.valueLength == 0 && slot.kind != .inlineString && slot.kind != .formulaString) { return .empty }
        let text = bytes(slot.valueStart, slot.valueLength)
        switch slot.kind {
        case .sharedString:
            return .string(sharedStrings?.string(at: XMLBytes(buffer: text).integer ?? -1) ?? "")
        case .inlineString, .formulaString:
            return .string(EscapedText.decode(text))
        case .number:
            var end: UnsafeMutablePointer<CChar>?
            let start = UnsafeMutableRawPointer(arena + Int(slot.valueStart)).assumingMemoryBound(to: CChar.self)
            let number = strtod(start, &end)
            guard let end, end != start, end.pointee == 0 || XMLWhitespace.isWhitespace(UInt8(bitPattern: end.pointee)) else {
                return .string(String(decoding: text, as: UTF8.self))
            }
            return styles.value(ofNumber: number, style: Int(slot.style), dateSystem: dateSystem)
        case .boolean:
            let flag = XMLBytes(buffer: text)
            return .boolean(flag.equals("1") || flag.equals("true"))
        case .error:
            return .error(String(decoding: text, as: UTF8.self))
        case .isoDate:
            let string = String(decoding: text, as: UTF8.self)
            return ExcelDateTime(iso: string).map(CellValue.date) ?? .string(string)
        }
    }

    /// The stored text of a number cell when it is an integer of 16 or more digits (beyond what
    /// a double keeps exactly), else nil.
    func integerDigits(of position: Int) -> String? {
        let slot = slots[position]
        guard slot.kind == .number, slot.valueLength >= 16 else { return nil }
        let text = bytes(slot.valueStart, slot.valueLength)
        guard text.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return String(decoding: text, as: UTF8.self)
    }

    /// The formula of a cell; a cell sharing a formula gets the master's text translated to its place.
    func formula(of position: Int) -> String? {
        let slot = slots[position]
        if slot.formulaLength > 0 {
            return String(decoding: bytes(slot.formulaStart, slot.formulaLength), as: UTF8.self)
        }
        guard slot.sharedGroup >= 0, let master = sharedFormulas[Int(slot.sharedGroup)] else { return nil }
        return FormulaReferences.offset(master.text, rows: rowIndex - master.row, columns: Int(slot.column) - master.column)
    }
}
