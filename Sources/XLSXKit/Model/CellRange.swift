/// A rectangular block of cells such as `A1:L1`, inclusive at both corners.
public struct CellRange: Hashable, Sendable, CustomStringConvertible {
    /// Top-left cell.
    public var first: CellReference
    /// Bottom-right cell.
    public var last: CellReference

    /// Creates a range from two corners, in any order.
    public init(_ a: CellReference, _ b: CellReference) {
        first = CellReference(row: min(a.row, b.row), column: min(a.column, b.column))
        last = CellReference(row: max(a.row, b.row), column: max(a.column, b.column))
    }

    /// Parses `A1:B2` or a single `A1`; nil when malformed or outside the grid.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2,
              let a = CellReference(String(parts[0])),
              let b = CellReference(String(parts[parts.count - 1])) else { return nil }
        self.init(a, b)
    }

    /// Whether the range contains the cell.
    public func contains(_ cell: CellReference) -> Bool {
        cell.row >= first.row && cell.row <= last.row && cell.column >= first.column && cell.column <= last.column
    }

    /// Number of rows spanned.
    public var rowCount: Int { last.row - first.row + 1 }
    /// Number of columns spanned.
    public var columnCount: Int { last.column - first.column + 1 }

    /// `A1:B2`, or `A1` for a single cell.
    public var description: String { first == last ? first.description : "\(first):\(last)" }
}
