/// The file formats `WorkbookReader` reads, told apart by a file's bytes.
public enum SpreadsheetFormat: String, Sendable, Equatable, CaseIterable {
    /// Office Open XML workbook (`.xlsx`, `.xlsm`, `.xltx`): Excel 2007 and later, WPS, LibreOffice.
    case xlsx
    /// Excel 97–2003 workbook (`.xls`, BIFF8 in a compound file; also Excel 5/95's BIFF5/7):
    /// WPS's "兼容格式".
    case xls
    /// OpenDocument spreadsheet (`.ods`): LibreOffice's own format.
    case ods
    /// Comma- or tab-separated text (`.csv`, `.txt`) in UTF-8, GB18030 or UTF-16: what pension
    /// systems export.
    case csv

    /// The format as a clerk knows it, e.g. `Excel 97-2003 工作簿（.xls）`.
    public var displayName: String {
        switch self {
        case .xlsx: "Excel 工作簿（.xlsx）"
        case .xls: "Excel 97-2003 工作簿（.xls）"
        case .ods: "OpenDocument 表格（.ods）"
        case .csv: "CSV 文本文件"
        }
    }

    /// The extensions files of this format usually have, without the dot.
    public var usualExtensions: [String] {
        switch self {
        case .xlsx: ["xlsx", "xlsm", "xltx", "xltm"]
        case .xls: ["xls", "xlt"]
        case .ods: ["ods", "ots"]
        case .csv: ["csv", "txt", "tsv"]
        }
    }
}
