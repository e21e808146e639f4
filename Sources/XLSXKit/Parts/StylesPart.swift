/// `xl/styles.xml`, as far as reading values needs it: each cell format's number format.
public struct StyleSheet: Sendable {
    /// Number format id of each cell format (`cellXfs`), by style index.
    public private(set) var numberFormatIds: [Int] = []
    /// Custom number format codes by id (`numFmts`).
    public private(set) var numberFormatCodes: [Int: String] = [:]
    /// The kind of each cell format's number format, by style index (precomputed for the hot path).
    private(set) var kinds: [NumberFormat.Kind] = []

    /// Whether style index `index` shows numbers as dates or times, and which.
    @inline(__always)
    public func numberFormatKind(forStyle index: Int) -> NumberFormat.Kind {
        index >= 0 && index < kinds.count ? kinds[index] : .number
    }

    /// The number format code of a style (custom code, or nil for a built-in without code).
    public func numberFormatCode(forStyle index: Int) -> String? {
        guard index >= 0, index < numberFormatIds.count else { return nil }
        return numberFormatCodes[numberFormatIds[index]]
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
        var inCellFormats = false

        override func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
            if name.is("numFmt"), let id = attributes["numFmtId"]?.integer, let code = attributes["formatCode"] {
                result.numberFormatCodes[id] = code.string
            } else if name.is("cellXfs") {
                inCellFormats = true
            } else if inCellFormats, name.is("xf") {
                result.numberFormatIds.append(attributes["numFmtId"]?.integer ?? 0)
            }
        }

        override func endElement(_ name: XMLName) {
            if name.is("cellXfs") { inCellFormats = false }
        }
    }
}
