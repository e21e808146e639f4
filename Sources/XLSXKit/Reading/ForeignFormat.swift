/// A file that is not a workbook, told by its first bytes rather than its name: what a clerk
/// dropped instead (a PDF, a screenshot, a system's "导出Excel" web page, a note, …) so the
/// answer can say what it is and what to do.
public enum ForeignFormat: String, Sendable, CaseIterable {
    case empty
    case pdf
    case image
    /// An HTML page, often a web system's "export to Excel" saved with an `.xls`/`.xlsx` name.
    case html
    /// Excel 2003 XML (SpreadsheetML), `<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`.
    case spreadsheetML2003
    /// Plain text that is not a table (a note, a log): CSV and tab-separated text is read.
    case text

    /// The format of a file whose first bytes are `head` (up to 4 KiB), nil when it is none of these.
    public static func sniff(_ head: [UInt8], size: UInt64) -> ForeignFormat? {
        if size == 0 { return .empty }
        let bytes = head.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(head.dropFirst(3)) : head
        if bytes.starts(with: Array("%PDF".utf8)) { return .pdf }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) || bytes.starts(with: [0xFF, 0xD8, 0xFF])
            || bytes.starts(with: Array("GIF8".utf8)) || bytes.starts(with: Array("BM".utf8)) && bytes.count > 14 && bytes[6...9].allSatisfy({ $0 == 0 }) {
            return .image
        }
        // Markup: skip white space, then look at the first tag (case-insensitive ASCII).
        let text = String(decoding: bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }.prefix(2048), as: UTF8.self).lowercased()
        if text.hasPrefix("<") {
            if text.contains("urn:schemas-microsoft-com:office:spreadsheet") || text.contains("progid=\"excel.sheet\"") && !text.contains("<html") {
                return .spreadsheetML2003
            }
            if text.hasPrefix("<!doctype html") || text.contains("<html") || text.contains("<table") || text.contains("<meta") { return .html }
        }
        if looksLikeText(bytes) { return .text }
        return nil
    }

    /// No NUL bytes and mostly printable: text in UTF-8, GB18030 or UTF-16 with a BOM.
    private static func looksLikeText(_ bytes: [UInt8]) -> Bool {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return true }
        guard !bytes.isEmpty, !bytes.contains(0) else { return false }
        let control = bytes.filter { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }.count
        return control * 50 < bytes.count
    }

    /// What it is and what to do, in Chinese.
    var advice: String {
        switch self {
        case .empty: "文件是空的（0 字节），可能复制或下载没有成功。请重新复制或下载原文件后再提交。"
        case .pdf: "这是 PDF 文件，不是 Excel 工作簿。请提交原始的 Excel 表格（.xlsx）；只有 PDF 的，请向发送单位索取 Excel 版本。"
        case .image: "这是图片（截图或照片），不是 Excel 工作簿。请提交 Excel 表格（.xlsx）。"
        case .html:
            "这是网页（HTML）文件，常见于业务系统“导出Excel”生成的网页表格，扩展名虽是 .xls/.xlsx，内容并不是工作簿。"
                + "请用 Excel 或 WPS 打开后“另存为” Excel 工作簿（*.xlsx）再提交。"
        case .spreadsheetML2003: "这是 Excel 2003 XML 表格（XML 电子表格）。请用 Excel 或 WPS 打开后“另存为” Excel 工作簿（*.xlsx）再提交。"
        case .text:
            "这是文本文件，不是 Excel 工作簿，内容也不是按列分好的表格（CSV 的各行用逗号或制表符分列）。"
                + "请提交名单的 Excel 工作簿，或用 Excel、WPS 打开后“另存为” Excel 工作簿（*.xlsx）再提交。"
        }
    }
}
