/// A workbook filled from a template (by sheetflow or by hand), read back in the template's terms:
/// the single values its text cells carry, each repeated row's records by field, and the row that
/// follows the records (a 合计 row). The inverse of `TemplateFiller` for forms a person may have
/// typed into: header cells are compared with the template's, and differences are reported
/// rather than guessed around.
///
/// ```swift
/// let filled = try FilledTemplate(template: "附件3.xlsx", filled: "武江区统计表.xlsx")
/// let town = filled.sheets["附表9"]?.lists["建档立卡"]?.records.first?.values["乡镇（街道）"]
/// ```
public struct FilledTemplate: Sendable {
    /// One repeated row's records as found in the filled sheet.
    public struct List: Sendable {
        /// Column (1-based) → field, from the template's repeated row.
        public var columns: [Int: String]
        /// The records, top to bottom; rows with no value in any field column are skipped.
        public var records: [Record]
        /// The row after the records that matches the template's next row (e.g. 合计), if found.
        public var following: Row?
    }

    /// One record: where it is and its values by field.
    public struct Record: Sendable {
        public var row: Int
        public var values: [String: CellValue]
    }

    /// One sheet's content in template terms.
    public struct Sheet: Sendable {
        public var name: String
        /// Single placeholders recovered from mixed text (`填报单位：{填报单位}` → 武江区), without whitespace.
        public var values: [String: String] = [:]
        /// List name → its records.
        public var lists: [String: List] = [:]
        /// Header cells that differ from the template's, and the like.
        public var mismatches: [XLSXError] = []
    }

    /// Sheets of the template found in the filled workbook, by name.
    public var sheets: [String: Sheet] = [:]
    /// Template sheets the filled workbook lacks.
    public var missingSheets: [String] = []

    /// Reads `filled` against `template`. Sheets are matched by name; a sheet with one repeated
    /// row is read from that row down to the row matching the template's next row.
    public init(template: String, filled: String) throws {
        let templateReader = try WorkbookReader(path: template)
        try templateReader.requireXLSX()
        let filledReader = try WorkbookReader(path: filled)
        for templateSheet in templateReader.sheets where templateSheet.kind == .worksheet {
            var templateRows: [Row] = []
            try templateReader.forEachRow(in: templateSheet) { templateRows.append($0.materialize()) }
            guard let repeatRow = templateRows.first(where: { row in row.cells.contains { FilledTemplate.text(of: $0)?.list != nil } }) else { continue }
            guard let filledSheet = filledReader.sheets.first(where: { $0.name == templateSheet.name && $0.kind == .worksheet }) else {
                missingSheets.append(templateSheet.name)
                continue
            }
            var rows: [Row] = []
            try filledReader.forEachRow(in: filledSheet) { rows.append($0.materialize()) }
            sheets[templateSheet.name] = FilledTemplate.read(rows, sheet: templateSheet.name, file: filled,
                                                            templateRows: templateRows, repeatRow: repeatRow)
        }
    }

    private static func text(of cell: Cell) -> TemplateText? {
        if case .string(let string) = cell.value { TemplateText(string) } else { nil }
    }

    private static func read(_ rows: [Row], sheet name: String, file: String, templateRows: [Row], repeatRow: Row) -> Sheet {
        var sheet = Sheet(name: name)
        let byIndex = Dictionary(rows.map { ($0.index, $0) }, uniquingKeysWith: { first, _ in first })
        func filledValue(_ reference: CellReference) -> CellValue {
            byIndex[reference.row]?.cells.first { $0.reference.column == reference.column }?.value ?? .empty
        }
        // Above the records: literal header text must match; mixed text gives back its singles.
        for templateRow in templateRows where templateRow.index < repeatRow.index {
            for cell in templateRow.cells {
                guard case .string(let expected) = cell.value, cell.formula == nil else { continue }
                let found = filledValue(cell.reference).text
                if let text = TemplateText(expected) {
                    // Words in front of a title are allowed: older forms put the place or office there.
                    if let values = text.match(found, allowingLeadingText: true) {
                        for (single, value) in values.sorted(by: { $0.key < $1.key }) {
                            guard let earlier = sheet.values[single], earlier != value else {
                                sheet.values[single] = value
                                continue
                            }
                            // A title naming the place and a line naming its office (武江区 / 武江区社保局)
                            // say the same: the longer is kept.
                            if !earlier.isEmpty, !value.isEmpty, earlier.hasPrefix(value) || value.hasPrefix(earlier) {
                                sheet.values[single] = value.count > earlier.count ? value : earlier
                            } else {
                                sheet.mismatches.append(XLSXError(.templateMismatch, "「\(single)」在本表中前后不一致：先为「\(earlier)」，此处为「\(value)」",
                                                                  file: file, sheet: name, cell: cell.reference.description))
                            }
                        }
                    } else if !text.singles.isEmpty {
                        sheet.mismatches.append(XLSXError(.templateMismatch, "此格应为「\(expected)」的格式，实际为「\(found)」",
                                                          file: file, sheet: name, cell: cell.reference.description))
                    }
                } else if squeezed(found) != squeezed(expected) {
                    sheet.mismatches.append(XLSXError(.templateMismatch, "表头与模板不一致：应为「\(expected)」，实际为「\(found)」",
                                                      file: file, sheet: name, cell: cell.reference.description))
                }
            }
        }
        // The records run from the repeated row to the row matching the next template row's label.
        var columns: [Int: String] = [:]
        for cell in repeatRow.cells {
            if let field = text(of: cell)?.fields.first, text(of: cell)?.segments.count == 1 { columns[cell.reference.column] = field.name }
        }
        let list = text(of: repeatRow.cells.first { text(of: $0)?.list != nil }!)!.list!
        let markers: [(column: Int, text: String)] = templateRows.filter { $0.index > repeatRow.index }.compactMap { row in
            row.cells.first { if case .string(let s) = $0.value { !s.isEmpty && TemplateText(s) == nil } else { false } }
                .map { ($0.reference.column, squeezed($0.value.text)) }
        }
        var records: [Record] = []
        var following: Row?
        for row in rows where row.index >= repeatRow.index {
            if let marker = markers.first(where: { marker in squeezed(row.value(atColumn: marker.column).text) == marker.text }) {
                if marker.text == markers.first?.text { following = row }
                break
            }
            var values: [String: CellValue] = [:]
            for cell in row.cells { if let field = columns[cell.reference.column], cell.value != .empty { values[field] = cell.value } }
            if !values.isEmpty { records.append(Record(row: row.index, values: values)) }
        }
        sheet.lists[list] = List(columns: columns, records: records, following: following)
        return sheet
    }

    /// Text compared without any whitespace (full-width included) — people re-type headers.
    static func squeezed(_ text: String) -> String {
        String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }
}

extension TemplateText {
    /// The single values that make `text` out of this template text, or nil when its literal parts
    /// are not there. Only for texts with singles and literals (no list fields). With
    /// `allowingLeadingText`, text before a template that starts with a literal is passed over.
    func match(_ text: String, allowingLeadingText: Bool = false) -> [String: String]? {
        guard fields.isEmpty, !singles.isEmpty else { return nil }
        var values: [String: String] = [:]
        var rest = Substring(FilledTemplate.squeezed(text))
        let start = rest.startIndex
        var pending: String?
        for segment in segments {
            switch segment {
            case .literal(let literal):
                let literal = FilledTemplate.squeezed(literal)
                guard !literal.isEmpty else { continue }
                guard let found = rest.range(of: literal) else { return nil }
                if let name = pending {
                    values[name] = String(rest[..<found.lowerBound])
                    pending = nil
                } else if found.lowerBound != rest.startIndex && !(allowingLeadingText && values.isEmpty && rest.startIndex == start) {
                    return nil
                }
                rest = rest[found.upperBound...]
            case .single(let name):
                if let previous = pending { values[previous] = "" }
                pending = name
            case .field:
                return nil
            }
        }
        if let name = pending { values[name] = String(rest) } else if !rest.isEmpty { return nil }
        return values
    }
}
