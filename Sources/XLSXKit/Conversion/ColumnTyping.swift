/// Decides how CSV text becomes typed cells: which columns are codes that must stay text (ID
/// numbers, phone numbers, anything with a leading zero or more digits than a double keeps),
/// which are numbers, which are dates.
///
/// Columns are judged on a sample of rows; each cell is still checked on its own, so a value that
/// would lose digits as a number is always written as text.
struct ColumnTyping {
    /// How a column is written.
    enum Kind: Equatable {
        /// Plain text.
        case text
        /// Digit strings that are codes (IDs, phone numbers, leading zeros): text with format `@`.
        case code
        /// Numbers.
        case number
        /// Dates (and date-times).
        case date
    }

    private(set) var kinds: [Kind] = []

    /// Judges each column from sample rows (without the header).
    init(sample: [[String]]) {
        let width = sample.map(\.count).max() ?? 0
        kinds = (0..<width).map { column in
            var numbers = 0, dates = 0, codes = 0, others = 0
            for row in sample where column < row.count {
                let value = ColumnTyping.trimmed(row[column])
                if value.isEmpty { continue }
                if ColumnTyping.isCode(value) { codes += 1 }
                else if ColumnTyping.number(value) != nil { numbers += 1 }
                else if ColumnTyping.date(value) != nil { dates += 1 }
                else { others += 1 }
            }
            if codes > 0 { return .code }
            if others == 0 && dates == 0 && numbers > 0 { return .number }
            if others == 0 && numbers == 0 && dates > 0 { return .date }
            return .text
        }
    }

    /// The kind of a column (text beyond the sampled width).
    func kind(_ column: Int) -> Kind { column < kinds.count ? kinds[column] : .text }

    /// The typed value for `text` in a column of `kind`.
    func value(_ text: String, kind: Kind) -> CellValue {
        if text.isEmpty { return .empty }
        switch kind {
        case .number:
            let trimmed = ColumnTyping.trimmed(text)
            if !ColumnTyping.isCode(trimmed), let number = ColumnTyping.number(trimmed) { return .number(number) }
        case .date:
            if let date = ColumnTyping.date(ColumnTyping.trimmed(text)) { return .date(date) }
        case .text, .code:
            break
        }
        return .string(text)
    }

    /// One cell judged on its own, as a spreadsheet opening the CSV would, except that codes stay
    /// text: a number, a date, or the text as written.
    static func cellValue(_ text: String) -> CellValue {
        let trimmed = ColumnTyping.trimmed(text)
        if trimmed.isEmpty { return text.isEmpty ? .empty : .string(text) }
        if ColumnTyping.isCode(trimmed) { return .string(text) }
        if let number = ColumnTyping.number(trimmed) { return .number(number) }
        if let date = ColumnTyping.date(trimmed) { return .date(date) }
        return .string(text)
    }

    /// `text` without surrounding ASCII whitespace (cheap when there is none, the usual case).
    @inline(__always)
    static func trimmed(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last,
              XMLWhitespace.isWhitespace(first) || XMLWhitespace.isWhitespace(last) else { return text }
        return text.trimmingWhitespace
    }

    /// Digit strings a number would mangle: a leading zero, 12 or more digits (ID, bank account), an 11-digit
    /// mobile number, or an 18-character ID ending in X.
    static func isCode(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first else { return false }
        var count = 0, nonDigits = 0, lastByte: UInt8 = 0
        for byte in bytes {
            if byte < 48 || byte > 57 { nonDigits += 1 }
            lastByte = byte
            count += 1
            if nonDigits > 1 { return false }
        }
        if nonDigits == 0 {
            if count > 1 && first == 48 { return true }
            if count >= 12 { return true }
            if count == 11 && first == 49 { return true }
            return false
        }
        return count == 18 && (lastByte == 88 || lastByte == 120)
    }

    /// A plain decimal number (`-12`, `3.5`, `1e-3`, `1,234.50`), nil otherwise.
    static func number(_ text: String) -> Double? {
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count < 40 else { return nil }
        // Thousands separators: 1,234,567.89
        if bytes.contains(UInt8(ascii: ",")) {
            let parts = text.split(separator: ".", maxSplits: 1)
            let groups = parts[0].split(separator: ",", omittingEmptySubsequences: false)
            let head = groups[0].hasPrefix("-") ? groups[0].dropFirst() : groups[0]
            guard (1...3).contains(head.count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
            bytes.removeAll { $0 == UInt8(ascii: ",") }
        }
        var index = 0
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
        var sawDigit = false, sawDot = false, sawExponent = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 48 && byte <= 57 {
                sawDigit = true
            } else if byte == UInt8(ascii: ".") && !sawDot && !sawExponent {
                sawDot = true
            } else if (byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")) && sawDigit && !sawExponent {
                sawExponent = true
                sawDigit = false
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "-") || bytes[index + 1] == UInt8(ascii: "+") { index += 1 }
            } else {
                return nil
            }
            index += 1
        }
        guard sawDigit else { return nil }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    /// A date in a common written form: `2020-03-05`, `2020/3/5`, `2020.3.5`, `2020年3月5日`, optionally with `08:30[:15]`.
    static func date(_ text: String) -> ExcelDateTime? {
        var numbers: [Int] = []
        numbers.reserveCapacity(6)
        var current = -1
        let bytes = text.utf8
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte >= 48 && byte <= 57 {
                current = (current < 0 ? 0 : current * 10) + Int(byte - 48)
                if current > 9999 { return nil }
                index = bytes.index(after: index)
                continue
            }
            if current >= 0 { numbers.append(current); current = -1 }
            switch byte {
            case UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: "T"):
                index = bytes.index(after: index)
            case 0xE5, 0xE6:
                // 年 E5 B9 B4, 月 E6 9C 88, 日 E6 97 A5
                let second = bytes.index(after: index)
                guard second != bytes.endIndex else { return nil }
                let third = bytes.index(after: second)
                guard third != bytes.endIndex else { return nil }
                let sequence = (byte, bytes[second], bytes[third])
                guard sequence == (0xE5, 0xB9, 0xB4) || sequence == (0xE6, 0x9C, 0x88) || sequence == (0xE6, 0x97, 0xA5) else { return nil }
                index = bytes.index(after: third)
            default:
                return nil
            }
            if numbers.count > 6 { return nil }
        }
        if current >= 0 { numbers.append(current) }
        guard numbers.count == 3 || numbers.count == 5 || numbers.count == 6 else { return nil }
        let (year, month, day) = (numbers[0], numbers[1], numbers[2])
        guard (1900...9999).contains(year), (1...12).contains(month), day >= 1, day <= ExcelDateTime.daysIn(month: month, year: year) else { return nil }
        var date = ExcelDateTime(year: year, month: month, day: day)
        if numbers.count >= 5 {
            guard numbers[3] < 24, numbers[4] < 60, numbers.count == 5 || numbers[5] < 60 else { return nil }
            date.hour = numbers[3]; date.minute = numbers[4]; date.second = numbers.count == 6 ? numbers[5] : 0
        }
        return date
    }
}

/// Parsing dates written in the common Chinese forms (`2026-10-31`, `2026/10/31`, `2026.10.31`, `2026年10月31日`).
public enum DateText {
    /// The date, or nil when `text` is not one.
    public static func parse(_ text: String) -> ExcelDateTime? { ColumnTyping.date(text.trimmingWhitespace) }
}
