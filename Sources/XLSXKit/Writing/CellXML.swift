/// The XML of one cell (`<c>`), shared by the writer, the editor and the template filler.
enum CellXML {
    /// Writes a cell. `sharedString` returns a table index for a string, or nil to write it inline.
    /// Strings are always written as text: only `formula` makes a formula. Text longer than Excel
    /// allows is cut (`ExcelLimits.cellText`) and its length before the cut returned, for the
    /// caller to report; nil when nothing was cut.
    @inline(__always) @discardableResult
    static func write(_ value: CellValue, formula: String?, style: Int, row: Int, column: Int,
                      into xml: XMLWriter, sharedString: (String) -> Int?) -> Int? {
        if case .string(let text) = value, let cut = ExcelLimits.cut(text) {
            write(.string(cut), formula: formula, style: style, row: row, column: column, into: xml, sharedString: sharedString)
            return text.utf16.count
        }
        xml.raw("<c r=\"")
        xml.cellReference(row: row, column: column)
        xml.raw("\"")
        if style != 0 {
            xml.raw(" s=\""); xml.integer(style); xml.raw("\"")
        }
        if let formula {
            switch value {
            case .string: xml.raw(" t=\"str\"")
            case .boolean: xml.raw(" t=\"b\"")
            case .error: xml.raw(" t=\"e\"")
            default: break
            }
            xml.raw("><f>"); xml.text(formula); xml.raw("</f>")
            scalar(value, into: xml)
            xml.raw("</c>")
            return nil
        }
        switch value {
        case .empty:
            xml.raw("/>")
        case .string(let text):
            if let index = sharedString(text) {
                xml.raw(" t=\"s\"><v>"); xml.integer(index); xml.raw("</v></c>")
            } else {
                xml.raw(" t=\"inlineStr\"><is>")
                SharedStringsBuilder.writeText(text, to: xml)
                xml.raw("</is></c>")
            }
        case .boolean:
            xml.raw(" t=\"b\">"); scalar(value, into: xml); xml.raw("</c>")
        case .error:
            xml.raw(" t=\"e\">"); scalar(value, into: xml); xml.raw("</c>")
        default:
            xml.raw(">"); scalar(value, into: xml); xml.raw("</c>")
        }
        return nil
    }

    /// The `<v>` of a value (nothing for empty).
    private static func scalar(_ value: CellValue, into xml: XMLWriter) {
        switch value {
        case .number(let number): xml.raw("<v>"); xml.number(number); xml.raw("</v>")
        case .date(let date): xml.raw("<v>"); xml.number(date.serial()); xml.raw("</v>")
        case .duration(let days): xml.raw("<v>"); xml.number(days); xml.raw("</v>")
        case .boolean(let flag): xml.raw(flag ? "<v>1</v>" : "<v>0</v>")
        case .error(let text), .string(let text): xml.raw("<v>"); xml.text(text); xml.raw("</v>")
        case .empty: break
        }
    }
}
