/// Where the printed pages of a sheet break, worked out while its rows are written, so each sheet
/// can say "第 1 页，共 N 页" of its own pages — Excel's and LibreOffice's `&N` count the pages of
/// everything printed at once, every sheet of the workbook.
///
/// The sheet is printed one page wide at a scale we choose (what "fit to one page wide" would
/// choose, a little smaller to be safe), and breaks go where the rows fill a page, with room to
/// spare, so no program needs a break of its own: the page count is then the same in Excel,
/// WPS and LibreOffice. Heights are in points, widths in Excel's character units.
public struct Pagination: Sendable {
    /// Paper and margins, from `pageSetup` and `pageMargins`.
    public struct Page: Sendable {
        /// Paper size in points, portrait (A4 unless `pageSetup` names another known size).
        public var width = 595.3, height = 841.9
        public var landscape = false
        /// Margins in inches, as `pageMargins` gives them.
        public var left = 0.7, right = 0.7, top = 0.75, bottom = 0.75

        public init() {}

        /// Takes a `paperSize` code (1 Letter, 8 A3, 9 A4, 11 A5; others as A4).
        public mutating func paper(_ code: Int) {
            switch code {
            case 1: (width, height) = (612, 792)
            case 8: (width, height) = (841.9, 1190.6)
            case 11: (width, height) = (419.5, 595.3)
            default: (width, height) = (595.3, 841.9)
            }
        }

        var printableWidth: Double { (landscape ? height : width) - (left + right) * 72 }
        var printableHeight: Double { (landscape ? width : height) - (top + bottom) * 72 }
    }

    /// The scale in percent, 10…100.
    public let scale: Int
    /// Rows after which a new page starts, in order.
    public private(set) var breaks: [Int] = []
    private let capacity: Double
    private let titleRows: ClosedRange<Int>?
    private var titleHeight = 0.0
    private var used = 0.0
    private var lastRow = 0

    /// Room kept free on each page, for differences in how programs measure rows and fonts.
    static let slack = 0.9

    /// - Parameters:
    ///   - contentWidth: the printed columns' total width in characters.
    ///   - digitWidth: the width of a digit of the workbook's default font, in pixels (7 for
    ///     Calibri 11 and 宋体 10.5; 8 for 宋体 12).
    ///   - titleRows: rows repeated at the top of every page (print titles).
    public init(page: Page, contentWidth: Double, digitWidth: Double = 7, titleRows: ClosedRange<Int>?) {
        // Programs draw columns a little wider than the digit count (padding, font metrics): 10 % kept free.
        let widthInPoints = max(1, contentWidth * digitWidth * 0.75 * 1.10)
        scale = max(10, min(100, Int((page.printableWidth / widthInPoints * 100).rounded(.down))))
        capacity = page.printableHeight * Pagination.slack / (Double(scale) / 100)
        self.titleRows = titleRows
    }

    /// Takes in the next printed row and its height; rows not written (empty ones) count with
    /// `defaultHeight` when a later row is added.
    public mutating func add(row: Int, height: Double, defaultHeight: Double) {
        if row > lastRow + 1 {
            for skipped in (lastRow + 1)..<row { place(skipped, defaultHeight) }
        }
        place(row, height)
    }

    private mutating func place(_ row: Int, _ height: Double) {
        lastRow = row
        if let titleRows, titleRows.contains(row) { titleHeight += height }
        if used + height > capacity, used > 0, row - 1 > (titleRows?.upperBound ?? 0) {
            breaks.append(row - 1)
            used = titleHeight
        }
        used += height
    }

    /// Pages the rows take.
    public var pageCount: Int { breaks.count + 1 }

    /// The `<rowBreaks>` element of the breaks (empty when there are none).
    public var rowBreaksXML: String {
        guard !breaks.isEmpty else { return "" }
        return "<rowBreaks count=\"\(breaks.count)\" manualBreakCount=\"\(breaks.count)\">"
            + breaks.map { "<brk id=\"\($0)\" max=\"16383\" man=\"1\"/>" }.joined() + "</rowBreaks>"
    }

    /// `text` (a header or footer) with `&N`, the page total, replaced by this sheet's own count.
    public func footer(_ text: String) -> String {
        text.replacingOccurrences(of: "&N", with: String(pageCount))
    }
}
