import Foundation

/// Writes a changed copy of an existing workbook; the original file is never modified.
///
/// Parts the edits do not touch (drawings, images, charts, custom XML, printer settings, unknown
/// extensions, the shared strings) are copied byte for byte, compressed data included. A changed
/// sheet is rewritten by streaming its XML with the edits applied; the styles part is extended
/// without renumbering the styles existing cells use; comments are added to the sheet's comments
/// part (created if needed) with the VML drawing Excel needs to show them.
///
/// ```swift
/// let editor = try WorkbookEditor(path: "名单.xlsx")
/// let sheet = try editor.edits(for: editor.reader.sheet(named: "花名册"))
/// let red = try editor.derivedStyle(from: 5, fill: "FFFFC7CE")
/// sheet.setStyle(red, at: CellReference("C12")!)
/// sheet.addComment(CellComment(cell: CellReference("C12")!, text: "校验位错误"))
/// try editor.save(to: "名单-校验报告.xlsx")
/// ```
/// Memory: the edits and the styles part; sheets are streamed.
public final class WorkbookEditor {
    /// The workbook being edited (for its sheets, styles and values).
    public let reader: WorkbookReader
    private var sheetEdits: [String: SheetEdits] = [:]
    private var inventory: StylesInventory?
    private var additions = StylesAdditions()
    private var derived: [String: Int] = [:]
    private var firstSheet: NewSheet?

    /// Opens a workbook for editing.
    public init(path: String, limits: ZipLimits = .standard) throws {
        reader = try WorkbookReader(path: path, limits: limits)
        try reader.requireXLSX()
    }

    /// The edits of a sheet (created on first use).
    public func edits(for sheet: SheetInfo) -> SheetEdits {
        if let existing = sheetEdits[sheet.name] { return existing }
        let edits = SheetEdits(sheet: sheet)
        sheetEdits[sheet.name] = edits
        return edits
    }

    /// Puts a new worksheet in front of the others (written when saving).
    public func insertFirstSheet(_ sheet: NewSheet) throws {
        try ExcelLimits.check(sheetName: sheet.name, existing: reader.sheets.map(\.name), file: reader.path)
        firstSheet = sheet
    }

    /// A new cell format: a copy of `style` (an existing format index) with a solid fill.
    /// Asking twice for the same derivation gives the same index.
    public func derivedStyle(from style: Int, fill: String) throws -> Int {
        let key = "\(style)|\(fill)"
        if let existing = derived[key] { return existing }
        let inventory = try stylesInventory()
        guard inventory.hasFills, inventory.hasCellFormats, !inventory.cellFormats.isEmpty else {
            throw XLSXError(.missingPart, "the styles part has no fills or cell formats to extend", file: reader.path, part: "xl/styles.xml")
        }
        let base = inventory.cellFormats[style >= 0 && style < inventory.cellFormats.count ? style : 0]
        var attributes = base.attributes.filter { $0.0 != "fillId" && $0.0 != "applyFill" }
        attributes.append(("fillId", String(addFill(fill, inventory))))
        attributes.append(("applyFill", "1"))
        return addFormat(StylesInventory.CellFormat(attributes: attributes, children: base.children), key: key, inventory)
    }

    /// A new cell format with its own font, fill, border, alignment and number format (for cells
    /// of a new sheet); asking twice for the same style gives the same index. A number format
    /// other than Excel's built-in ones (`@`, `0`, `#,##0.00` …) is written as General.
    public func style(_ style: CellStyle) throws -> Int {
        let key = "style|\(style.hashValue)|\(style)"
        if let existing = derived[key] { return existing }
        let inventory = try stylesInventory()
        guard inventory.hasFills, inventory.hasFonts, inventory.hasBorders, inventory.hasCellFormats, !inventory.cellFormats.isEmpty else {
            throw XLSXError(.missingPart, "the styles part has no fonts, fills, borders or cell formats to extend", file: reader.path, part: "xl/styles.xml")
        }
        let (fontXML, fonts) = XMLWriter.collecting()
        StyleRegistry.write(style.font, into: fontXML)
        additions.fonts.append(String(decoding: fonts(), as: UTF8.self))
        let fontId = inventory.fontCount + additions.fonts.count - 1
        var borderId = 0
        if style.bordered {
            let (borderXML, border) = XMLWriter.collecting()
            StyleRegistry.writeBorder(true, into: borderXML)
            additions.borders.append(String(decoding: border(), as: UTF8.self))
            borderId = inventory.borderCount + additions.borders.count - 1
        }
        let fillId = style.fill.map { addFill($0, inventory) } ?? 0
        let format = StyleRegistry.builtInFormat(style.numberFormat) ?? 0
        var attributes = [("numFmtId", String(format)), ("fontId", String(fontId)), ("fillId", String(fillId)), ("borderId", String(borderId)),
                          ("xfId", "0"), ("applyFont", "1")]
        if format != 0 { attributes.append(("applyNumberFormat", "1")) }
        if fillId != 0 { attributes.append(("applyFill", "1")) }
        if borderId != 0 { attributes.append(("applyBorder", "1")) }
        if style.hasAlignment { attributes.append(("applyAlignment", "1")) }
        let (alignmentXML, alignment) = XMLWriter.collecting()
        StyleRegistry.writeAlignment(of: style, into: alignmentXML)
        return addFormat(StylesInventory.CellFormat(attributes: attributes, children: String(decoding: alignment(), as: UTF8.self)), key: key, inventory)
    }

    private func addFill(_ colour: String, _ inventory: StylesInventory) -> Int {
        let (xml, fill) = XMLWriter.collecting()
        StyleRegistry.writeFill(colour, into: xml)
        additions.fills.append(String(decoding: fill(), as: UTF8.self))
        return inventory.fillCount + additions.fills.count - 1
    }

    private func addFormat(_ format: StylesInventory.CellFormat, key: String, _ inventory: StylesInventory) -> Int {
        additions.formats.append(format)
        let index = inventory.cellFormats.count + additions.formats.count - 1
        derived[key] = index
        return index
    }

    /// Writes the edited copy to `path` (written aside, then renamed into place).
    public func save(to path: String) throws {
        let source = URL(fileURLWithPath: reader.path).standardizedFileURL.resolvingSymlinksInPath()
        guard URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath() != source else {
            throw XLSXError(.unreadableFile, "refusing to overwrite the input workbook", file: path)
        }
        let temporary = URL(fileURLWithPath: path).deletingLastPathComponent()
            .appendingPathComponent(".\(URL(fileURLWithPath: path).lastPathComponent).sheetflow-tmp").path
        do {
            try write(to: temporary)
            guard rename(temporary, path) == 0 else {
                throw XLSXError(.unreadableFile, "cannot move the edited file into place: \(String(cString: strerror(errno)))", file: path)
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    // MARK: Writing

    /// Where a sheet's comments go, and what must be created for them.
    private struct CommentPlan {
        var sheetPart: String
        var comments: [CellComment]
        var commentsPart: String
        var commentsExists: Bool
        var vmlPart: String
        var vmlExists: Bool
        var newRelationships: [String]
        var legacyDrawingId: String?
        var shapeBase: Int
    }

    private func write(to path: String) throws {
        let package = reader.package
        let archive = package.archive
        let zip = try ZipWriter(path: path)
        let level = ZipWriter.Compression.deflate(level: 6)
        let edited = sheetEdits.values.filter { !$0.isEmpty }
        let editedParts = Dictionary(edited.compactMap { edits in edits.sheet.part.map { (ZipArchive.lookupKey($0), edits) } },
                                     uniquingKeysWith: { first, _ in first })
        var taken = Set(archive.entries.map { ZipArchive.lookupKey($0.name) })
        var plans: [String: CommentPlan] = [:]
        for (number, edits) in edited.sorted(by: { $0.sheet.index < $1.sheet.index }).enumerated() where !edits.comments.isEmpty {
            guard let part = edits.sheet.part else { continue }
            plans[ZipArchive.lookupKey(part)] = try commentPlan(for: part, comments: edits.comments, number: number, taken: &taken)
        }
        let stylesPart = reader.stylesPart
        var contentTypeAdditions = ""
        for plan in plans.values.sorted(by: { $0.sheetPart < $1.sheetPart }) {
            if !plan.commentsExists {
                contentTypeAdditions += "<Override PartName=\"/\(plan.commentsPart)\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml\"/>"
            }
        }
        if plans.values.contains(where: { !$0.vmlExists }), package.contentTypes.defaults["vml"] == nil {
            contentTypeAdditions += "<Default Extension=\"vml\" ContentType=\"application/vnd.openxmlformats-officedocument.vmlDrawing\"/>"
        }
        // A new first sheet: its part, relationship and content type.
        var newSheetPart: String?
        var newSheetRelationship = ""
        let workbookKey = ZipArchive.lookupKey(reader.workbookPart)
        let workbookRelsKey = ZipArchive.lookupKey(PartName.relationshipsPart(for: reader.workbookPart))
        var sheetId = 1
        if firstSheet != nil {
            let folder = PartName.folder(of: reader.workbookPart)
            let part = { (n: Int) in "\(folder)/worksheets/sheetflow\(n).xml" }
            var n = 1
            while taken.contains(ZipArchive.lookupKey(part(n))) { n += 1 }
            newSheetPart = part(n)
            let workbookText = String(decoding: try package.contents(of: reader.workbookPart), as: UTF8.self)
            sheetId = (workbookText.components(separatedBy: "sheetId=\"").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }.max() ?? 0) + 1
            newSheetRelationship = "<Relationship Id=\"rIdSheetflowSummary\" Type=\"\(PackageLayout.relationshipNamespace)/worksheet\" Target=\"\(relativeTarget(part(n), from: reader.workbookPart))\"/>"
            contentTypeAdditions += "<Override PartName=\"/\(part(n))\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        let relsBySheet = Dictionary(plans.values.map { (ZipArchive.lookupKey(PartName.relationshipsPart(for: $0.sheetPart)), $0) },
                                     uniquingKeysWith: { first, _ in first })
        let existingComments = Dictionary(plans.values.filter(\.commentsExists).map { (ZipArchive.lookupKey($0.commentsPart), $0) },
                                          uniquingKeysWith: { first, _ in first })
        let existingVML = Dictionary(plans.values.filter(\.vmlExists).map { (ZipArchive.lookupKey($0.vmlPart), $0) },
                                     uniquingKeysWith: { first, _ in first })

        let appKey = try package.relationships(of: "").first { $0.hasType("extended-properties") || $0.hasType("extendedProperties") }
            .map { ZipArchive.lookupKey($0.target) }
        // How a part is rewritten, nil when it is copied as it is.
        func rewriter(for key: String) -> ((XMLWriter) -> XMLEchoHandler)? {
            if let firstSheet, key == workbookKey {
                return { FirstSheetWorkbookRewriter(sheet: firstSheet, sheetId: sheetId, relationshipId: "rIdSheetflowSummary",
                                                    relationshipNamespace: PackageLayout.relationshipNamespace, xml: $0) }
            }
            if let firstSheet, key == appKey { return { AppPropertiesRewriter(sheetName: firstSheet.name, xml: $0) } }
            if firstSheet != nil, key == workbookRelsKey { return { AppendingRewriter(additions: newSheetRelationship, xml: $0) } }
            if key == stylesPart.map(ZipArchive.lookupKey), !additions.isEmpty, let inventory {
                return { StylesRewriter(inventory: inventory, additions: self.additions, xml: $0) }
            }
            if key == "[content_types].xml", !contentTypeAdditions.isEmpty { return { AppendingRewriter(additions: contentTypeAdditions, xml: $0) } }
            if let plan = relsBySheet[key], !plan.newRelationships.isEmpty {
                return { AppendingRewriter(additions: plan.newRelationships.joined(), xml: $0) }
            }
            if let plan = existingComments[key] { return { CommentsRewriter(comments: plan.comments, xml: $0) } }
            // A Strict package is written Transitional throughout: every XML part goes through the translation.
            if reader.isStrict, archive.entry(named: key).map({ Conformance.isTranslated($0.name) }) == true { return { XMLEchoHandler(xml: $0) } }
            return nil
        }

        for entry in archive.entries {
            let key = ZipArchive.lookupKey(entry.name)
            if let edits = editedParts[key] {
                try zip.addEntry(entry.name, compression: level) { output in
                    let xml = XMLWriter { try output.write($0) }
                    let rewriter = WorksheetRewriter(edits: edits, legacyDrawingId: plans[key]?.legacyDrawingId, xml: xml)
                    rewriter.translatesStrict = reader.isStrict
                    try RowSplicer.rewrite(entry, in: archive, editedRows: edits.cells.keys.sorted(), rewriter: rewriter, xml: xml)
                    try xml.flush()
                }
            } else if let plan = existingVML[key] {
                // VML is often not well-formed XML: insert the shapes before the closing tag as text.
                var text = String(decoding: try archive.contents(of: entry), as: UTF8.self)
                let shapes = CommentsLayout.vmlShapes(plan.comments, firstShapeId: plan.shapeBase)
                if let end = text.range(of: "</xml>", options: .backwards) {
                    text.replaceSubrange(end.lowerBound..<end.lowerBound, with: shapes)
                } else {
                    text += shapes
                }
                try zip.addEntry(entry.name, bytes: Array(text.utf8), compression: level)
            } else if let make = rewriter(for: key) {
                try rewrite(entry, to: zip, with: make)
            } else {
                try zip.copyEntry(entry, from: archive)
            }
        }
        // New parts.
        if let firstSheet, let newSheetPart {
            let digitWidth = try reader.styles().defaultDigitWidth
            try zip.addEntry(newSheetPart, compression: level) { try firstSheet.write(to: $0, digitWidth: digitWidth) }
        }
        for plan in plans.values.sorted(by: { $0.sheetPart < $1.sheetPart }) {
            let relsPart = PartName.relationshipsPart(for: plan.sheetPart)
            if archive.entry(named: relsPart) == nil, !plan.newRelationships.isEmpty {
                let body = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + plan.newRelationships.joined() + "</Relationships>"
                try zip.addEntry(relsPart, bytes: Array(body.utf8), compression: level)
            }
            if !plan.commentsExists {
                try zip.addEntry(plan.commentsPart, bytes: CommentsLayout.comments(plan.comments), compression: level)
            }
            if !plan.vmlExists {
                var vml = CommentsLayout.vmlDrawing([], sheetIndex: plan.shapeBase / 1024)
                let shapes = Array(CommentsLayout.vmlShapes(plan.comments, firstShapeId: plan.shapeBase).utf8)
                vml.insert(contentsOf: shapes, at: vml.count - "</xml>".utf8.count)
                try zip.addEntry(plan.vmlPart, bytes: vml, compression: level)
            }
        }
        try zip.close()
    }

    private func rewrite(_ entry: ZipEntry, to zip: ZipWriter, with make: (XMLWriter) -> XMLEchoHandler) throws {
        try zip.addEntry(entry.name, compression: .deflate(level: 6)) { output in
            let xml = XMLWriter { try output.write($0) }
            let handler = make(xml)
            handler.translatesStrict = reader.isStrict
            try XMLPushParser.parse(entry, in: reader.package.archive, with: handler)
            try xml.flush()
        }
    }

    private func commentPlan(for sheetPart: String, comments: [CellComment], number: Int, taken: inout Set<String>) throws -> CommentPlan {
        let relationships = try reader.package.relationships(of: sheetPart)
        func unused(_ make: (Int) -> String) -> String {
            var n = 1
            while taken.contains(ZipArchive.lookupKey(make(n))) { n += 1 }
            taken.insert(ZipArchive.lookupKey(make(n)))
            return make(n)
        }
        var ids = Set(relationships.map(\.id))
        func newId() -> String {
            var n = relationships.count + 1
            while ids.contains("rId\(n)") { n += 1 }
            ids.insert("rId\(n)")
            return "rId\(n)"
        }
        let comment = relationships.first { $0.hasType("comments") && !$0.isExternal }
        let vml = relationships.first { $0.hasType("vmlDrawing") && !$0.isExternal }
        let commentsPart = comment?.target ?? unused { "xl/comments\($0).xml" }
        let vmlPart = vml?.target ?? unused { "xl/drawings/vmlDrawing\($0).vml" }
        let relationshipType = PackageLayout.relationshipNamespace
        var newRelationships: [String] = []
        if comment == nil {
            newRelationships.append("<Relationship Id=\"\(newId())\" Type=\"\(relationshipType)/comments\" Target=\"\(relativeTarget(commentsPart, from: sheetPart))\"/>")
        }
        var legacyDrawingId: String?
        if vml == nil {
            let id = newId()
            legacyDrawingId = id
            newRelationships.append("<Relationship Id=\"\(id)\" Type=\"\(relationshipType)/vmlDrawing\" Target=\"\(relativeTarget(vmlPart, from: sheetPart))\"/>")
        }
        return CommentPlan(sheetPart: sheetPart, comments: comments, commentsPart: commentsPart, commentsExists: comment != nil,
                           vmlPart: vmlPart, vmlExists: vml != nil, newRelationships: newRelationships,
                           legacyDrawingId: legacyDrawingId, shapeBase: (900 + number) * 1024 + 1)
    }

    /// A target relative to the source part's folder: `xl/comments1.xml` from `xl/worksheets/sheet1.xml` → `../comments1.xml`.
    private func relativeTarget(_ target: String, from source: String) -> String {
        let from = PartName.folder(of: source).split(separator: "/")
        let to = target.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
        return (Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)).joined(separator: "/")
    }

    private func stylesInventory() throws -> StylesInventory {
        if let inventory { return inventory }
        guard let part = reader.stylesPart else {
            throw XLSXError(.missingPart, "the workbook has no styles part to extend", file: reader.path, part: "xl/styles.xml")
        }
        let read = try StylesInventory.read(try reader.package.contents(of: part), part: part, file: reader.path)
        inventory = read
        return read
    }
}
