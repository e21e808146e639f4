/// An OpenDocument spreadsheet (`.ods`, LibreOffice's own format), read the way
/// `WorkbookReader` reads an `.xlsx`: `content.xml` streamed through the same libxml2 SAX2
/// parser, each `table:table` a sheet, rows streamed one at a time.
///
/// Opening parses the start of `content.xml` for the automatic styles (hidden tables, column
/// widths) and finds the tables' names and offsets by a byte scan (no XML parse of the cells). When
/// meta.xml counts the tables (LibreOffice writes `meta:table-count`), the scan stops at the last
/// one's start tag, so a one-sheet file is not inflated twice; reading that last sheet then checks
/// that no table follows. Reading a sheet parses the prologue and that table only: the bytes of
/// the tables before it are inflated but not parsed. Repeated rows
/// and cells (`table:number-rows-repeated`, `number-columns-repeated`) are expanded only where
/// cells hold values, so a sheet styled down to row 1,048,576 costs nothing; repetition that
/// would make more than `maxRepeatedCells` cells is refused as a bomb.
final class OpenDocumentWorkbook {
    /// The most cells repetition may produce in one sheet.
    static let maxRepeatedCells = 20_000_000

    let archive: ZipArchive
    let content: ZipEntry
    let sheets: [SheetInfo]
    /// Where each sheet's `table:table` tag starts in the inflated content.xml.
    private let tableOffsets: [UInt64]
    /// Whether the scan read all of content.xml (false: it stopped at meta.xml's count).
    private let scanComplete: Bool
    /// Column widths in characters by column style name.
    let columnWidths: [String: Double]

    /// Whether `archive` is an OpenDocument spreadsheet (its `mimetype` entry says so).
    static func isSpreadsheet(_ archive: ZipArchive) -> Bool {
        guard archive.entry(named: "[Content_Types].xml") == nil, let mimetype = archive.entry(named: "mimetype"),
              mimetype.uncompressedSize < 200, let bytes = try? archive.contents(of: mimetype) else { return false }
        return String(decoding: bytes, as: UTF8.self).hasPrefix("application/vnd.oasis.opendocument.spreadsheet")
    }

    init(_ archive: ZipArchive) throws {
        self.archive = archive
        guard let content = archive.entry(named: "content.xml") else {
            throw XLSXError(.missingPart, "OpenDocument spreadsheet without content.xml", file: archive.path, part: "content.xml")
        }
        self.content = content
        let countedTables = OpenDocumentWorkbook.tableCount(in: archive)
        let styles = AutomaticStyles()
        let session = XMLPushParser.Session(handler: styles, part: content.name, file: archive.path)
        defer { session.close() }
        var scanner = TableTagScanner()
        var parsing = true
        do {
            try archive.stream(content) { chunk in
                if parsing {
                    do { try session.feed(chunk) } catch is AutomaticStyles.Done { parsing = false }
                }
                scanner.scan(chunk, limit: countedTables ?? .max)
                if !parsing, let countedTables, scanner.tables.count >= countedTables { throw ScannedEnough() }
            }
            scanComplete = true
        } catch is ScannedEnough {
            scanComplete = false
        }
        if parsing { try session.finish() }
        sheets = scanner.tables.enumerated().map { index, table in
            SheetInfo(name: table.name, index: index, state: styles.hiddenTableStyles.contains(table.style) ? .hidden : .visible,
                      kind: .worksheet, part: nil)
        }
        tableOffsets = scanner.tables.map(\.offset)
        columnWidths = styles.columnWidths
    }

    private struct ScannedEnough: Error {}

    /// Streams the rows of `sheet` while `body` returns true. The bytes from the first table's
    /// start to this one's are not parsed.
    func readRows(in sheet: SheetInfo, while body: @escaping (RowView) throws -> Bool) throws -> WorksheetSummary {
        let isLastOfCount = !scanComplete && sheet.index == sheets.count - 1
        let parser = OpenDocumentSheetParser(name: sheet.name, columnWidths: columnWidths, checkingForMoreTables: isLastOfCount, body: body)
        let session = XMLPushParser.Session(handler: parser, part: content.name, file: archive.path)
        defer { session.close() }
        let firstTable = tableOffsets[0], table = tableOffsets[sheet.index]
        var position: UInt64 = 0
        do {
            try archive.stream(content) { chunk in
                let start = position
                position += UInt64(chunk.count)
                if start < firstTable {
                    try session.feed(UnsafeRawBufferPointer(rebasing: chunk[..<Int(min(position, firstTable) - start)]))
                }
                if position > table {
                    try session.feed(UnsafeRawBufferPointer(rebasing: chunk[Int(max(start, table) - start)...]))
                }
            }
            try session.finish()
        } catch is OpenDocumentSheetParser.Done {
            // The table ended, or the caller asked to stop.
        }
        return parser.finishedSummary()
    }

    /// `meta:table-count` from meta.xml, if the file has one that says so.
    private static func tableCount(in archive: ZipArchive) -> Int? {
        guard let meta = archive.entry(named: "meta.xml"), meta.uncompressedSize < 1 << 20,
              let bytes = try? archive.contents(of: meta) else { return nil }
        final class Statistic: XMLEventHandler {
            var tables: Int?
            override func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
                if name.is("document-statistic") { tables = attributes["table-count"]?.integer }
            }
        }
        let statistic = Statistic()
        guard (try? XMLPushParser.parse(bytes, part: meta.name, file: archive.path, with: statistic)) != nil,
              let tables = statistic.tables, tables > 0 else { return nil }
        return tables
    }

    /// The automatic styles the sheets need, from the start of content.xml up to `office:body`.
    private final class AutomaticStyles: XMLEventHandler {
        struct Done: Error {}
        var hiddenTableStyles = Set<String>()
        var columnWidths: [String: Double] = [:]
        private var style: (name: String, family: String)?

        override func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
            if name.is("body") {
                failure = Done()
            } else if name.is("style") {
                style = (attributes["name"]?.string ?? "", attributes["family"]?.string ?? "")
            } else if name.is("table-properties"), let style, style.family == "table", attributes["display"]?.equals("false") == true {
                hiddenTableStyles.insert(style.name)
            } else if name.is("table-column-properties"), let style, let width = attributes["column-width"].flatMap({ OpenDocumentWorkbook.characters($0.string) }) {
                columnWidths[style.name] = width
            }
        }

        override func endElement(_ name: XMLName) {
            if name.is("style") { style = nil }
        }
    }

    /// A length (`2.258cm`, `0.889in`, `64pt`, `20mm`) as a column width in characters (a
    /// character of the default font is about 5.25 pt wide, plus Excel's padding).
    static func characters(_ length: String) -> Double? {
        let units: [(String, Double)] = [("cm", 72 / 2.54), ("mm", 72 / 25.4), ("in", 72), ("pt", 1), ("pc", 12), ("px", 0.75)]
        for (unit, points) in units where length.hasSuffix(unit) {
            guard let value = Double(length.dropLast(unit.count)) else { return nil }
            return max(0, ((value * points - 5) / 5.25 * 100).rounded() / 100)
        }
        return nil
    }
}
