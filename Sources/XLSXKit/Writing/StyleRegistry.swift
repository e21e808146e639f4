/// Collects the styles a workbook uses and writes `xl/styles.xml`, de-duplicating fonts, fills,
/// borders and number formats.
final class StyleRegistry {
    private var fonts: [CellStyle.Font] = [CellStyle.Font()]
    private var fills: [String?] = [nil, nil] // 0 none, 1 gray125 (both required by Excel)
    private var borders: [Bool] = [false]
    private var formats: [String: Int] = [:]
    private var formatOrder: [(Int, String)] = []
    private var styles: [CellStyle] = [.standard]
    private var index: [CellStyle: Int] = [.standard: 0]
    /// Number format kind per style index, to know which styles show dates.
    private(set) var kinds: [NumberFormat.Kind] = [.number]

    /// Built-in format ids Excel knows without a code (locale-independent ones).
    private static let builtIn: [String: Int] = [
        "General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "0.00E+00": 11, "@": 49,
    ]

    /// The id for a style, registering it on first use.
    func id(for style: CellStyle) -> StyleID {
        if let existing = index[style] { return StyleID(index: existing) }
        styles.append(style)
        index[style] = styles.count - 1
        kinds.append(style.numberFormat.map { NumberFormat.kind(of: $0) } ?? .number)
        return StyleID(index: styles.count - 1)
    }

    /// The style registered under an id.
    func style(_ id: StyleID) -> CellStyle { styles[id.index] }

    /// The styles part.
    func xml() -> [UInt8] {
        var xfs: [(font: Int, fill: Int, border: Int, format: Int, style: CellStyle)] = []
        for style in styles {
            let font = position(of: style.font, in: &fonts)
            let fill = style.fill.map { colour in position(of: Optional(colour), in: &fills, from: 2) } ?? 0
            let border = position(of: style.bordered, in: &borders)
            xfs.append((font, fill, border, formatId(style.numberFormat), style))
        }
        let (w, result) = XMLWriter.collecting()
        w.declaration()
        w.raw("<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">")
        if !formatOrder.isEmpty {
            w.raw("<numFmts"); w.attribute("count", formatOrder.count); w.raw(">")
            for (id, code) in formatOrder {
                w.raw("<numFmt"); w.attribute("numFmtId", id); w.attribute("formatCode", code); w.raw("/>")
            }
            w.raw("</numFmts>")
        }
        w.raw("<fonts"); w.attribute("count", fonts.count); w.raw(">")
        for font in fonts { StyleRegistry.write(font, into: w) }
        w.raw("</fonts>")
        w.raw("<fills"); w.attribute("count", fills.count); w.raw(">")
        w.raw("<fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>")
        for colour in fills.dropFirst(2) { StyleRegistry.writeFill(colour ?? "FFFFFFFF", into: w) }
        w.raw("</fills>")
        w.raw("<borders"); w.attribute("count", borders.count); w.raw(">")
        for bordered in borders { StyleRegistry.writeBorder(bordered, into: w) }
        w.raw("</borders>")
        w.raw("<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>")
        w.raw("<cellXfs"); w.attribute("count", xfs.count); w.raw(">")
        for xf in xfs {
            w.raw("<xf"); w.attribute("numFmtId", xf.format); w.attribute("fontId", xf.font)
            w.attribute("fillId", xf.fill); w.attribute("borderId", xf.border); w.raw(" xfId=\"0\"")
            if xf.format != 0 { w.raw(" applyNumberFormat=\"1\"") }
            if xf.font != 0 { w.raw(" applyFont=\"1\"") }
            if xf.fill != 0 { w.raw(" applyFill=\"1\"") }
            if xf.border != 0 { w.raw(" applyBorder=\"1\"") }
            if xf.style.quotePrefix { w.raw(" quotePrefix=\"1\"") }
            if xf.style.hasAlignment { w.raw(" applyAlignment=\"1\">") } else { w.raw("/>") }
            StyleRegistry.writeAlignment(of: xf.style, into: w)
            if xf.style.hasAlignment { w.raw("</xf>") }
        }
        w.raw("</cellXfs>")
        w.raw("<cellStyles count=\"1\"><cellStyle name=\"常规\" xfId=\"0\" builtinId=\"0\"/></cellStyles>")
        w.raw("<dxfs count=\"0\"/><tableStyles count=\"0\"/></styleSheet>")
        return result()
    }

    // MARK: Pieces of the styles part, also used when the editor adds styles to a workbook

    static func write(_ font: CellStyle.Font, into w: XMLWriter) {
        w.raw("<font>")
        if font.bold { w.raw("<b/>") }
        if font.italic { w.raw("<i/>") }
        w.raw("<sz val=\""); w.number(font.size); w.raw("\"/>")
        if let colour = font.color { w.raw("<color"); w.attribute("rgb", colour); w.raw("/>") }
        w.raw("<name"); w.attribute("val", font.name); w.raw("/><family val=\"3\"/><charset val=\"134\"/></font>")
    }

    static func writeFill(_ colour: String, into w: XMLWriter) {
        w.raw("<fill><patternFill patternType=\"solid\"><fgColor"); w.attribute("rgb", colour)
        w.raw("/><bgColor indexed=\"64\"/></patternFill></fill>")
    }

    static func writeBorder(_ bordered: Bool, into w: XMLWriter) {
        if bordered {
            w.raw("<border><left style=\"thin\"><color auto=\"1\"/></left><right style=\"thin\"><color auto=\"1\"/></right>")
            w.raw("<top style=\"thin\"><color auto=\"1\"/></top><bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border>")
        } else {
            w.raw("<border><left/><right/><top/><bottom/><diagonal/></border>")
        }
    }

    /// The `<alignment>` of a style, nothing when it has none.
    static func writeAlignment(of style: CellStyle, into w: XMLWriter) {
        guard style.hasAlignment else { return }
        w.raw("<alignment")
        if let h = style.horizontal { w.attribute("horizontal", h.rawValue) }
        if let v = style.vertical { w.attribute("vertical", v.rawValue) }
        if style.wrap { w.raw(" wrapText=\"1\"") }
        w.raw("/>")
    }

    /// The built-in number format id of a code, nil when it needs a `numFmt` of its own.
    static func builtInFormat(_ code: String?) -> Int? {
        code.map { builtIn[$0] } ?? 0
    }

    private func formatId(_ code: String?) -> Int {
        guard let code else { return 0 }
        if let id = StyleRegistry.builtIn[code] { return id }
        if let id = formats[code] { return id }
        let id = 176 + formats.count
        formats[code] = id
        formatOrder.append((id, code))
        return id
    }

    private func position<T: Equatable>(of value: T, in list: inout [T], from start: Int = 0) -> Int {
        if let found = list[start...].firstIndex(of: value) { return found }
        list.append(value)
        return list.count - 1
    }
}
