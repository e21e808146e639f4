/// Where the rows of a sheet template land once its repeated rows are filled.
struct SheetLayout {
    /// A repeated row: its template row number, list name and number of records.
    struct Repeat {
        var row: Int
        var list: String
        var count: Int
    }

    /// Repeated rows, top to bottom.
    var repeats: [Repeat]
    /// The sheet's name (for sheet-qualified references in defined names).
    let sheet: String

    /// The output row of a template row that is not repeated.
    func outputRow(of templateRow: Int) -> Int {
        var row = templateRow
        for repeatRow in repeats where repeatRow.row < templateRow { row += repeatRow.count - 1 }
        return row
    }

    /// The output row of record `index` of repeat `position`.
    func outputRow(repeat position: Int, record index: Int) -> Int {
        outputRow(of: repeats[position].row) + index
    }

    /// What is at an output row: a template row, or a record of a repeat.
    enum Place: Equatable {
        case template(Int)
        case record(repeat: Int, index: Int)
    }

    func place(ofOutputRow row: Int) -> Place {
        var shift = 0
        for (position, repeatRow) in repeats.enumerated() {
            let start = repeatRow.row + shift
            if row < start { return .template(row - shift) }
            if row < start + repeatRow.count { return .record(repeat: position, index: row - start) }
            shift += repeatRow.count - 1
        }
        return .template(row - shift)
    }

    /// A formula (or a range list such as a `sqref`) with every repeat applied, bottom to top so
    /// upper rows keep their numbers; nil when it referred only to a repeated row that has no records.
    func expand(_ formula: String, qualifiedOnly: Bool = false) -> String? {
        var result = formula
        for repeatRow in repeats.reversed() {
            guard let expanded = FormulaReferences.expandingRow(result, row: repeatRow.row, count: repeatRow.count,
                                                                onSheet: sheet, unqualified: !qualifiedOnly) else { return nil }
            result = expanded
        }
        return result
    }

    /// A formula of record `index` of repeat `position`: references to its own row are copied with
    /// the record (`FormulaReferences.copyingRow`), the other repeats applied as above.
    func expand(_ formula: String, record index: Int, ofRepeat position: Int) -> String? {
        var result = formula
        for (other, repeatRow) in repeats.enumerated().reversed() {
            if other == position {
                result = FormulaReferences.copyingRow(result, row: repeatRow.row, count: repeatRow.count, index: index, onSheet: sheet)
            } else {
                guard let expanded = FormulaReferences.expandingRow(result, row: repeatRow.row, count: repeatRow.count, onSheet: sheet) else {
                    return nil
                }
                result = expanded
            }
        }
        return result
    }
}
