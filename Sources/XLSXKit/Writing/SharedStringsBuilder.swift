/// Collects the strings a workbook writes into `xl/sharedStrings.xml`.
///
/// Memory grows with the number of distinct strings, so the table has a cap: past it, strings
/// not yet in the table are written inline in the sheet instead (`t="inlineStr"`), which Excel,
/// WPS and LibreOffice all read. Set the cap to 0 to write every string inline.
final class SharedStringsBuilder {
    private var indexes: [String: Int] = [:]
    private var strings: [String] = []
    private(set) var references = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// The table index for `text`, or nil when it must be written inline.
    func index(for text: String) -> Int? {
        if let index = indexes[text] {
            references += 1
            return index
        }
        guard strings.count < capacity else { return nil }
        strings.append(text)
        indexes[text] = strings.count - 1
        references += 1
        return strings.count - 1
    }

    var isEmpty: Bool { strings.isEmpty }

    /// Writes the part.
    func write(to xml: XMLWriter) throws {
        xml.declaration()
        xml.raw("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"")
        xml.attribute("count", references)
        xml.attribute("uniqueCount", strings.count)
        xml.raw(">")
        for text in strings {
            xml.raw("<si>")
            SharedStringsBuilder.writeText(text, to: xml)
            xml.raw("</si>")
            try xml.flushIfNeeded()
        }
        xml.raw("</sst>")
        try xml.flush()
    }

    /// `<t>` with `xml:space="preserve"` when the text has surrounding whitespace (which Excel would trim otherwise).
    static func writeText(_ text: String, to xml: XMLWriter) {
        let utf8 = text.utf8
        if let first = utf8.first, let last = utf8.last,
           XMLWhitespace.isWhitespace(first) || XMLWhitespace.isWhitespace(last) {
            xml.raw("<t xml:space=\"preserve\">")
        } else {
            xml.raw("<t>")
        }
        xml.text(text)
        xml.raw("</t>")
    }
}
