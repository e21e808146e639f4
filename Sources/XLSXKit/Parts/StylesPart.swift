/// `xl/styles.xml`, as far as reading values and laying out filled rows need it: each cell
/// format's number format, whether it wraps text, and its font size.
public struct StyleSheet: Sendable {
    /// No cell formats: every number is a number.
    public init() {}

    /// Number format id of each cell format (`cellXfs`), by style index.
    public private(set) var numberFormatIds: [Int] = []
    /// Custom number format codes by id (`numFmts`).
    public private(set) var numberFormatCodes: [Int: String] = [:]
    /// The kind of each cell format's number format, by style index (precomputed for the hot path).
    private(set) var kinds: [NumberFormat.Kind] = []
    /// Whether each cell format wraps text, by style index.
    private var wraps: [Bool] = []
    /// Font of each cell format, by style index, and each font's size in points.
    private var fontIds: [Int] = []
    private var fontSizes: [Double] = []
    private var fontNames: [String] = []

    /// The width of a digit of the workbook's default font (its first), in pixels: the unit of
    /// column widths. Calibri's digits are half an em; other fonts are taken at 0.6 em, what
    /// CJK fonts and the fonts programs put in their place come to at most.
    public var defaultDigitWidth: Double {
        let size = fontSizes.first ?? 11, name = fontNames.first ?? "Calibri"
        let em = ["Calibri", "Carlito"].contains(name) ? 0.51 : 0.6
        return max(5, size * 96 / 72 * em).rounded()
    }

    /// Whether style index `index` wraps text in its cells.
    public func wrapsText(forStyle index: Int) -> Bool {
        index >= 0 && index < wraps.count && wraps[index]
    }

    /// The font size of style index `index` in points (11 when the part does not say).
    public func fontSize(forStyle index: Int) -> Double {
        let font = index >= 0 && index < fontIds.count ? fontIds[index] : 0
        return font >= 0 && font < fontSizes.count ? fontSizes[font] : (fontSizes.first ?? 11)
    }

    /// Whether style index `index` shows numbers as dates or times, and which.
    @inline(__always)
    public func numberFormatKind(forStyle index: Int) -> NumberFormat.Kind {
        index >= 0 && index < kinds.count ? kinds[index] : .number
    }

    /// The number format id of a style (0, General, when out of range).
    public func numberFormatId(forStyle index: Int) -> Int {
        index >= 0 && index < numberFormatIds.count ? numberFormatIds[index] : 0
    }

    /// The number format code of a style (custom code, or nil for a built-in without code).
    public func numberFormatCode(forStyle index: Int) -> String? {
        guard index >= 0, index < numberFormatIds.count else { return nil }
        return numberFormatCodes[numberFormatIds[index]]
    }

    /// A number in a cell of style `index`: a date or time when the style's format shows it so.
    @inline(__always)
    func value(ofNumber number: Double, style index: Int, dateSystem: DateSystem) -> CellValue {
        let kind = numberFormatKind(forStyle: index)
        if kind == .duration { return .duration(number) }
        if kind.isDateOrTime, let date = ExcelDateTime(serial: number, system: dateSystem, timeOnly: kind == .time) {
            return .date(date)
        }
        return .number(number)
    }

    /// Cell formats given by their number formats alone (the .xls and .ods readers' styles).
    init(numberFormatIds: [Int], numberFormatCodes: [Int: String]) {
        self.numberFormatIds = numberFormatIds
        self.numberFormatCodes = numberFormatCodes
        kinds = numberFormatIds.map { NumberFormat.kind(id: $0, code: numberFormatCodes[$0]) }
    }

    /// Parses the part.
    static func parse(_ bytes: [UInt8], part: String, file: String?) throws -> StyleSheet {
        let handler = Handler()
        try XMLPushParser.parse(bytes, part: part, file: file, with: handler)
        var sheet = handler.result
        sheet.kinds = sheet.numberFormatIds.map { NumberFormat.kind(id: $0, code: sheet.numberFormatCodes[$0]) }
        return sheet
    }

    private final class Handler: XMLEventHandler {
        var result = StyleSheet()
        var inCellFormats = false, inFonts = false, inDifferentialFormats = false

        override func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
            if name.is("numFmt"), !inDifferentialFormats, let id = attributes["numFmtId"]?.integer, let code = attributes["formatCode"] {
                result.numberFormatCodes[id] = code.string
            } else if name.is("cellXfs") {
                inCellFormats = true
            } else if inCellFormats, name.is("xf") {
                result.numberFormatIds.append(attributes["numFmtId"]?.integer ?? 0)
                result.fontIds.append(attributes["fontId"]?.integer ?? 0)
                result.wraps.append(false)
            } else if inCellFormats, name.is("alignment"), attributes["wrapText"]?.boolean == true, !result.wraps.isEmpty {
                result.wraps[result.wraps.count - 1] = true
            } else if name.is("fonts") {
                inFonts = true
            } else if inFonts, name.is("font") {
                result.fontSizes.append(11)
                result.fontNames.append("Calibri")
            } else if inFonts, name.is("name"), let font = attributes["val"]?.string, !result.fontNames.isEmpty {
                result.fontNames[result.fontNames.count - 1] = font
            } else if inFonts, name.is("sz"), let size = attributes["val"].flatMap({ Double($0.string) }), !result.fontSizes.isEmpty {
                result.fontSizes[result.fontSizes.count - 1] = size
            } else if name.is("dxfs") {
                inDifferentialFormats = true
            }
        }

        override func endElement(_ name: XMLName) {
            if name.is("cellXfs") { inCellFormats = false }
            if name.is("fonts") { inFonts = false }
            if name.is("dxfs") { inDifferentialFormats = false }
        }
    }
}
