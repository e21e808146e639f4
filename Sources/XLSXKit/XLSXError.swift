import Foundation

/// Why a workbook could not be read, with where it happened (file, part, sheet, cell, line).
///
/// Thrown only when reading cannot go on. `message` is the Chinese sentence shown to a clerk:
/// what is wrong and what to do about it; `detail` is the technical cause in English.
public struct XLSXError: Error, Sendable, CustomStringConvertible, LocalizedError {
    /// What went wrong, as a stable code scripts and tests can match on.
    public enum Code: String, Sendable {
        /// The file could not be opened or read from disk.
        case unreadableFile
        /// Not a zip archive at all (and not a known legacy format).
        case notAZip
        /// Another kind of file, told by its bytes (`format` says which: PDF, image, HTML, CSV, .ods …).
        case otherFormat
        /// A spreadsheet from before Excel 5 (BIFF2–4), which sheetflow does not read.
        case legacyExcel
        /// A password-protected workbook (OLE file with EncryptionInfo), or an encrypted zip entry.
        case encrypted
        /// The zip ends early: copying or downloading did not finish.
        case truncated
        /// The zip structure is inconsistent (bad headers, wrong sizes, bad CRC).
        case corruptArchive
        /// Two entries of the zip have one name (also differing only in case or `\` for `/`).
        case ambiguousPackage
        /// A zip entry uses a compression method other than stored or deflate.
        case unsupportedCompression
        /// Inflating would exceed the configured size or ratio limits (zip bomb).
        case limitExceeded
        /// A part the workbook needs is absent: `[Content_Types].xml`, the workbook, a sheet.
        case missingPart
        /// The zip is a valid package but not a spreadsheet (e.g. a Word document).
        case notASpreadsheet
        /// No sheet with the requested name or index.
        case sheetNotFound
        /// XML that is not well-formed, not UTF-8, or too deeply nested.
        case malformedXML
        /// XML with a DOCTYPE: entity tricks are refused, never expanded.
        case forbiddenDTD
        /// A cell or row reference outside A1:XFD1048576, or unparseable.
        case invalidCellReference
        /// Data to write beyond a sheet's 1,048,576 rows or 16,384 columns.
        case sheetTooLarge
        /// A sheet name Excel does not accept (empty, over 31 characters, `[]:*?/\`, or a duplicate).
        case invalidSheetName
        /// Text (CSV) whose bytes are not in the detected or given encoding.
        case invalidText
        /// A template placeholder the data cannot fill (an unknown list or field).
        case templateMismatch
        /// An Excel 5/95 `.xls` whose text is in a code page sheetflow cannot decode.
        case unknownCodePage
        /// A workbook in another format (.xls, .ods, .csv) where only an .xlsx will do (a template).
        case needsXLSX
    }

    public var code: Code
    /// The workbook file, as given by the caller.
    public var file: String?
    /// The part inside the package, e.g. `xl/worksheets/sheet1.xml`.
    public var part: String?
    /// The sheet name as the user sees it.
    public var sheet: String?
    /// The cell as the user sees it, e.g. `C12`.
    public var cell: String?
    /// Line in the part's XML, when the XML parser knows it.
    public var line: Int?
    /// Technical cause in English (for logs and bug reports).
    public var detail: String
    /// For `otherFormat`: what the file is instead.
    public var format: ForeignFormat?

    /// Creates an error; context fields are usually filled in as it travels up.
    public init(_ code: Code, _ detail: String, file: String? = nil, part: String? = nil,
                sheet: String? = nil, cell: String? = nil, line: Int? = nil) {
        self.code = code; self.detail = detail; self.file = file; self.part = part
        self.sheet = sheet; self.cell = cell; self.line = line
    }

    /// A copy with the file name set if it was not known yet.
    func inFile(_ path: String) -> XLSXError {
        var copy = self
        if copy.file == nil { copy.file = path }
        return copy
    }

    /// A copy with the sheet name set if it was not known yet.
    func inSheet(_ name: String) -> XLSXError {
        var copy = self
        if copy.sheet == nil { copy.sheet = name }
        return copy
    }

    /// Where it happened, as a clerk reads it: `名单.xlsx，工作表「花名册」，单元格 C12，第 3 行 XML`.
    public var location: String {
        var parts: [String] = []
        if let file { parts.append((file as NSString).lastPathComponent) }
        if let sheet { parts.append("工作表「\(sheet)」") }
        if let cell { parts.append("单元格 \(cell)") }
        if let part, cell == nil {
            parts.append("部件 \(part)")
        }
        if let line { parts.append("XML 第 \(line) 行") }
        return parts.joined(separator: "，")
    }

    /// The Chinese message for a clerk: what is wrong and how to fix it.
    public var message: String {
        let what: String
        switch code {
        case .unreadableFile:
            what = "无法打开文件。请确认文件存在、未被其他程序独占，并且有读取权限。"
        case .notAZip:
            what = "这不是 Excel 工作簿（.xlsx）文件。请用 Excel 或 WPS 打开后“另存为” Excel 工作簿（*.xlsx）再提交。"
        case .otherFormat:
            what = format?.advice ?? "这不是 Excel 工作簿（.xlsx）文件。请用 Excel 或 WPS 打开后“另存为” Excel 工作簿（*.xlsx）再提交。"
        case .legacyExcel:
            what = "这是 Excel 4.0 或更早版本保存的文件，sheetflow 读取 Excel 5.0 及以后的 .xls 和 .xlsx。请用 Excel 或 WPS 打开后“另存为” Excel 工作簿（*.xlsx）再提交。"
        case .encrypted:
            what = "工作簿设置了打开密码（已加密），无法读取。请先在 Excel 或 WPS 中去掉密码（文件→信息→保护工作簿→用密码进行加密，清空密码），再另存后提交。"
        case .truncated:
            what = "文件不完整，可能尚未复制完成或下载中断。请重新复制或下载原文件后再提交。"
        case .corruptArchive:
            what = "文件已损坏，内部数据不一致。请用 Excel 或 WPS 打开后另存为新的 .xlsx 文件，或向发送单位重新索取。"
        case .ambiguousPackage:
            what = "文件内部有两个同名的部件，不同的软件会读出不同的内容，无法确定哪一个是真的。请用 Excel 或 WPS 打开核对后另存为新的 .xlsx 文件，或向发送单位重新索取。"
        case .unsupportedCompression:
            what = "文件使用了不支持的压缩方式。请用 Excel 或 WPS 打开后另存为 .xlsx 文件再提交。"
        case .limitExceeded:
            what = "文件解压后的数据量异常巨大（超过安全上限），已拒绝读取。如确为正常文件，请拆分成多个较小的文件再提交。"
        case .missingPart:
            what = "文件缺少工作簿必需的内容，可能已损坏或不是由电子表格软件保存的。请用 Excel 或 WPS 打开后另存为 .xlsx 文件再提交。"
        case .notASpreadsheet:
            what = "这不是电子表格文件（可能是 Word、PowerPoint 等其他 Office 文档）。请提交 Excel 工作簿（.xlsx）。"
        case .sheetNotFound:
            what = "找不到指定的工作表。请检查工作表名称或序号（可先用 sheetflow inspect 查看所有工作表）。"
        case .malformedXML:
            what = "文件内部数据格式错误，无法解析。请用 Excel 或 WPS 打开后另存为新的 .xlsx 文件再提交。"
        case .forbiddenDTD:
            what = "文件内部含有不允许的 XML 声明（DOCTYPE/实体），为安全起见拒绝读取。请用 Excel 或 WPS 打开后另存为新的 .xlsx 文件再提交。"
        case .invalidCellReference:
            what = "文件中的单元格地址超出 Excel 的范围（最大 XFD1048576）或格式错误，文件可能已损坏。请用 Excel 或 WPS 打开后另存再提交。"
        case .sheetTooLarge:
            what = "数据超过 Excel 一个工作表的上限（最多 1,048,576 行、16,384 列），无法写成一个工作表。请把数据拆成几个文件。"
        case .templateMismatch:
            what = detail + "。请检查数据的表头（字段名）与模板中 {.字段名}、{名称} 的写法是否一致。"
        case .invalidText:
            what = "文本文件的编码无法识别（既不是 UTF-8 也不是 GB18030/GBK）。请用 Excel 或 WPS 打开后另存为“CSV UTF-8”或 Excel 工作簿再提交。"
        case .unknownCodePage:
            what = "这是 Excel 5.0/95 格式的 .xls 文件，其中文字的编码（代码页）无法识别，读出的文字会是乱码。请用 Excel 或 WPS 打开后“另存为” Excel 工作簿（*.xlsx）再提交。"
        case .needsXLSX:
            what = "这里需要 Excel 工作簿（.xlsx）格式的文件（例如模板）。请用 Excel 或 WPS 打开后“另存为” Excel 工作簿（*.xlsx）再使用。"
        case .invalidSheetName:
            what = "工作表名称不符合 Excel 的要求：不能为空、不超过 31 个字符、不能含有 [ ] : * ? / \\，也不能与其他工作表重名。"
        }
        let place = location
        return place.isEmpty ? what : "\(place)：\(what)"
    }

    public var description: String { "\(message) [\(code.rawValue): \(detail)]" }
    public var errorDescription: String? { message }
}
