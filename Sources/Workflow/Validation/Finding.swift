import Foundation

/// One problem (or note) in a file, at a cell when it has one.
public struct Finding: Sendable, Equatable {
    public var rule: String
    public var severity: Severity
    public var sheet: String?
    /// `C12`, nil for findings about the whole file.
    public var cell: String?
    public var row: Int?
    /// The column's header as written.
    public var column: String?
    /// What is wrong and how to fix it, in Chinese; never a full ID number.
    public var message: String
    /// The 姓名 of the finding's row, as written, when the row has one.
    public var name: String?
    /// The cell's value as the file holds it (what the clerk typed), when there is a cell.
    public var value: String?

    public init(_ rule: Rule, sheet: String? = nil, cell: String? = nil, row: Int? = nil, column: String? = nil, detail: String? = nil) {
        self.rule = rule.code
        severity = rule.severity
        self.sheet = sheet
        self.cell = cell
        self.row = row
        self.column = column
        message = (detail.map { rule.title + "：" + $0 } ?? rule.title) + "。" + rule.fix
    }

    /// One line of the findings file kept while validating: tab-separated fields (messages have
    /// no tabs or line breaks).
    var line: String {
        var line = ""
        let fields = [rule, severity.rawValue, sheet ?? "", cell ?? "", row.map(String.init) ?? "", column ?? "", message, name ?? "", value ?? ""]
        for (index, field) in fields.enumerated() {
            if index > 0 { line += "\t" }
            if field.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
                line += String(field.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
            } else {
                line += field
            }
        }
        return line + "\n"
    }

    /// A finding read back from `line`.
    init?(line: Substring) {
        // Split on tabs by bytes (`split` on a Substring compares Characters, which is slow).
        var fields: [String] = []
        fields.reserveCapacity(9)
        let utf8 = line.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == 0x09 {
                fields.append(String(line[start..<index]))
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        fields.append(String(line[start..<index]))
        guard fields.count == 9, let severity = Severity(rawValue: fields[1]) else { return nil }
        rule = fields[0]
        self.severity = severity
        sheet = fields[2].isEmpty ? nil : fields[2]
        cell = fields[3].isEmpty ? nil : fields[3]
        row = Int(fields[4])
        column = fields[5].isEmpty ? nil : fields[5]
        message = fields[6]
        name = fields[7].isEmpty ? nil : fields[7]
        value = fields[8].isEmpty ? nil : fields[8]
    }

    /// The value as it may be shown outside the workbook: an ID's middle digits masked.
    var maskedValue: String? {
        guard let value else { return nil }
        let digits = value.filter { $0.isASCII && ($0.isNumber || $0 == "X" || $0 == "x") }
        return digits.count >= 15 && column == Field.id.rawValue ? ResidentID.mask(value) : value
    }

    /// The finding as a JSON object with all nine keys (`null` when absent), as docs/rules.md documents.
    var json: String {
        func string(_ text: String?) -> String {
            guard let text else { return "null" }
            if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { return "\"" + text + "\"" }
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        return "{\"rule\":\(string(rule)),\"severity\":\(string(severity.rawValue)),\"sheet\":\(string(sheet)),\"cell\":\(string(cell)),"
            + "\"row\":\(row.map(String.init) ?? "null"),\"column\":\(string(column)),\"name\":\(string(name)),\"value\":\(string(maskedValue)),"
            + "\"message\":\(string(message))}"
    }
}
