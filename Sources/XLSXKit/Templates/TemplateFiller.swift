import Foundation

/// Fills a template workbook with data and writes the result; the template is never modified.
///
/// Everything the template has is kept: styles, merged title rows, column widths, print setup and
/// print titles, header and footer, other sheets, images and charts (copied byte for byte). Each
/// sheet's `{name}` placeholders are filled; a row with `{.field}` (or `{list.field}`) placeholders
/// is written once per record with the row's styles and height; what lies below moves down, and
/// merged ranges, formulas (a `SUM(F5:F5)` over the repeated row covers all filled rows),
/// validations, conditional formats, hyperlinks, page breaks, print areas and defined names move
/// or stretch with it. Formula cells get a computed cached value where possible, and the workbook
/// asks for a full recalculation when opened.
///
/// Memory: the template's cells that need work, plus compact copies of the list columns that
/// formulas refer to; records are streamed.
public enum TemplateFiller {
    /// Fills `template` with `data` into `output` (written aside, then renamed into place).
    public static func fill(template: String, data: TemplateData, output: String) throws -> FillReport {
        guard URL(fileURLWithPath: template).standardizedFileURL != URL(fileURLWithPath: output).standardizedFileURL else {
            throw XLSXError(.unreadableFile, "refusing to overwrite the template", file: output)
        }
        let reader = try WorkbookReader(path: template)
        try reader.requireXLSX()
        var plans: [String: TemplateSheetPlan] = [:]
        do {
            for sheet in reader.sheets {
                if let plan = try TemplateSheetPlan.make(sheet, reader: reader, data: data) {
                    plans[ZipArchive.lookupKey(plan.part)] = plan
                }
            }
        } catch let error as XLSXError {
            throw error.inFile(template)
        }
        TemplateSheetPlan.linkSheets(Array(plans.values))
        let temporary = URL(fileURLWithPath: output).deletingLastPathComponent()
            .appendingPathComponent(".\(URL(fileURLWithPath: output).lastPathComponent).sheetflow-tmp").path
        do {
            let report = try write(reader: reader, plans: plans, data: data, to: temporary)
            guard rename(temporary, output) == 0 else {
                throw XLSXError(.unreadableFile, "cannot move the filled file into place: \(String(cString: strerror(errno)))", file: output)
            }
            return report
        } catch {
            unlink(temporary)
            throw error
        }
    }

    private static func write(reader: WorkbookReader, plans: [String: TemplateSheetPlan], data: TemplateData, to path: String) throws -> FillReport {
        let archive = reader.package.archive
        let zip = try ZipWriter(path: path)
        var report = FillReport()
        let workbookKey = ZipArchive.lookupKey(reader.workbookPart)
        let calcChain = try reader.package.relationships(of: reader.workbookPart).first { $0.hasType("calcChain") }?.target
        var workbookEntry: ZipEntry?
        var sheetEntries: [ZipEntry] = []
        let plansBySheet = Dictionary(plans.values.map { ($0.sheet, $0) }, uniquingKeysWith: { first, _ in first })
        // Filled strings go into the template's shared-string table (smaller, faster to compress
        // than inline strings), appended after its own; a template without one gets inline strings.
        let stringsKey = reader.sharedStringsPart.map(ZipArchive.lookupKey)
        var stringsEntry: ZipEntry?
        let existingStrings = try reader.sharedStrings()?.count ?? 0
        let strings = SharedStringsBuilder(capacity: stringsKey == nil ? 0 : 200_000)
        let sharedString: (String) -> Int? = { strings.index(for: $0).map { $0 + existingStrings } }
        for entry in archive.entries {
            let key = ZipArchive.lookupKey(entry.name)
            if key == stringsKey {
                stringsEntry = entry // written after the sheets, with their strings appended
            } else if key == workbookKey {
                workbookEntry = entry // written last: its defined names depend on the filled sheets
            } else if plans[key] != nil {
                sheetEntries.append(entry) // written once every sheet is prepared, those others refer to first
            } else if let calcChain, key == ZipArchive.lookupKey(calcChain) {
                continue // Excel rebuilds the calculation chain; a stale one makes it repair the file.
            } else if calcChain != nil, key == ZipArchive.lookupKey(PartName.relationshipsPart(for: reader.workbookPart)) {
                try rewrite(entry, in: archive, to: zip) { RemovingRewriter(xml: $0) { name, attributes in
                    name.is("Relationship") && (attributes["Type"]?.string.hasSuffix("/calcChain") ?? false)
                } }
            } else if let calcChain, key == "[content_types].xml" {
                try rewrite(entry, in: archive, to: zip) { RemovingRewriter(xml: $0) { name, attributes in
                    name.is("Override") && attributes["PartName"].map { ZipArchive.lookupKey($0.string) == ZipArchive.lookupKey(calcChain) } ?? false
                } }
            } else {
                try zip.copyEntry(entry, from: archive)
            }
        }
        // Every sheet's counts and kept values are gathered first; a sheet whose formulas look at
        // another filled sheet is written after it, so its cached values can use the finished one.
        let workbook = FillWorkbook()
        var contexts: [String: FillContext] = [:]
        for entry in sheetEntries {
            let plan = plans[ZipArchive.lookupKey(entry.name)]!
            let context = FillContext(sheet: plan.sheet, workbook: workbook) { plan.layout }
            for (position, cells) in plan.repeatCells.enumerated() {
                context.usedColumns[position] = Set(cells.map(\.reference.column))
                context.textColumns[position] = plan.textColumns[position]
            }
            for (reference, cell) in plan.cells {
                context.statics[reference] = cell.value
                if cell.formula != nil { context.pendingFormulas.insert(reference) }
            }
            try prepare(plan, data: data, context: context)
            contexts[entry.name] = context
        }
        var pending = sheetEntries
        while !pending.isEmpty {
            let ready = pending.firstIndex { entry in
                plans[ZipArchive.lookupKey(entry.name)]!.referencedSheets.allSatisfy { workbook.finished[$0] != nil || !plansBySheet.keys.contains($0) }
            } ?? 0 // sheets that refer to each other: in the package's order
            let entry = pending.remove(at: ready)
            let plan = plans[ZipArchive.lookupKey(entry.name)]!, context = contexts[entry.name]!
            plan.otherLayouts = plan.referencedSheets.compactMap { plansBySheet[$0]?.layout }
            try zip.addEntry(entry.name) { output in
                let xml = XMLWriter { try output.write($0) }
                let rewriter = TemplateSheetRewriter(plan: plan, data: data, context: context, report: report, xml: xml,
                                                     sharedString: sharedString)
                try XMLPushParser.parse(entry, in: archive, with: rewriter)
                try xml.flush()
                report = rewriter.finalReport
            }
            workbook.finished[plan.sheet] = context
            // The kept values of a sheet no other sheet looks at are not needed any more.
            if !plan.referencedFromOtherSheets { context.stores = [:] }
        }
        if let stringsEntry {
            try rewrite(stringsEntry, in: archive, to: zip) { SharedStringsAppender(strings: strings, xml: $0) }
        }
        if let workbookEntry {
            let layouts = plans.values.map(\.layout).filter { !$0.repeats.isEmpty }
            try rewrite(workbookEntry, in: archive, to: zip) { WorkbookPartRewriter(layouts: layouts, sheetNames: reader.sheets.map(\.name), xml: $0) }
        }
        try zip.close()
        return report
    }

    /// Counts records and keeps the values formulas need, when they are needed before the rows are written.
    private static func prepare(_ plan: TemplateSheetPlan, data: TemplateData, context: FillContext) throws {
        guard plan.needsFirstPass else {
            plan.countsKnown = false // counted, and stored values kept, while the rows are written
            return
        }
        for (position, repeatRow) in plan.layout.repeats.enumerated() {
            guard let list = data.lists[repeatRow.list] else { continue }
            let cells = plan.repeatCells[position].filter { plan.storedColumns[position].contains($0.reference.column) }
            let indexes = plan.fieldIndexes[position]
            // Formulas of the record's own row are computed now; others are not known until written.
            let row = repeatRow.row
            let ownRow = cells.map { cell in
                cell.formula.map { TemplateSheetPlan.ranges(in: $0).allSatisfy { $0.first.row == row && $0.last.row == row } } ?? false
            }
            var count = 0
            plan.layout.repeats[position].count = max(1, plan.layout.repeats[position].count) // so record 0 has a row
            try list.forEachRecord { record in
                var values = cells.map { cell -> CellValue in
                    cell.formula != nil ? .empty : cell.text.map { text in
                        text.render(single: { data.values[$0] ?? .empty }, field: { _, name in
                            indexes[name].flatMap { $0 < record.count ? record[$0] : nil } ?? .empty
                        })
                    } ?? cell.value
                }
                var computed = cells.map { $0.formula == nil }
                if cells.contains(where: { $0.formula != nil }) {
                    let formulas = cells.indices.map { ownRow[$0] ? cells[$0].formula.flatMap { plan.expand($0, record: 0, ofRepeat: position) } : nil }
                    let done = context.computeFormulas(formulas, columns: cells.map(\.reference.column), values: &values, repeat: position, record: 0)
                    for slot in cells.indices where ownRow[slot] { computed[slot] = done[slot] }
                    context.current = nil
                }
                for (slot, cell) in cells.enumerated() {
                    context.store(position, cell.reference.column).append(computed[slot] ? values[slot] : nil)
                }
                count += 1
            }
            plan.layout.repeats[position].count = count
        }
        plan.countsKnown = true
    }

    private static func rewrite(_ entry: ZipEntry, in archive: ZipArchive, to zip: ZipWriter, with make: (XMLWriter) -> XMLEchoHandler) throws {
        try zip.addEntry(entry.name) { output in
            let xml = XMLWriter { try output.write($0) }
            try XMLPushParser.parse(entry, in: archive, with: make(xml))
            try xml.flush()
        }
    }
}

/// Streams the template's shared-string table through with the fill's strings appended and the
/// counts updated.
final class SharedStringsAppender: XMLEchoHandler {
    private let strings: SharedStringsBuilder

    init(strings: SharedStringsBuilder, xml: XMLWriter) {
        self.strings = strings
        super.init(xml: xml)
    }

    override func handleStart(_ name: XMLName, _ attributes: XMLAttributes) {
        guard depth == 1 else { return echoStart(name, attributes) }
        var counts: [String: String] = [:]
        if let count = attributes["count"]?.integer { counts["count"] = String(count + strings.references) }
        if let unique = attributes["uniqueCount"]?.integer { counts["uniqueCount"] = String(unique + strings.count) }
        echoStart(name, attributes, replacing: counts)
    }

    override func handleEnd(_ name: XMLName, prefix: String?) {
        if depth == 1 {
            closePendingTag()
            strings.writeItemsInline(to: xml)
        }
        echoEnd(name, prefix: prefix)
    }

    override func handleText(_ text: UnsafeBufferPointer<UInt8>) {
        echoText(text)
    }
}

/// Streams a part through, leaving out the elements `skip` picks (with their content).
final class RemovingRewriter: XMLEchoHandler {
    private let skip: (XMLName, XMLAttributes) -> Bool

    init(xml: XMLWriter, skip: @escaping (XMLName, XMLAttributes) -> Bool) {
        self.skip = skip
        super.init(xml: xml)
    }

    override func handleStart(_ name: XMLName, _ attributes: XMLAttributes) {
        if skip(name, attributes) { skipCurrentElement(); return }
        echoStart(name, attributes)
    }

    override func handleEnd(_ name: XMLName, prefix: String?) {
        echoEnd(name, prefix: prefix)
    }

    override func handleText(_ text: UnsafeBufferPointer<UInt8>) {
        echoText(text)
    }
}

/// Streams the workbook part through: defined names (print areas, print titles, named ranges)
/// follow the filled rows, and the workbook asks for a full recalculation on load.
final class WorkbookPartRewriter: XMLEchoHandler {
    private let layouts: [SheetLayout]
    private let sheetNames: [String]
    private var localSheet: Int?
    private var inDefinedName = false
    private var nameText = ""
    private var calculationWritten = false
    private static let afterCalculation: Set<String> = ["oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
                                                        "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst"]

    init(layouts: [SheetLayout], sheetNames: [String], xml: XMLWriter) {
        self.layouts = layouts
        self.sheetNames = sheetNames
        super.init(xml: xml)
    }

    override func handleStart(_ name: XMLName, _ attributes: XMLAttributes) {
        if depth == 2, !calculationWritten, WorkbookPartRewriter.afterCalculation.contains(name.string) {
            insert("<calcPr fullCalcOnLoad=\"1\"/>")
            calculationWritten = true
        }
        if depth == 2 && name.is("calcPr") {
            calculationWritten = true
            echoStart(name, attributes, replacing: ["fullCalcOnLoad": "1"], addingIfMissing: ["fullCalcOnLoad": "1"])
        } else if name.is("definedName") {
            localSheet = attributes["localSheetId"]?.integer
            inDefinedName = true
            nameText = ""
            echoStart(name, attributes)
        } else {
            echoStart(name, attributes)
        }
    }

    override func handleText(_ text: UnsafeBufferPointer<UInt8>) {
        if inDefinedName { nameText += String(decoding: text, as: UTF8.self) } else { echoText(text) }
    }

    override func handleEnd(_ name: XMLName, prefix: String?) {
        if name.is("definedName") {
            var formula = nameText
            for layout in layouts {
                let local = localSheet.map { $0 < sheetNames.count && sheetNames[$0] == layout.sheet } ?? false
                formula = layout.expand(formula, qualifiedOnly: !local) ?? formula
            }
            closePendingTag()
            xml.text(formula)
            inDefinedName = false
        } else if depth == 1 && !calculationWritten {
            insert("<calcPr fullCalcOnLoad=\"1\"/>")
        }
        echoEnd(name, prefix: prefix)
    }
}
