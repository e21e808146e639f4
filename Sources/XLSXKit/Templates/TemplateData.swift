/// The data a template is filled with: single values and lists of records.
public struct TemplateData {
    /// Values for `{name}` placeholders.
    public var values: [String: CellValue]
    /// Lists for `{.field}` (key `""`) and `{list.field}` placeholders.
    public var lists: [String: TemplateList]

    public init(values: [String: CellValue] = [:], lists: [String: TemplateList] = [:]) {
        self.values = values
        self.lists = lists
    }
}

/// A list of records, streamed: each record is an array of values in `fields` order.
public struct TemplateList {
    /// Field names, e.g. `["序号", "姓名", "公民身份号码"]`.
    public let fields: [String]
    /// The number of records, when known without reading them (saves a counting pass).
    public let count: Int?
    /// Calls its argument once per record, in order; may be called more than once.
    public let forEachRecord: ((([CellValue]) throws -> Void) throws -> Void)

    /// A list whose records are produced on demand (from a file, a database, …).
    public init(fields: [String], count: Int? = nil, forEachRecord: @escaping (([CellValue]) throws -> Void) throws -> Void) {
        self.fields = fields
        self.count = count
        self.forEachRecord = forEachRecord
    }

    /// A list held in memory.
    public init(fields: [String], records: [[CellValue]]) {
        self.init(fields: fields, count: records.count) { body in
            for record in records { try body(record) }
        }
    }
}

/// What a fill did besides writing the file.
public struct FillReport: Sendable, Equatable {
    /// Records written per list (`""` is the default list).
    public var records: [String: Int] = [:]
    /// `{name}` placeholders the data had no value for (left empty), as `工作表!单元格 {name}`.
    public var unfilled: [String] = []
    /// Formulas whose cached value could not be computed (Excel computes them on opening).
    public var uncomputedFormulas = 0
    /// Values longer than Excel's 32,767 characters a cell holds, cut.
    public var cut = CutCells()
}
