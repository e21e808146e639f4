/// How a written sheet is laid out and printed, decided when the sheet is added.
public struct SheetSetup: Sendable {
    /// One column's width and visibility.
    public struct Column: Sendable, Equatable {
        /// 1-based column number.
        public var index: Int
        /// Width in Excel's character units, nil to fit or leave default.
        public var width: Double?
        public var hidden: Bool
        public init(_ index: Int, width: Double? = nil, hidden: Bool = false) {
            self.index = index; self.width = width; self.hidden = hidden
        }
    }

    /// Page setup for printing.
    public struct Print: Sendable, Equatable {
        /// A4 paper.
        public var a4: Bool
        public var landscape: Bool
        /// Shrink to one page wide (any number of pages tall).
        public var fitToWidth: Bool
        /// Rows repeated at the top of every printed page (print titles), e.g. 1...3.
        public var repeatRows: ClosedRange<Int>?
        /// Footer with page numbers: `第 &P 页，共 &N 页` centred.
        public var pageNumbers: Bool
        public init(a4: Bool = true, landscape: Bool = true, fitToWidth: Bool = true,
                    repeatRows: ClosedRange<Int>? = nil, pageNumbers: Bool = true) {
            self.a4 = a4; self.landscape = landscape; self.fitToWidth = fitToWidth
            self.repeatRows = repeatRows; self.pageNumbers = pageNumbers
        }
    }

    /// Explicit column widths and hidden columns.
    public var columns: [Column]
    /// Fit the widths of columns without an explicit width to their content (CJK counted double),
    /// judged on the first 10,000 rows.
    public var fitColumns: Bool
    /// The first cell that scrolls: `A4` freezes rows 1–3; `B2` freezes row 1 and column A.
    public var freeze: CellReference?
    /// Range with filter buttons (usually the header row through the last data row).
    public var autoFilter: CellRange?
    public var print: Print?
    public var state: SheetState

    public init(columns: [Column] = [], fitColumns: Bool = false, freeze: CellReference? = nil,
                autoFilter: CellRange? = nil, print: Print? = nil, state: SheetState = .visible) {
        self.columns = columns; self.fitColumns = fitColumns; self.freeze = freeze
        self.autoFilter = autoFilter; self.print = print; self.state = state
    }
}

/// A list drop-down on a range of cells (e.g. 人员类别).
public struct ListValidation: Sendable, Equatable {
    public var range: CellRange
    /// The allowed values (their total length must stay under Excel's 255 characters).
    public var values: [String]
    /// Message shown when a typed value is not in the list.
    public var errorMessage: String?

    public init(range: CellRange, values: [String], errorMessage: String? = nil) {
        self.range = range; self.values = values; self.errorMessage = errorMessage
    }
}

/// A cell comment (note), shown by Excel, WPS and LibreOffice alike.
public struct CellComment: Sendable, Equatable {
    public var cell: CellReference
    public var text: String
    public var author: String

    public init(cell: CellReference, text: String, author: String = "sheetflow") {
        self.cell = cell; self.text = text; self.author = author
    }
}

/// One cell to write: a value, an optional style, an optional formula (whose cached result is `value`).
public struct WriteCell: Sendable {
    public var value: CellValue
    public var style: StyleID?
    /// Formula text without `=`. Only this makes a formula: strings are always written as text.
    public var formula: String?

    public init(_ value: CellValue, style: StyleID? = nil, formula: String? = nil) {
        self.value = value; self.style = style; self.formula = formula
    }

    /// An empty cell (nothing written unless styled).
    public static let empty = WriteCell(.empty)
}

extension WriteCell: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self.init(.string(value)) }
    public init(floatLiteral value: Double) { self.init(.number(value)) }
    public init(integerLiteral value: Int) { self.init(.number(Double(value))) }
}
