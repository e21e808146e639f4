/// Moving the cell references inside formula text: for Excel's shared formulas (relative parts
/// follow the cell) and for rows inserted into a sheet (everything at or below moves down).
///
/// Recognises `A1`, `$A$1`, ranges `A1:B2`, whole columns `A:C`, whole rows `1:3`, and sheet
/// prefixes (`Sheet2!A1`, `'花名册 (2)'!$A$1`). Text in double quotes, function names and defined
/// names are left alone. A reference pushed outside A1:XFD1048576 becomes `#REF!`, as in Excel.
public enum FormulaReferences {
    /// A formula as it would read in a cell `rows` below and `columns` right of where it was
    /// written: relative parts move, `$`-anchored parts stay (shared-formula translation).
    public static func offset(_ formula: String, rows: Int, columns: Int) -> String {
        rewrite(formula) { reference in
            var moved = reference
            if !reference.rowAbsolute, let row = reference.row { moved.row = row + rows }
            if !reference.columnAbsolute, let column = reference.column { moved.column = column + columns }
            return moved
        }
    }

    /// A formula after `count` rows were inserted before row `row` of the sheet it refers to
    /// without a sheet prefix (or of `sheet` when given): every row at or below moves down,
    /// anchored or not. A range that spans the insertion point grows.
    public static func insertingRows(_ formula: String, before row: Int, count: Int, onSheet sheet: String? = nil) -> String {
        rewrite(formula) { reference in
            guard reference.sheet == nil || reference.sheet == sheet, let referenceRow = reference.row, referenceRow >= row else {
                return reference
            }
            var moved = reference
            moved.row = referenceRow + count
            return moved
        }
    }

    /// A formula after the template row `row` was repeated `count` times (0 removes it): rows
    /// below move by `count - 1`; a range that includes the row stretches over all the copies
    /// (`SUM(F5:F5)` over row 5 repeated 1,000 times becomes `SUM(F5:F1004)`). A single
    /// reference to the row itself stays on the first copy. Returns nil when `count` is 0 and a
    /// reference or range pointed only at the removed row.
    /// `unqualified`: whether references without a sheet prefix are on that sheet (true in the
    /// sheet's own formulas, false in workbook-level defined names).
    public static func expandingRow(_ formula: String, row: Int, count: Int, onSheet sheet: String? = nil,
                                    unqualified: Bool = true) -> String? {
        var collapsed = false
        let result = rewriteRanges(formula) { start, end in
            guard start.sheet.map({ $0 == sheet }) ?? unqualified else { return (start, end) }
            func moved(_ reference: Reference) -> Reference {
                guard let r = reference.row, r > row else { return reference }
                var copy = reference
                copy.row = r + count - 1
                return copy
            }
            guard var end else {
                if count == 0, start.row == row { collapsed = true }
                return (moved(start), nil)
            }
            let first = start.row ?? 1, last = end.row ?? CellReference.maxRow
            if start.row == nil || end.row == nil { return (start, end) } // whole columns: unchanged
            if first <= row && row <= last {
                if count == 0 && first == last { collapsed = true }
                let newLast = last == row ? row + count - 1 : last + count - 1
                end.row = max(newLast, first)
                return (start, end)
            }
            return (moved(start), moved(end))
        }
        return collapsed ? nil : result
    }

    /// A formula of the template row `row` as written in its copy number `index` (from 0) once the
    /// row was repeated `count` times: references to the row itself are copied as Excel copies a
    /// row down (relative ones follow the copy, `$`-anchored ones stay on the first), rows below
    /// move by `count - 1`. Ranges do not stretch: `SUM(C6:E6)` in a repeated row stays a sum
    /// over its own row, and a running total `SUM($E$6:E6)` grows by one row per copy.
    public static func copyingRow(_ formula: String, row: Int, count: Int, index: Int, onSheet sheet: String? = nil) -> String {
        rewrite(formula) { reference in
            guard reference.sheet == nil || reference.sheet == sheet, let r = reference.row else { return reference }
            var moved = reference
            if r == row {
                if !reference.rowAbsolute { moved.row = r + index }
            } else if r > row {
                moved.row = r + count - 1
            }
            return moved
        }
    }

    /// One reference endpoint as written.
    struct Reference {
        var sheet: String?
        var sheetText: String
        var column: Int?
        var columnAbsolute: Bool
        var row: Int?
        var rowAbsolute: Bool

        var text: String {
            var out = sheetText
            if let column { out += (columnAbsolute ? "$" : "") + CellReference.columnName(column) }
            if let row { out += (rowAbsolute ? "$" : "") + String(row) }
            return out
        }

        var isValid: Bool {
            (column.map { $0 >= 1 && $0 <= CellReference.maxColumn } ?? true) && (row.map { $0 >= 1 && $0 <= CellReference.maxRow } ?? true)
        }
    }

    /// Rewrites every reference (each end of a range separately) through `transform`.
    static func rewrite(_ formula: String, _ transform: (Reference) -> Reference) -> String {
        rewriteRanges(formula) { start, end in (transform(start), end.map(transform)) }
    }

    /// Rewrites every reference through `transform`, giving both ends of a range `A1:B2` at once.
    static func rewriteRanges(_ formula: String, _ transform: (Reference, Reference?) -> (Reference, Reference?)) -> String {
        let chars = Array(formula.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        func append(_ text: String) { out.append(contentsOf: text.unicodeScalars) }
        while index < chars.count {
            let c = chars[index]
            if c == "\"" { // string literal, "" escapes a quote
                out.append(c); index += 1
                while index < chars.count {
                    out.append(chars[index])
                    if chars[index] == "\"" {
                        if index + 1 < chars.count, chars[index + 1] == "\"" { out.append(chars[index + 1]); index += 2; continue }
                        index += 1
                        break
                    }
                    index += 1
                }
                continue
            }
            if let (reference, end) = parseReference(chars, at: index) {
                var second: (Reference, Int)?
                if end < chars.count, chars[end] == ":", end + 1 < chars.count {
                    second = parseReference(chars, at: end + 1)
                }
                let (movedStart, movedEnd) = transform(reference, second?.0)
                if let movedEnd, let second {
                    if movedStart.isValid && movedEnd.isValid {
                        append(movedStart.text + ":" + movedEnd.text)
                    } else {
                        append(reference.sheetText + "#REF!")
                    }
                    index = second.1
                } else {
                    append(movedStart.isValid ? movedStart.text : reference.sheetText + "#REF!")
                    index = end
                }
                continue
            }
            // Skip whole identifiers (function and defined names) so their letters are not read as columns.
            if isNameStart(c) {
                while index < chars.count, isNameChar(chars[index]) { out.append(chars[index]); index += 1 }
                continue
            }
            out.append(c)
            index += 1
        }
        return String(out)
    }

    /// A reference endpoint starting at `start` (with its sheet prefix), and where it ends.
    private static func parseReference(_ chars: [Unicode.Scalar], at start: Int) -> (Reference, Int)? {
        if start > 0, isNameChar(chars[start - 1]) { return nil }
        var index = start
        var sheet: String?
        var sheetText = ""
        // 'Quoted sheet'! or Plain!
        if chars[index] == "'" {
            var name = String.UnicodeScalarView()
            var cursor = index + 1
            while cursor < chars.count {
                if chars[cursor] == "'" {
                    if cursor + 1 < chars.count, chars[cursor + 1] == "'" { name.append("'"); cursor += 2; continue }
                    break
                }
                name.append(chars[cursor]); cursor += 1
            }
            guard cursor + 1 < chars.count, chars[cursor] == "'", chars[cursor + 1] == "!" else { return nil }
            sheet = String(name)
            sheetText = String(String.UnicodeScalarView(chars[index...(cursor + 1)]))
            index = cursor + 2
        } else if isNameStart(chars[index]) {
            var cursor = index
            while cursor < chars.count, isNameChar(chars[cursor]) { cursor += 1 }
            if cursor < chars.count, chars[cursor] == "!" {
                sheet = String(String.UnicodeScalarView(chars[index..<cursor]))
                sheetText = sheet! + "!"
                index = cursor + 1
            }
        }
        guard index < chars.count else { return nil }
        var cursor = index
        var columnAbsolute = false, rowAbsolute = false
        if chars[cursor] == "$" { columnAbsolute = true; cursor += 1 }
        var letters = ""
        while cursor < chars.count, letters.count < 4, chars[cursor].isASCII, chars[cursor].properties.isAlphabetic {
            letters.unicodeScalars.append(chars[cursor]); cursor += 1
        }
        var column = letters.isEmpty ? nil : CellReference.columnNumber(letters)
        if !letters.isEmpty && column == nil { return nil }
        if letters.isEmpty { columnAbsolute = false; rowAbsolute = chars[index] == "$"; cursor = index + (rowAbsolute ? 1 : 0) }
        if !letters.isEmpty, cursor < chars.count, chars[cursor] == "$" { rowAbsolute = true; cursor += 1 }
        var digits = 0, row = 0
        while cursor < chars.count, let digit = Int(String(chars[cursor])), chars[cursor].isASCII, digits < 8 {
            row = row * 10 + digit; digits += 1; cursor += 1
        }
        // What follows must not continue a name or call a function.
        if cursor < chars.count, isNameChar(chars[cursor]) || chars[cursor] == "(" { return nil }
        let colonBefore = start > 0 && chars[start - 1] == ":"
        let colonAfter = cursor < chars.count && chars[cursor] == ":"
        if digits == 0 {
            // A whole column (A:C) only as part of a range.
            guard column != nil, !rowAbsolute, colonBefore || colonAfter else { return nil }
            return (Reference(sheet: sheet, sheetText: sheetText, column: column, columnAbsolute: columnAbsolute, row: nil, rowAbsolute: false), cursor)
        }
        if column == nil {
            // A whole row (1:3) only as part of a range.
            guard colonBefore || colonAfter else { return nil }
        }
        column = column.map { $0 }
        return (Reference(sheet: sheet, sheetText: sheetText, column: column, columnAbsolute: columnAbsolute, row: row, rowAbsolute: rowAbsolute), cursor)
    }

    private static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || c == "_" || c == "\\"
    }

    private static func isNameChar(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || c == "_" || c == "." || c == "\\" || (c.isASCII && c.properties.numericType != nil)
    }
}
