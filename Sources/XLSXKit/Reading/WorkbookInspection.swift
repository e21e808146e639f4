/// What a workbook holds, as `sheetflow inspect` shows it: sheets, their state and extent,
/// merged ranges, and the first rows. Encodes to the `inspect --json` schema.
public struct WorkbookInspection: Codable, Sendable {
    /// One cell as shown: reference, type name, value text and formula.
    public struct CellEntry: Codable, Sendable {
        /// `A1`.
        public var ref: String
        /// string, number, date, boolean or error.
        public var type: String
        /// Numbers as the shortest round-trip decimal, dates as ISO 8601.
        public var value: String
        /// Formula text without `=`, when the cell has one.
        public var formula: String?
    }

    /// One row as shown.
    public struct RowEntry: Codable, Sendable {
        /// 1-based row number.
        public var row: Int
        /// Whether the row is hidden.
        public var hidden: Bool?
        /// Cells with values.
        public var cells: [CellEntry]
    }

    /// One sheet as shown.
    public struct SheetEntry: Codable, Sendable {
        /// Tab name.
        public var name: String
        /// 1-based tab position.
        public var index: Int
        /// visible, hidden or veryHidden.
        public var state: String
        /// worksheet, chartsheet or other.
        public var kind: String
        /// Range covered by cells with values (computed, never the file's claim).
        public var dimension: String?
        /// The `<dimension>` the file claims.
        public var claimedDimension: String?
        /// Merged ranges.
        public var merged: [String]
        /// Hidden columns, e.g. `C` or `E:F`.
        public var hiddenColumns: [String]
        /// Rows with values in the whole sheet.
        public var rowCount: Int
        /// Cells with values in the whole sheet.
        public var cellCount: Int
        /// The first rows.
        public var rows: [RowEntry]
    }

    /// `1900` or `1904`.
    public var dateSystem: String
    /// Sheets in tab order (only the selected one when a sheet was chosen).
    public var sheets: [SheetEntry]

    /// Reads `limit` rows of each sheet (or of `only`) and the whole of each sheet for its extent.
    public init(_ workbook: WorkbookReader, only: SheetInfo? = nil, limit: Int = 20) throws {
        dateSystem = workbook.dateSystem == .excel1904 ? "1904" : "1900"
        sheets = []
        for sheet in workbook.sheets where only == nil || only == sheet {
            var rows: [RowEntry] = []
            let summary = try workbook.forEachRow(in: sheet) { row in
                guard rows.count < limit, row.count > 0 else { return }
                rows.append(RowEntry(row: row.index, hidden: row.isHidden ? true : nil, cells: row.cells.map { cell in
                    let value = cell.value
                    return CellEntry(ref: cell.reference.description, type: value.typeName, value: value.text, formula: cell.formula)
                }))
            }
            sheets.append(SheetEntry(
                name: sheet.name, index: sheet.index + 1, state: sheet.state.rawValue, kind: sheet.kind.rawValue,
                dimension: summary.usedRange?.description, claimedDimension: summary.claimedDimension,
                merged: summary.mergedRanges.map(\.description),
                hiddenColumns: summary.hiddenColumns.map { range in
                    let first = CellReference.columnName(range.lowerBound), last = CellReference.columnName(range.upperBound)
                    return first == last ? first : "\(first):\(last)"
                },
                rowCount: summary.rowCount, cellCount: summary.cellCount, rows: rows))
        }
    }
}
