/// One problem (or note) in a file, at a cell when it has one.
public struct Finding: Sendable, Equatable, Codable {
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

    public init(_ rule: Rule, sheet: String? = nil, cell: String? = nil, row: Int? = nil, column: String? = nil, detail: String? = nil) {
        self.rule = rule.code
        severity = rule.severity
        self.sheet = sheet
        self.cell = cell
        self.row = row
        self.column = column
        message = (detail.map { rule.title + "：" + $0 } ?? rule.title) + "。" + rule.fix
    }

    private enum CodingKeys: String, CodingKey {
        case rule, severity, sheet, cell, row, column, message
    }

    /// Every key is written, `null` when absent, as docs/rules.md documents the schema.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rule, forKey: .rule)
        try container.encode(severity, forKey: .severity)
        try container.encode(sheet, forKey: .sheet)
        try container.encode(cell, forKey: .cell)
        try container.encode(row, forKey: .row)
        try container.encode(column, forKey: .column)
        try container.encode(message, forKey: .message)
    }
}
