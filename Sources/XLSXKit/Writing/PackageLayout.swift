/// The package-level parts of a written workbook: content types, relationships, workbook part.
/// The only place in the writer that knows part paths.
struct PackageLayout {
    let sheets: [SheetWriter]
    let hasSharedStrings: Bool

    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static let rootRelationships = Array("""
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
    </Relationships>
    """.utf8)

    static let appProperties = Array("""
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>sheetflow</Application></Properties>
    """.utf8)

    func contentTypes() -> [UInt8] {
        let (w, result) = XMLWriter.collecting()
        w.declaration()
        w.raw("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">")
        w.raw("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>")
        w.raw("<Default Extension=\"xml\" ContentType=\"application/xml\"/>")
        if sheets.contains(where: { !$0.comments.isEmpty }) {
            w.raw("<Default Extension=\"vml\" ContentType=\"application/vnd.openxmlformats-officedocument.vmlDrawing\"/>")
        }
        w.raw("<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>")
        for sheet in sheets {
            w.raw("<Override PartName=\"/xl/worksheets/sheet\(sheet.index + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>")
            if !sheet.comments.isEmpty {
                w.raw("<Override PartName=\"/xl/comments\(sheet.index + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml\"/>")
            }
        }
        w.raw("<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>")
        w.raw("<Override PartName=\"/\(ThemePart.path)\" ContentType=\"\(ThemePart.contentType)\"/>")
        if hasSharedStrings {
            w.raw("<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>")
        }
        w.raw("<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>")
        w.raw("</Types>")
        return result()
    }

    func workbookRelationships() -> [UInt8] {
        let (w, result) = XMLWriter.collecting()
        w.declaration()
        w.raw("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">")
        for sheet in sheets {
            w.raw("<Relationship Id=\"rId\(sheet.index + 1)\" Type=\"\(PackageLayout.relationshipNamespace)/worksheet\" Target=\"worksheets/sheet\(sheet.index + 1).xml\"/>")
        }
        w.raw("<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(PackageLayout.relationshipNamespace)/styles\" Target=\"styles.xml\"/>")
        w.raw("<Relationship Id=\"rId\(sheets.count + 2)\" Type=\"\(PackageLayout.relationshipNamespace)/theme\" Target=\"theme/theme1.xml\"/>")
        if hasSharedStrings {
            w.raw("<Relationship Id=\"rId\(sheets.count + 3)\" Type=\"\(PackageLayout.relationshipNamespace)/sharedStrings\" Target=\"sharedStrings.xml\"/>")
        }
        w.raw("</Relationships>")
        return result()
    }

    func workbook(definedNames userNames: [DefinedName]) -> [UInt8] {
        var names = userNames
        for sheet in sheets {
            if let rows = sheet.setup.print?.repeatRows {
                names.append(DefinedName(name: "_xlnm.Print_Titles", formula: "\(PackageLayout.quoted(sheet.name))!$\(rows.lowerBound):$\(rows.upperBound)",
                                         localSheetIndex: sheet.index, isHidden: false))
            }
            if let filter = sheet.setup.autoFilter {
                names.append(DefinedName(name: "_xlnm._FilterDatabase", formula: "\(PackageLayout.quoted(sheet.name))!\(PackageLayout.absolute(filter))",
                                         localSheetIndex: sheet.index, isHidden: true))
            }
        }
        let (w, result) = XMLWriter.collecting()
        w.declaration()
        w.raw("<workbook xmlns=\"\(PackageLayout.mainNamespace)\" xmlns:r=\"\(PackageLayout.relationshipNamespace)\">")
        w.raw("<workbookPr/><bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>")
        for sheet in sheets {
            w.raw("<sheet"); w.attribute("name", sheet.name); w.attribute("sheetId", sheet.index + 1)
            if sheet.setup.state != .visible { w.attribute("state", sheet.setup.state.rawValue) }
            w.raw(" r:id=\"rId\(sheet.index + 1)\"/>")
        }
        w.raw("</sheets>")
        if !names.isEmpty {
            w.raw("<definedNames>")
            for name in names {
                w.raw("<definedName"); w.attribute("name", name.name)
                if let local = name.localSheetIndex { w.attribute("localSheetId", local) }
                if name.isHidden { w.raw(" hidden=\"1\"") }
                w.raw(">"); w.text(name.formula); w.raw("</definedName>")
            }
            w.raw("</definedNames>")
        }
        w.raw("<calcPr calcId=\"191029\" fullCalcOnLoad=\"1\"/></workbook>")
        return result()
    }

    /// A sheet name as formulas need it: `'花名册'` (apostrophes doubled).
    static func quoted(_ name: String) -> String {
        "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `$A$1:$H$9`.
    static func absolute(_ range: CellRange) -> String {
        func cell(_ c: CellReference) -> String { "$\(CellReference.columnName(c.column))$\(c.row)" }
        return "\(cell(range.first)):\(cell(range.last))"
    }
}

/// The XML around a written sheet's rows: what must precede `<sheetData>` and what follows it.
enum WorksheetLayout {
    static func prologue(_ sheet: SheetWriter, isFirst: Bool) -> [UInt8] {
        let setup = sheet.setup
        let (w, result) = XMLWriter.collecting()
        w.declaration()
        w.raw("<worksheet xmlns=\"\(PackageLayout.mainNamespace)\" xmlns:r=\"\(PackageLayout.relationshipNamespace)\">")
        writeProperties(setup, into: w)
        w.raw("<dimension"); w.attribute("ref", sheet.usedRange?.description ?? "A1"); w.raw("/>")
        writeViews(setup, isFirst: isFirst, into: w)
        w.raw("<sheetFormatPr defaultRowHeight=\"14.25\"/>")
        writeColumns(columnEntries(sheet), into: w)
        w.raw("<sheetData>")
        return result()
    }

    static func epilogue(_ sheet: SheetWriter) -> [UInt8] {
        let setup = sheet.setup
        let (w, result) = XMLWriter.collecting()
        w.raw("</sheetData>")
        if let filter = setup.autoFilter { w.raw("<autoFilter"); w.attribute("ref", filter.description); w.raw("/>") }
        writeMerges(sheet.mergedRanges, into: w)
        if !sheet.validations.isEmpty {
            w.raw("<dataValidations"); w.attribute("count", sheet.validations.count); w.raw(">")
            for validation in sheet.validations {
                w.raw("<dataValidation type=\"list\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\"")
                if let message = validation.errorMessage { w.attribute("errorTitle", "输入有误"); w.attribute("error", message) }
                w.attribute("sqref", validation.range.description); w.raw("><formula1>\"")
                w.text(validation.values.map { $0.replacingOccurrences(of: "\"", with: "\"\"") }.joined(separator: ","))
                w.raw("\"</formula1></dataValidation>")
            }
            w.raw("</dataValidations>")
        }
        writePrint(setup, into: w)
        if !sheet.comments.isEmpty { w.raw("<legacyDrawing r:id=\"rId2\"/>") }
        w.raw("</worksheet>")
        return result()
    }

    // MARK: Pieces of a worksheet part, also used for a sheet the editor adds

    /// `<sheetPr>`: fit to the page width when printing (unless the pages are counted, which
    /// prints at a scale of their own).
    static func writeProperties(_ setup: SheetSetup, countsPages: Bool = false, into w: XMLWriter) {
        if setup.print?.fitToWidth == true, !countsPages { w.raw("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>") }
    }

    /// The page a sheet with this setup prints on, for counting its pages.
    static func page(_ setup: SheetSetup) -> Pagination.Page {
        var page = Pagination.Page()
        page.landscape = setup.print?.landscape ?? false
        if setup.print?.a4 == false { page.paper(1) }
        (page.left, page.right, page.top, page.bottom) = (0.5, 0.5, 0.75, 0.75)
        return page
    }

    /// `<sheetViews>` with the frozen pane.
    static func writeViews(_ setup: SheetSetup, isFirst: Bool, into w: XMLWriter) {
        w.raw("<sheetViews><sheetView")
        if isFirst { w.raw(" tabSelected=\"1\"") }
        w.raw(" workbookViewId=\"0\"")
        if let freeze = setup.freeze, freeze.row > 1 || freeze.column > 1 {
            let pane = freeze.row > 1 && freeze.column > 1 ? "bottomRight" : freeze.row > 1 ? "bottomLeft" : "topRight"
            w.raw("><pane")
            if freeze.column > 1 { w.attribute("xSplit", freeze.column - 1) }
            if freeze.row > 1 { w.attribute("ySplit", freeze.row - 1) }
            w.attribute("topLeftCell", freeze.description); w.attribute("activePane", pane); w.raw(" state=\"frozen\"/>")
            w.raw("<selection"); w.attribute("pane", pane); w.attribute("activeCell", freeze.description)
            w.attribute("sqref", freeze.description); w.raw("/></sheetView>")
        } else {
            w.raw("/>")
        }
        w.raw("</sheetViews>")
    }

    /// `<cols>`: (column, width, hidden) each.
    static func writeColumns(_ columns: [(Int, Double, Bool)], into w: XMLWriter) {
        guard !columns.isEmpty else { return }
        w.raw("<cols>")
        for (index, width, hidden) in columns {
            w.raw("<col"); w.attribute("min", index); w.attribute("max", index)
            w.raw(" width=\""); w.number(width); w.raw("\" customWidth=\"1\"")
            if hidden { w.raw(" hidden=\"1\"") }
            w.raw("/>")
        }
        w.raw("</cols>")
    }

    static func writeMerges(_ ranges: [CellRange], into w: XMLWriter) {
        guard !ranges.isEmpty else { return }
        w.raw("<mergeCells"); w.attribute("count", ranges.count); w.raw(">")
        for range in ranges { w.raw("<mergeCell"); w.attribute("ref", range.description); w.raw("/>") }
        w.raw("</mergeCells>")
    }

    /// Margins, page setup (each sheet's pages numbered from 1) and the page-number footer; with
    /// `pages`, at their scale, "共 N 页" the sheet's own count and the breaks they found.
    static func writePrint(_ setup: SheetSetup, pages: Pagination? = nil, into w: XMLWriter) {
        guard let print = setup.print else {
            w.raw("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>")
            return
        }
        w.raw("<printOptions horizontalCentered=\"1\"/>")
        w.raw("<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>")
        w.raw("<pageSetup")
        if print.a4 { w.raw(" paperSize=\"9\"") }
        w.raw(print.landscape ? " orientation=\"landscape\"" : " orientation=\"portrait\"")
        if let pages {
            w.raw(" scale=\"\(pages.scale)\"")
        } else if print.fitToWidth {
            w.raw(" fitToWidth=\"1\" fitToHeight=\"0\"")
        }
        w.raw(" useFirstPageNumber=\"1\" firstPageNumber=\"1\"/>")
        if print.pageNumbers {
            w.raw("<headerFooter><oddFooter>"); w.text(pages?.footer("&C第 &P 页，共 &N 页") ?? "&C第 &P 页，共 &N 页"); w.raw("</oddFooter></headerFooter>")
        }
        if let pages { w.raw(pages.rowBreaksXML) }
    }

    /// The sheet's own relationships: its comments and their VML drawing.
    static func relationships(_ sheet: SheetWriter) -> [UInt8] {
        let n = sheet.index + 1
        return Array("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(PackageLayout.relationshipNamespace)/comments" Target="../comments\(n).xml"/>\
        <Relationship Id="rId2" Type="\(PackageLayout.relationshipNamespace)/vmlDrawing" Target="../drawings/vmlDrawing\(n).vml"/>\
        </Relationships>
        """.utf8)
    }

    /// Column widths: explicit ones, else fitted to content (clamped to 6…60), plus hidden columns.
    static func columnEntries(_ sheet: SheetWriter) -> [(Int, Double, Bool)] {
        let explicit = Dictionary(sheet.setup.columns.map { ($0.index, $0) }, uniquingKeysWith: { _, last in last })
        let last = max(explicit.keys.max() ?? 0, sheet.fittedWidths.count)
        guard last > 0 else { return [] }
        var entries: [(Int, Double, Bool)] = []
        for index in 1...last {
            let column = explicit[index]
            let fitted = index <= sheet.fittedWidths.count && sheet.setup.fitColumns ? sheet.fittedWidths[index - 1] : 0
            let width = column?.width ?? (fitted > 0 ? Double(min(max(fitted + 2, 6), 60)) : nil)
            let hidden = column?.hidden ?? false
            if width != nil || hidden { entries.append((index, width ?? 9, hidden)) }
        }
        return entries
    }
}

/// Cell comments: the comments part and the legacy VML drawing Excel needs to show them.
enum CommentsLayout {
    static func comments(_ comments: [CellComment]) -> [UInt8] {
        var authors: [String] = []
        for comment in comments where !authors.contains(comment.author) { authors.append(comment.author) }
        let (w, result) = XMLWriter.collecting()
        w.declaration()
        w.raw("<comments xmlns=\"\(PackageLayout.mainNamespace)\"><authors>")
        for author in authors { w.raw("<author>"); w.text(author); w.raw("</author>") }
        w.raw("</authors><commentList>")
        for comment in comments {
            w.raw("<comment"); w.attribute("ref", comment.cell.description)
            w.attribute("authorId", authors.firstIndex(of: comment.author)!)
            w.raw("><text><r><rPr><sz val=\"9\"/><rFont val=\"宋体\"/><charset val=\"134\"/></rPr>")
            SharedStringsBuilder.writeText(comment.text, to: w)
            w.raw("</r></text></comment>")
        }
        w.raw("</commentList></comments>")
        return result()
    }

    static func vmlDrawing(_ comments: [CellComment], sheetIndex: Int) -> [UInt8] {
        let (w, result) = XMLWriter.collecting()
        w.raw("<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\">")
        w.raw("<o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"\(sheetIndex + 1)\"/></o:shapelayout>")
        w.raw("<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\">")
        w.raw("<v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>")
        w.raw(vmlShapes(comments, firstShapeId: (sheetIndex + 1) * 1024 + 1))
        w.raw("</xml>")
        return result()
    }

    /// One hidden note shape per comment, anchored next to its cell; shape ids start at `firstShapeId`.
    static func vmlShapes(_ comments: [CellComment], firstShapeId: Int) -> String {
        let (w, result) = XMLWriter.collecting()
        for (number, comment) in comments.enumerated() {
            let row = comment.cell.row - 1, column = comment.cell.column - 1
            let top = max(row - 1, 0)
            w.raw("<v:shape id=\"_x0000_s\(firstShapeId + number)\" type=\"#_x0000_t202\" ")
            w.raw("style=\"position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:144pt;height:72pt;z-index:\(number + 1);visibility:hidden\" ")
            w.raw("fillcolor=\"#ffffe1\" o:insetmode=\"auto\"><v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/>")
            w.raw("<v:path o:connecttype=\"none\"/><v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox>")
            w.raw("<x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/>")
            w.raw("<x:Anchor>\(column + 1), 15, \(top), 10, \(column + 4), 15, \(top + 5), 4</x:Anchor>")
            w.raw("<x:AutoFill>False</x:AutoFill><x:Row>\(row)</x:Row><x:Column>\(column)</x:Column></x:ClientData></v:shape>")
        }
        return String(decoding: result(), as: UTF8.self)
    }
}
