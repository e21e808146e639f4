/// The file formats `WorkbookReader` reads, told apart by a file's bytes.
public enum SpreadsheetFormat: String, Sendable, Equatable, CaseIterable {
    /// Office Open XML workbook (`.xlsx`, `.xlsm`, `.xltx`): Excel 2007 and later, WPS, LibreOffice.
    case xlsx
    /// Excel 97–2003 workbook (`.xls`, BIFF8 in a compound file; also Excel 5/95's BIFF5/7):
    /// WPS's "兼容格式".
    case xls

    /// The format as a clerk knows it, e.g. `Excel 97-2003 工作簿（.xls）`.
    public var displayName: String {
        switch self {
        case .xlsx: "Excel 工作簿（.xlsx）"
        case .xls: "Excel 97-2003 工作簿（.xls）"
        }
    }

    /// The extension files of this format usually have, without the dot.
    public var usualExtension: String { rawValue }
}
