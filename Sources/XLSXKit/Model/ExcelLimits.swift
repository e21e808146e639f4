import Foundation

/// The limits Excel holds a workbook to: past them it refuses the file or offers to "repair" it
/// (and drops content). Every writer path keeps to them — the writer, the editor, fill, convert —
/// and says what it had to cut.
public enum ExcelLimits {
    /// Characters (UTF-16 code units, as Excel counts) in one cell's text.
    public static let cellText = 32_767
    /// Characters in a sheet name.
    public static let sheetName = 31
    /// Characters a sheet name may not contain.
    public static let sheetNameForbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]

    /// `text` cut to the cell limit (never between the halves of a surrogate pair), nil when it fits.
    public static func cut(_ text: String) -> String? {
        guard text.utf16.count > cellText else { return nil }
        var end = text.utf16.index(text.utf16.startIndex, offsetBy: cellText)
        if let scalarEnd = end.samePosition(in: text.unicodeScalars) { end = scalarEnd } else { end = text.utf16.index(before: end) }
        return String(text[..<end])
    }

    /// Throws `invalidSheetName` for a name Excel does not accept: empty, over 31 characters, with
    /// `[]:*?/\`, starting or ending with an apostrophe, or (ignoring case) one of `existing`.
    public static func check(sheetName name: String, existing: [String], file: String?) throws {
        guard !name.isEmpty, name.utf16.count <= sheetName, !name.contains(where: sheetNameForbidden.contains),
              !name.hasPrefix("'"), !name.hasSuffix("'") else {
            throw XLSXError(.invalidSheetName, "sheet name \"\(name)\" is empty, longer than 31 characters or contains []:*?/\\ or a leading/trailing apostrophe",
                            file: file, sheet: name)
        }
        guard !existing.contains(where: { $0.lowercased() == name.lowercased() }) else {
            throw XLSXError(.invalidSheetName, "sheet name \"\(name)\" is already used", file: file, sheet: name)
        }
    }

    /// A sheet name made acceptable: forbidden characters replaced by `_`, cut to 31 characters,
    /// and numbered (`名单(2)`) when `existing` has it.
    public static func sheetName(from text: String, existing: [String] = []) -> String {
        var name = String(text.map { sheetNameForbidden.contains($0) ? "_" : $0 }).trimmingCharacters(in: CharacterSet(charactersIn: "' "))
        if name.isEmpty { name = "Sheet1" }
        func fitted(_ base: String, _ suffix: String) -> String {
            var base = base
            while (base + suffix).utf16.count > sheetName { base.removeLast() }
            return base + suffix
        }
        var candidate = fitted(name, ""), number = 2
        while existing.contains(where: { $0.lowercased() == candidate.lowercased() }) {
            candidate = fitted(name, "(\(number))")
            number += 1
        }
        return candidate
    }
}

/// The cells a writer had to cut, kept for its caller to report (the first 1,000, and how many in all).
public struct CutCells: Sendable, Equatable {
    public private(set) var cells: [CutCell] = []
    public private(set) var count = 0

    public init() {}

    mutating func add(sheet: String, row: Int, column: Int, length: Int?) {
        guard let length else { return }
        count += 1
        if cells.count < 1000 { cells.append(CutCell(sheet: sheet, cell: CellReference(row: row, column: column).description, length: length)) }
    }

    /// `工作表「名单」B12（原 40000 个字符）、… 等 N 处`, nil when nothing was cut.
    public var summary: String? {
        guard count > 0 else { return nil }
        return cells.prefix(10).map(\.description).joined(separator: "、") + (count > 10 ? " 等 \(count) 处" : "")
    }
}

/// A cell whose text was longer than Excel allows and was cut: where, and how long it was.
public struct CutCell: Sendable, Equatable, CustomStringConvertible {
    public var sheet: String
    public var cell: String
    /// The text's length before the cut, in characters as Excel counts them.
    public var length: Int

    public var description: String { "工作表「\(sheet)」\(cell)（原 \(length) 个字符）" }
}
