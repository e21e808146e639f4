/// A cell address such as `C12`: 1-based row and column, bounded by Excel's grid (XFD1048576).
public struct CellReference: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The largest row number a worksheet may have (1,048,576).
    public static let maxRow = 1_048_576
    /// The largest column number a worksheet may have (16,384, column XFD).
    public static let maxColumn = 16_384

    /// 1-based row number.
    public var row: Int
    /// 1-based column number (A = 1).
    public var column: Int

    /// Creates a reference from 1-based row and column numbers.
    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Parses `A1`-style text (`$` anchors allowed); nil when it is not a reference inside the grid.
    public init?(_ text: String) {
        var utf8 = Array(text.utf8)
        utf8.removeAll { $0 == UInt8(ascii: "$") }
        guard let parsed = utf8.withUnsafeBufferPointer({ CellReference.parse($0) }) else { return nil }
        self = parsed
    }

    /// Parses `A1`-style bytes; nil when malformed or outside the grid.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> CellReference? {
        var index = 0
        var column = 0
        while index < bytes.count {
            var byte = bytes[index]
            if byte >= 97 && byte <= 122 { byte -= 32 }
            guard byte >= 65 && byte <= 90 else { break }
            column = column * 26 + Int(byte - 64)
            if column > maxColumn { return nil }
            index += 1
        }
        guard column > 0, index < bytes.count else { return nil }
        var row = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= 48 && byte <= 57 else { return nil }
            row = row * 10 + Int(byte - 48)
            if row > maxRow { return nil }
            index += 1
        }
        guard row > 0 else { return nil }
        return CellReference(row: row, column: column)
    }

    /// Column letters for a 1-based column number: 1 → `A`, 28 → `AB`.
    public static func columnName(_ column: Int) -> String {
        var letters: [UInt8] = []
        var n = column
        while n > 0 {
            let remainder = (n - 1) % 26
            letters.append(UInt8(65 + remainder))
            n = (n - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// Column number for letters: `A` → 1, `AB` → 28; nil when not letters or beyond XFD.
    public static func columnNumber(_ letters: String) -> Int? {
        var column = 0
        for byte in letters.utf8 {
            let upper = (byte >= 97 && byte <= 122) ? byte - 32 : byte
            guard upper >= 65 && upper <= 90 else { return nil }
            column = column * 26 + Int(upper - 64)
            if column > maxColumn { return nil }
        }
        return column > 0 ? column : nil
    }

    /// The reference as Excel shows it, e.g. `C12`.
    public var description: String { CellReference.columnName(column) + String(row) }

    public static func < (lhs: CellReference, rhs: CellReference) -> Bool {
        (lhs.row, lhs.column) < (rhs.row, rhs.column)
    }
}
