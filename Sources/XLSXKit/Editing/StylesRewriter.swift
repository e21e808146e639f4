/// What the editor needs of an existing styles part: how many fills there are and each cell
/// format's attributes and children, to derive new formats from existing ones.
struct StylesInventory {
    /// A cell format (`cellXfs/xf`): its attributes and its child elements as XML.
    struct CellFormat {
        var attributes: [(String, String)]
        var children: String
    }

    var fillCount = 0
    var fontCount = 0
    var borderCount = 0
    var cellFormats: [CellFormat] = []
    var hasFills = false
    var hasFonts = false
    var hasBorders = false
    var hasCellFormats = false

    /// Reads the inventory from the styles part's bytes.
    static func read(_ bytes: [UInt8], part: String, file: String) throws -> StylesInventory {
        let handler = Handler()
        try XMLPushParser.parse(bytes, part: part, file: file, with: handler)
        return handler.inventory
    }

    private final class Handler: XMLEventHandler {
        var inventory = StylesInventory()
        var inFills = false, inCellFormats = false, inFormat = false
        var depth = 0, fillDepth = 0
        var section = ""

        override func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
            depth += 1
            if depth == 2 && name.is("fills") { inFills = true; inventory.hasFills = true; fillDepth = depth }
            else if inFills && depth == fillDepth + 1 && name.is("fill") { inventory.fillCount += 1 }
            else if depth == 2 && name.is("fonts") { inventory.hasFonts = true; section = "font" }
            else if depth == 2 && name.is("borders") { inventory.hasBorders = true; section = "border" }
            else if depth == 3 && section == "font" && name.is("font") { inventory.fontCount += 1 }
            else if depth == 3 && section == "border" && name.is("border") { inventory.borderCount += 1 }
            else if depth == 2 && name.is("cellXfs") { inCellFormats = true; inventory.hasCellFormats = true }
            else if inCellFormats && depth == 3 && name.is("xf") {
                inFormat = true
                inventory.cellFormats.append(CellFormat(attributes: StylesInventory.pairs(attributes), children: ""))
            } else if inFormat && depth == 4 && (name.is("alignment") || name.is("protection")) {
                var child = "<" + name.string
                for (key, value) in StylesInventory.pairs(attributes) { child += " \(key)=\"\(StylesInventory.escape(value))\"" }
                inventory.cellFormats[inventory.cellFormats.count - 1].children += child + "/>"
            }
        }

        override func endElement(_ name: XMLName) {
            if depth == 2 && name.is("fills") { inFills = false }
            if depth == 2 { section = "" }
            if depth == 2 && name.is("cellXfs") { inCellFormats = false }
            if depth == 3 && inFormat && name.is("xf") { inFormat = false }
            depth -= 1
        }
    }

    static func pairs(_ attributes: XMLAttributes) -> [(String, String)] {
        (0..<attributes.count).map { index in
            let base = index * 5
            let local = String(cString: attributes.raw![base]!)
            let qualified = attributes.raw![base + 1].map { "\(String(cString: $0)):\(local)" } ?? local
            let start = attributes.raw![base + 3]!, end = attributes.raw![base + 4]!
            return (qualified, XMLBytes(buffer: UnsafeBufferPointer(start: start, count: end - start)).string)
        }
    }

    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// What the editor appends to a styles part: fonts, fills, borders (as XML) and cell formats.
struct StylesAdditions {
    var fonts: [String] = []
    var fills: [String] = []
    var borders: [String] = []
    var formats: [StylesInventory.CellFormat] = []

    var isEmpty: Bool { formats.isEmpty }
}

/// Streams the styles part through, appending fonts, fills, borders and cell formats; existing
/// indexes stay put.
final class StylesRewriter: XMLEchoHandler {
    private let additions: StylesAdditions
    private let inventory: StylesInventory

    init(inventory: StylesInventory, additions: StylesAdditions, xml: XMLWriter) {
        self.inventory = inventory
        self.additions = additions
        super.init(xml: xml)
    }

    override func handleStart(_ name: XMLName, _ attributes: XMLAttributes) {
        if depth == 1 {
            echoStart(name, attributes, addingIfMissing: defaultNamespaceIfPrefixed())
        } else if depth == 2 && name.is("fonts") {
            echoStart(name, attributes, replacing: ["count": String(inventory.fontCount + additions.fonts.count)])
        } else if depth == 2 && name.is("fills") {
            echoStart(name, attributes, replacing: ["count": String(inventory.fillCount + additions.fills.count)])
        } else if depth == 2 && name.is("borders") {
            echoStart(name, attributes, replacing: ["count": String(inventory.borderCount + additions.borders.count)])
        } else if depth == 2 && name.is("cellXfs") {
            echoStart(name, attributes, replacing: ["count": String(inventory.cellFormats.count + additions.formats.count)])
        } else {
            echoStart(name, attributes)
        }
    }

    override func handleEnd(_ name: XMLName, prefix: String?) {
        if depth == 2 && name.is("fonts") {
            additions.fonts.forEach(insert)
        } else if depth == 2 && name.is("fills") {
            additions.fills.forEach(insert)
        } else if depth == 2 && name.is("borders") {
            additions.borders.forEach(insert)
        } else if depth == 2 && name.is("cellXfs") {
            for format in additions.formats {
                var markup = "<xf"
                for (key, value) in format.attributes { markup += " \(key)=\"\(StylesInventory.escape(value))\"" }
                insert(markup + ">" + format.children + "</xf>")
            }
        }
        echoEnd(name, prefix: prefix)
    }
}
