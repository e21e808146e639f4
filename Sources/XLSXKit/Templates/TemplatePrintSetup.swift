/// How a template sheet prints, read before it is filled: its paper and margins, whether it
/// prints one page wide with the page total (`&N`) in a header or footer, and whether it has page
/// breaks of its own. A sheet that prints one page wide with a page total, and sets no breaks,
/// has its pages counted while it is filled (`Pagination`), so "共 N 页" counts its own pages.
struct TemplatePrintSetup {
    var page = Pagination.Page()
    var fitsOnePageWide = false
    var showsPageTotal = false
    var hasOwnBreaks = false
    /// Height of rows without one of their own, in points.
    var defaultRowHeight = 15.0
    /// Rows repeated at the top of each page, and the printed columns, from the defined names.
    var titleRows: ClosedRange<Int>?
    var printedColumns: ClosedRange<Int>?

    var countsPages: Bool { fitsOnePageWide && showsPageTotal && !hasOwnBreaks }

    static func read(_ sheet: SheetInfo, part: String, reader: WorkbookReader) throws -> TemplatePrintSetup {
        let handler = Scanner()
        if let entry = reader.package.entry(part) { try XMLPushParser.parse(entry, in: reader.package.archive, with: handler) }
        var setup = handler.setup
        setup.fitsOnePageWide = handler.fitToPage && handler.fitToWidth == 1 && handler.fitToHeight == 0
        for name in reader.definedNames where name.localSheetIndex == sheet.index {
            let range = name.formula.split(separator: ",").first.map(String.init) ?? name.formula
            guard case .range(let cells, _)? = FormulaEvaluator.reference(range) else { continue }
            if name.name == "_xlnm.Print_Titles", cells.first.column == 1, cells.last.column == CellReference.maxColumn {
                setup.titleRows = cells.first.row...cells.last.row
            } else if name.name == "_xlnm.Print_Area" {
                setup.printedColumns = cells.first.column...cells.last.column
            }
        }
        return setup
    }

    private final class Scanner: XMLEventHandler {
        var setup = TemplatePrintSetup()
        var fitToPage = false
        var fitToWidth = 1, fitToHeight = 1
        private var inHeaderFooter = false
        private var text = ""

        override func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
            if name.is("pageSetUpPr") {
                fitToPage = attributes["fitToPage"]?.boolean ?? false
            } else if name.is("sheetFormatPr"), let height = attributes["defaultRowHeight"].flatMap({ Double($0.string) }) {
                setup.defaultRowHeight = height
            } else if name.is("pageMargins") {
                func inches(_ key: StaticString, _ fallback: Double) -> Double { attributes[key].flatMap { Double($0.string) } ?? fallback }
                setup.page.left = inches("left", 0.7); setup.page.right = inches("right", 0.7)
                setup.page.top = inches("top", 0.75); setup.page.bottom = inches("bottom", 0.75)
            } else if name.is("pageSetup") {
                setup.page.paper(attributes["paperSize"]?.integer ?? 9)
                setup.page.landscape = attributes["orientation"]?.equals("landscape") ?? false
                fitToWidth = attributes["fitToWidth"]?.integer ?? 1
                fitToHeight = attributes["fitToHeight"]?.integer ?? 1
            } else if name.is("rowBreaks") {
                setup.hasOwnBreaks = true
            } else if TemplatePrintSetup.headerFooterTexts.contains(name.string) {
                inHeaderFooter = true
                text = ""
            }
        }

        override func characters(_ text: UnsafeBufferPointer<UInt8>) {
            if inHeaderFooter { self.text += String(decoding: text, as: UTF8.self) }
        }

        override func endElement(_ name: XMLName) {
            if inHeaderFooter, TemplatePrintSetup.headerFooterTexts.contains(name.string) {
                inHeaderFooter = false
                if text.contains("&N") { setup.showsPageTotal = true }
            }
        }
    }

    /// The elements of `headerFooter` that hold text.
    static let headerFooterTexts: Set<String> = ["oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"]
}
