/// How a written cell looks: font, fill, border, alignment and number format.
///
/// Styles are values; `WorkbookWriter.style(_:)` turns one into a `StyleID` once, and cells carry
/// the id. Equal styles share one entry in the styles part.
public struct CellStyle: Hashable, Sendable {
    /// A font. CJK names such as 宋体, 仿宋_GB2312, 黑体 are written as given.
    public struct Font: Hashable, Sendable {
        public var name: String
        public var size: Double
        public var bold: Bool
        public var italic: Bool
        /// ARGB hex such as `FFFF0000`, nil for automatic.
        public var color: String?

        public init(name: String = "宋体", size: Double = 11, bold: Bool = false, italic: Bool = false, color: String? = nil) {
            self.name = name; self.size = size; self.bold = bold; self.italic = italic; self.color = color
        }
    }

    /// Horizontal alignment.
    public enum Horizontal: String, Sendable { case left, center, right }
    /// Vertical alignment.
    public enum Vertical: String, Sendable { case top, center, bottom }

    public var font: Font
    /// Solid fill colour as ARGB hex (`FFFFFF00` yellow), nil for none.
    public var fill: String?
    /// Thin border on all four sides.
    public var bordered: Bool
    public var horizontal: Horizontal?
    public var vertical: Vertical?
    /// Wrap text in the cell.
    public var wrap: Bool
    /// Number format code: `@` text, `yyyy-mm-dd`, `#,##0.00` …; nil for General.
    public var numberFormat: String?
    /// Keep text that looks like a formula or number as text when a user edits the cell.
    public var quotePrefix: Bool

    public init(font: Font = Font(), fill: String? = nil, bordered: Bool = false, horizontal: Horizontal? = nil,
                vertical: Vertical? = nil, wrap: Bool = false, numberFormat: String? = nil, quotePrefix: Bool = false) {
        self.font = font; self.fill = fill; self.bordered = bordered; self.horizontal = horizontal
        self.vertical = vertical; self.wrap = wrap; self.numberFormat = numberFormat; self.quotePrefix = quotePrefix
    }

    /// The workbook default (宋体 11, General).
    public static let standard = CellStyle()
    /// Text format `@`: ID numbers, phone numbers, codes with leading zeros.
    public static let text = CellStyle(numberFormat: "@")
    /// ISO date `yyyy-mm-dd`.
    public static let date = CellStyle(numberFormat: "yyyy-mm-dd")
    /// Chinese date `yyyy"年"m"月"d"日"`.
    public static let chineseDate = CellStyle(numberFormat: "yyyy\"年\"m\"月\"d\"日\"")
    /// Amount `#,##0.00`.
    public static let amount = CellStyle(numberFormat: "#,##0.00")
    /// A header cell: bold, centred, bordered, light grey.
    public static let header = CellStyle(font: Font(bold: true), fill: "FFD9D9D9", bordered: true,
                                         horizontal: .center, vertical: .center, wrap: true)

    /// Whether the style sets an alignment or wrapping.
    var hasAlignment: Bool { horizontal != nil || vertical != nil || wrap }

    /// A copy with another number format.
    public func with(numberFormat: String?) -> CellStyle {
        var copy = self
        copy.numberFormat = numberFormat
        return copy
    }
}

/// A style registered with a `WorkbookWriter`: the index of its cell format.
public struct StyleID: Hashable, Sendable {
    /// Index into `cellXfs`.
    public let index: Int
    /// The default style (index 0).
    public static let standard = StyleID(index: 0)
}
