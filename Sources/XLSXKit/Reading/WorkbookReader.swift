/// Reads a workbook — `.xlsx` (or `.xlsm`, `.xltx`), Excel 97–2003 `.xls`, OpenDocument `.ods`
/// or CSV, told apart by its bytes, not its name: its sheets and, streamed, their cells. Callers
/// see the same rows, cells and value kinds whatever the format; `format` says which it was.
///
/// Opening an .xlsx reads the zip directory, `[Content_Types].xml`, the relationships and the
/// workbook part; styles and the shared-string table are read on the first sheet access and kept
/// (the string table is the only part whose size grows with the file: compact pages of all unique
/// strings). Opening an .xls reads its compound-file tables and the workbook globals (the same
/// string table, `LegacyWorkbook`); an .ods, its automatic styles and table names
/// (`OpenDocumentWorkbook`); a CSV, its encoding and delimiter (`TextWorkbook`). Sheets are never
/// held in memory: `forEachRow` streams them.
///
/// ```swift
/// let workbook = try WorkbookReader(path: "名单.xlsx")
/// let sheet = try workbook.sheet(named: "花名册")
/// try workbook.forEachRow(in: sheet) { row in
///     print(row.index, row.value(atColumn: 2))
/// }
/// ```
/// Not thread-safe: use one reader per thread.
public final class WorkbookReader {
    /// The file as given.
    public let path: String
    /// The format the file's bytes are in (whatever its name says).
    public let format: SpreadsheetFormat
    /// Sheets in tab order.
    public let sheets: [SheetInfo]
    /// The workbook's date system (`date1904`).
    public let dateSystem: DateSystem
    /// Workbook-level and sheet-level defined names (print titles, print areas, named ranges; .xlsx only).
    public let definedNames: [DefinedName]
    /// What the reader passed over to read the rest, in Chinese (a sheet without a part, a
    /// missing styles part): a file other programs open too, but not quite whole.
    public private(set) var warnings: [String] = []

    /// What the reader reads from: an OPC package or a legacy workbook stream.
    private enum Content {
        case package(OPCPackage, workbookPart: String, relationships: [Relationship])
        case legacy(LegacyWorkbook)
        case text(TextWorkbook)
        case openDocument(OpenDocumentWorkbook)
    }

    private let content: Content
    private var loadedStyles: StyleSheet?
    private var loadedSharedStrings: SharedStringTable??

    /// Opens a workbook for reading; the file is never modified.
    ///
    /// Throws `XLSXError` with a Chinese message for anything that is not a readable workbook:
    /// another kind of file, password-protected, truncated, corrupt, missing parts.
    public init(path: String, limits: ZipLimits = .standard) throws {
        self.path = path
        do {
            let file = try FileHandleReader(path: path)
            if file.size >= 512, try file.read(at: 0, count: 8) == CompoundFile.signature {
                let container = try CompoundFile(file)
                switch container.content() {
                case .encryptedWorkbook:
                    throw XLSXError(.encrypted, "OLE compound file with EncryptionInfo (encrypted OOXML)")
                case .otherDocument:
                    throw XLSXError(.notASpreadsheet, "OLE compound file without a Workbook or Book stream")
                case .legacyWorkbook(let entry):
                    let legacy = try LegacyWorkbook(container, stream: entry)
                    content = .legacy(legacy)
                    format = .xls
                    sheets = legacy.sheets
                    dateSystem = legacy.dateSystem
                    definedNames = []
                    loadedStyles = legacy.styles
                }
                return
            }
            let head = try file.read(at: 0, count: Int(min(file.size, 4096)))
            if !head.starts(with: [0x50, 0x4B]), ForeignFormat.sniff(head, size: file.size) == .text,
               let text = try? TextWorkbook(path: path), text.reader.looksLikeTable {
                content = .text(text)
                format = .csv
                sheets = [text.sheet]
                dateSystem = .excel1900
                definedNames = []
                return
            }
            let archive = try ZipArchive(path: path, limits: limits)
            if OpenDocumentWorkbook.isSpreadsheet(archive) {
                let document = try OpenDocumentWorkbook(archive)
                content = .openDocument(document)
                format = .ods
                sheets = document.sheets
                dateSystem = .excel1900
                definedNames = []
                return
            }
            let package = try OPCPackage(archive: archive)
            let workbookPart = try package.workbookPart()
            let workbook = try WorkbookPart.parse(try package.contents(of: workbookPart), part: workbookPart, file: path)
            let workbookRelationships = try package.relationships(of: workbookPart)
            content = .package(package, workbookPart: workbookPart, relationships: workbookRelationships)
            format = .xlsx
            dateSystem = workbook.dateSystem
            definedNames = workbook.definedNames
            let byId = Dictionary(workbookRelationships.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var skipped: [String] = []
            sheets = workbook.sheets.enumerated().map { index, entry in
                let relationship = entry.relationshipId.flatMap { byId[$0] }
                let kind: SheetKind
                if relationship == nil, entry.relationshipId?.isEmpty ?? true {
                    // `<sheet r:id="">` (or none): nothing to read; the other sheets are read.
                    skipped.append(entry.name)
                    kind = .other
                } else if relationship?.hasType("worksheet") ?? true {
                    kind = .worksheet
                } else if relationship?.hasType("chartsheet") == true {
                    kind = .chartsheet
                } else {
                    kind = .other
                }
                return SheetInfo(name: entry.name, index: index, state: entry.state, kind: kind, part: relationship?.target)
            }
            warnings = skipped.map { "工作表「\($0)」在文件中没有对应的内容（关系编号为空），已跳过，其余工作表照常读取" }
        } catch let error as XLSXError {
            throw error.inFile(path)
        }
    }

    /// The OPC package of an .xlsx (what the editor and the template filler work on).
    var package: OPCPackage {
        guard case .package(let package, _, _) = content else { preconditionFailure("package of a \(format) workbook: check requireXLSX() first") }
        return package
    }

    /// The workbook part's name inside the package, e.g. `xl/workbook.xml`.
    var workbookPart: String {
        guard case .package(_, let part, _) = content else { preconditionFailure("workbook part of a \(format) workbook") }
        return part
    }

    private var workbookRelationships: [Relationship] {
        guard case .package(_, _, let relationships) = content else { return [] }
        return relationships
    }

    /// Throws `needsXLSX` unless the workbook is an .xlsx package (for edits and templates).
    func requireXLSX() throws {
        guard format == .xlsx else {
            throw XLSXError(.needsXLSX, "a \(format.rawValue) file where an .xlsx package is needed", file: path)
        }
    }

    /// The sheet with this name (exact, then ignoring case and surrounding spaces).
    public func sheet(named name: String) throws -> SheetInfo {
        if let sheet = sheets.first(where: { $0.name == name }) { return sheet }
        let wanted = name.trimmingWhitespace.lowercased()
        if let sheet = sheets.first(where: { $0.name.trimmingWhitespace.lowercased() == wanted }) { return sheet }
        throw XLSXError(.sheetNotFound, "no sheet named \(name); sheets are \(sheets.map(\.name))", file: path, sheet: name)
    }

    /// The sheet at a 0-based position in tab order.
    public func sheet(at index: Int) throws -> SheetInfo {
        guard index >= 0, index < sheets.count else {
            throw XLSXError(.sheetNotFound, "no sheet at index \(index); the workbook has \(sheets.count)", file: path, sheet: "#\(index + 1)")
        }
        return sheets[index]
    }

    /// The styles part, as far as value decoding needs it (empty when the workbook has none).
    public func styles() throws -> StyleSheet {
        if let loadedStyles { return loadedStyles }
        var styles = StyleSheet()
        if format == .xlsx, let part = target(ofType: "styles", contentTypeSuffix: ".styles+xml") {
            guard package.entry(part) != nil else {
                // Named by the relationships but not in the package (some WPS files): read on.
                warnings.append("文件缺少样式部件 \(part)，已按默认格式读取：日期可能显示为数字，请核对日期列")
                loadedStyles = styles
                return styles
            }
            do {
                styles = try StyleSheet.parse(try package.contents(of: part), part: part, file: path)
            } catch let error as XLSXError {
                throw error.inFile(path)
            }
        }
        loadedStyles = styles
        return styles
    }

    /// The shared-string table, nil when the workbook has none.
    public func sharedStrings() throws -> SharedStringTable? {
        if let loadedSharedStrings { return loadedSharedStrings }
        var table: SharedStringTable?
        if format == .xlsx, let part = sharedStringsPart, let entry = package.entry(part) {
            do {
                table = try SharedStringTable.read(entry, in: package.archive)
            } catch let error as XLSXError {
                throw error.inFile(path)
            }
        }
        loadedSharedStrings = .some(table)
        return table
    }

    /// Streams every row of `sheet` to `body`, top to bottom as stored.
    ///
    /// Memory: one row at a time. Rows without cells (e.g. only styled) are passed too, with
    /// `count == 0`. Returns what the pass learned (merged ranges, used range, counts).
    @discardableResult
    public func forEachRow(in sheet: SheetInfo, _ body: (RowView) throws -> Void) throws -> WorksheetSummary {
        try readRows(in: sheet) { row in
            try body(row)
            return true
        }
    }

    /// Streams rows to `body` while it returns true; the summary then says `stoppedEarly`.
    @discardableResult
    public func readRows(in sheet: SheetInfo, while body: (RowView) throws -> Bool) throws -> WorksheetSummary {
        try readRows(in: sheet, only: nil, while: body)
    }

    /// Streams the rows numbered `rows` to `body` (and, in a sheet whose rows are not all
    /// numbered, possibly others: check `index`). The other rows are passed over by a byte scan,
    /// not parsed, so reading a few rows of a large sheet costs little more than inflating it.
    /// The summary counts only the rows parsed.
    public func forEachRow(in sheet: SheetInfo, only rows: Set<Int>, _ body: (RowView) throws -> Void) throws {
        _ = try readRows(in: sheet, only: rows.sorted()) { row in
            try body(row)
            return true
        }
    }

    private func readRows(in sheet: SheetInfo, only rows: [Int]?, while body: (RowView) throws -> Bool) throws -> WorksheetSummary {
        guard sheet.kind == .worksheet else { return WorksheetSummary() }
        do {
            switch content {
            case .legacy(let legacy):
                return try withoutActuallyEscaping(body) { try legacy.readRows(in: sheet, while: WorkbookReader.only(rows, $0)) }
            case .text(let text):
                return try withoutActuallyEscaping(body) { try text.readRows(while: WorkbookReader.only(rows, $0)) }
            case .openDocument(let document):
                return try withoutActuallyEscaping(body) { try document.readRows(in: sheet, while: WorkbookReader.only(rows, $0)) }
            case .package:
                break
            }
            guard let part = sheet.part else {
                throw XLSXError(.missingPart, "sheet has no relationship to a part", sheet: sheet.name)
            }
            guard let entry = package.entry(part) else {
                throw XLSXError(.missingPart, "sheet part \(part) is missing", part: part, sheet: sheet.name)
            }
            let styles = try styles()
            let strings = try sharedStrings()
            return try withoutActuallyEscaping(body) { body in
                let parser = WorksheetParser(sheetName: sheet.name, sharedStrings: strings, styles: styles,
                                             dateSystem: dateSystem, body: body)
                do {
                    if let rows {
                        try RowSplicer.read(entry, in: package.archive, rows: rows, with: parser)
                    } else {
                        try XMLPushParser.parse(entry, in: package.archive, with: parser)
                    }
                } catch is WorksheetParser.StopReading {
                    // The caller asked to stop.
                }
                return parser.finishedSummary()
            }
        } catch let error as XLSXError {
            throw error.inFile(path).inSheet(sheet.name)
        }
    }

    /// `body` for the rows numbered `rows` only (all when nil), stopping after the last: the sparse
    /// read of the formats without a byte scan to pass rows over.
    private static func only(_ rows: [Int]?, _ body: @escaping (RowView) throws -> Bool) -> (RowView) throws -> Bool {
        guard let rows else { return body }
        let wanted = Set(rows), last = rows.last ?? 0
        return { row in
            if wanted.contains(row.index) { guard try body(row) else { return false } }
            return row.index < last
        }
    }

    /// The first `limit` rows of a sheet, kept (convenience for small reads).
    public func rows(in sheet: SheetInfo, limit: Int = .max) throws -> [Row] {
        var rows: [Row] = []
        try readRows(in: sheet) { row in
            guard rows.count < limit else { return false }
            rows.append(row.materialize())
            return rows.count < limit
        }
        return rows
    }

    /// The styles part's name, if the workbook has one.
    var stylesPart: String? { format == .xlsx ? target(ofType: "styles", contentTypeSuffix: ".styles+xml") : nil }
    var sharedStringsPart: String? { format == .xlsx ? target(ofType: "sharedStrings", contentTypeSuffix: ".sharedStrings+xml") : nil }

    /// Whether the workbook is ISO 29500 Strict (its relationships use the Strict namespace).
    var isStrict: Bool { workbookRelationships.contains { $0.type.hasPrefix("http://purl.oclc.org/ooxml/") } }

    private func target(ofType type: String, contentTypeSuffix: String) -> String? {
        if let relationship = workbookRelationships.first(where: { $0.hasType(type) && !$0.isExternal }) {
            return relationship.target
        }
        return package.contentTypes.parts(where: { $0.hasSuffix(contentTypeSuffix) }).sorted().first
    }
}
