/// `xl/workbook.xml`: the sheets in tab order, the date system and the defined names.
struct WorkbookPart {
    struct SheetEntry {
        var name: String
        var state: SheetState
        var relationshipId: String?
    }

    var sheets: [SheetEntry] = []
    var dateSystem: DateSystem = .excel1900
    var definedNames: [DefinedName] = []

    /// Parses the part.
    static func parse(_ bytes: [UInt8], part: String, file: String?) throws -> WorkbookPart {
        let handler = Handler()
        try XMLPushParser.parse(bytes, part: part, file: file, with: handler)
        return handler.result
    }

    private final class Handler: XMLEventHandler {
        var result = WorkbookPart()
        var pendingName: DefinedName?
        var nameText: [UInt8] = []

        override func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
            if name.is("sheet"), let sheetName = attributes["name"] {
                let state: SheetState
                switch attributes["state"]?.string {
                case "hidden": state = .hidden
                case "veryHidden": state = .veryHidden
                default: state = .visible
                }
                let id = attributes.value("id", namespaceSuffix: "relationships")?.string
                result.sheets.append(SheetEntry(name: sheetName.string, state: state, relationshipId: id))
            } else if name.is("workbookPr") {
                if attributes["date1904"]?.boolean == true { result.dateSystem = .excel1904 }
            } else if name.is("definedName"), let definedName = attributes["name"] {
                pendingName = DefinedName(name: definedName.string, formula: "",
                                          localSheetIndex: attributes["localSheetId"]?.integer,
                                          isHidden: attributes["hidden"]?.boolean ?? false)
                nameText.removeAll(keepingCapacity: true)
            }
        }

        override func characters(_ text: UnsafeBufferPointer<UInt8>) {
            if pendingName != nil { nameText.append(contentsOf: text) }
        }

        override func endElement(_ name: XMLName) {
            if name.is("definedName"), var definedName = pendingName {
                definedName.formula = String(decoding: nameText, as: UTF8.self)
                result.definedNames.append(definedName)
                pendingName = nil
            }
        }
    }
}
