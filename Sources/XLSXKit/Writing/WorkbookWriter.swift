import Foundation

/// Writes a new `.xlsx` workbook, streaming each sheet's rows.
///
/// ```swift
/// let writer = try WorkbookWriter(path: "名单.xlsx")
/// let text = writer.style(.text), header = writer.style(.header)
/// let sheet = try writer.addSheet("花名册", setup: SheetSetup(fitColumns: true, freeze: CellReference("A2")))
/// try sheet.writeRow([WriteCell("姓名", style: header), WriteCell("公民身份号码", style: header)])
/// try sheet.writeRow([WriteCell("张三"), WriteCell(.string("440203199001011231"), style: text)])
/// try writer.close()
/// ```
///
/// Memory does not grow with row count: rows are compressed as they are written (into a
/// temporary file beside the output, spliced into the zip at `close()`); the shared-string table
/// is capped (see `Options.sharedStringLimit`). Output bytes are deterministic. The file appears
/// under its name only when `close()` succeeds (written aside, then renamed).
public final class WorkbookWriter {
    /// Choices that affect the whole file.
    public struct Options: Sendable {
        /// Most distinct strings kept in the shared-string table; later new strings are written inline. 0 = all inline.
        public var sharedStringLimit: Int
        /// zlib level for the parts (1 fastest … 9 smallest).
        public var compressionLevel: Int32

        public init(sharedStringLimit: Int = 200_000, compressionLevel: Int32 = 6) {
            self.sharedStringLimit = sharedStringLimit
            self.compressionLevel = compressionLevel
        }
    }

    /// The final path.
    public let path: String
    private let temporaryPath: String
    private let folder: String
    private let options: Options
    private let styles = StyleRegistry()
    private let strings: SharedStringsBuilder
    private var sheets: [SheetWriter] = []
    private var definedNames: [DefinedName] = []
    private var closed = false
    private let defaultDate: StyleID

    /// Prepares to write `path` (nothing is created there until `close()`).
    public init(path: String, options: Options = Options()) throws {
        self.path = path
        self.options = options
        let url = URL(fileURLWithPath: path)
        folder = url.deletingLastPathComponent().path
        temporaryPath = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).sheetflow-tmp").path
        strings = SharedStringsBuilder(capacity: options.sharedStringLimit)
        defaultDate = styles.id(for: .date)
    }

    /// The id for a style, registering it on first use.
    public func style(_ style: CellStyle) -> StyleID {
        styles.id(for: style)
    }

    /// The number format code of a registered style, nil for General.
    func numberFormat(of style: StyleID) -> String? {
        styles.style(style).numberFormat
    }

    /// Adds a sheet and returns its writer; the previous sheet's rows end here.
    public func addSheet(_ name: String, setup: SheetSetup = SheetSetup()) throws -> SheetWriter {
        try validateSheetName(name)
        try sheets.last?.finish()
        let sheet = try SheetWriter(name: name, index: sheets.count, setup: setup, workbook: self,
                                    folder: folder, level: options.compressionLevel)
        sheets.append(sheet)
        return sheet
    }

    /// Cells whose text was longer than Excel's 32,767 characters and was cut.
    public private(set) var cut = CutCells()

    /// Adds a workbook-level name (or one local to a sheet), e.g. a named range.
    public func defineName(_ name: String, formula: String, localSheet: Int? = nil, hidden: Bool = false) {
        definedNames.append(DefinedName(name: name, formula: formula, localSheetIndex: localSheet, isHidden: hidden))
    }

    /// Writes the package and moves it into place. Throws if no sheet was added.
    public func close() throws {
        precondition(!closed, "workbook already closed")
        closed = true
        guard !sheets.isEmpty else {
            throw XLSXError(.missingPart, "a workbook needs at least one sheet", file: path)
        }
        for sheet in sheets { try sheet.finish() }
        do {
            try writePackage()
            if rename(temporaryPath, path) != 0 {
                throw XLSXError(.unreadableFile, "cannot move the finished file into place: \(String(cString: strerror(errno)))", file: path)
            }
        } catch {
            unlink(temporaryPath)
            throw error
        }
    }

    // MARK: Cells

    /// Writes one cell's XML; false when nothing was written (empty and unstyled).
    @inline(__always)
    func writeCell(_ cell: WriteCell, row: Int, column: Int, into xml: XMLWriter, sheet: String) throws -> Bool {
        var style = cell.style
        if case .date = cell.value, !(style.map { styles.kinds[$0.index].isDateOrTime } ?? false) {
            style = style.map { styles.id(for: styles.style($0).with(numberFormat: "yyyy-mm-dd")) } ?? defaultDate
        }
        if case .empty = cell.value, style == nil, cell.formula == nil { return false }
        cut.add(sheet: sheet, row: row, column: column,
                length: CellXML.write(cell.value, formula: cell.formula, style: style?.index ?? 0, row: row, column: column,
                                      into: xml, sharedString: strings.index(for:)))
        return true
    }

    // MARK: Package

    private func writePackage() throws {
        let zip = try ZipWriter(path: temporaryPath)
        let level = ZipWriter.Compression.deflate(level: options.compressionLevel)
        let parts = PackageLayout(sheets: sheets, hasSharedStrings: !strings.isEmpty)
        try zip.addEntry("[Content_Types].xml", bytes: parts.contentTypes(), compression: level)
        try zip.addEntry("_rels/.rels", bytes: PackageLayout.rootRelationships, compression: level)
        try zip.addEntry("docProps/app.xml", bytes: PackageLayout.appProperties, compression: level)
        try zip.addEntry("xl/workbook.xml", bytes: parts.workbook(definedNames: definedNames), compression: level)
        try zip.addEntry("xl/_rels/workbook.xml.rels", bytes: parts.workbookRelationships(), compression: level)
        for sheet in sheets {
            try zip.addEntry("xl/worksheets/sheet\(sheet.index + 1).xml", compression: level) { entry in
                try entry.write(WorksheetLayout.prologue(sheet, isFirst: sheet.index == 0))
                try sheet.segment.splice(into: entry)
                try entry.write(WorksheetLayout.epilogue(sheet))
            }
            if !sheet.comments.isEmpty {
                try zip.addEntry("xl/worksheets/_rels/sheet\(sheet.index + 1).xml.rels",
                                 bytes: WorksheetLayout.relationships(sheet), compression: level)
                try zip.addEntry("xl/comments\(sheet.index + 1).xml", bytes: CommentsLayout.comments(sheet.comments), compression: level)
                try zip.addEntry("xl/drawings/vmlDrawing\(sheet.index + 1).vml",
                                 bytes: CommentsLayout.vmlDrawing(sheet.comments, sheetIndex: sheet.index), compression: level)
            }
        }
        try zip.addEntry("xl/styles.xml", bytes: styles.xml(), compression: level)
        try zip.addEntry(ThemePart.path, bytes: ThemePart.xml, compression: level)
        if !strings.isEmpty {
            try zip.addEntry("xl/sharedStrings.xml", compression: level) { entry in
                let xml = XMLWriter { try entry.write($0) }
                try strings.write(to: xml)
            }
        }
        try zip.close()
    }

    private func validateSheetName(_ name: String) throws {
        try ExcelLimits.check(sheetName: name, existing: sheets.map(\.name), file: path)
    }
}
