import Foundation

/// Reading fill data from the files clerks have: a sheet or CSV whose first row names the fields,
/// or JSON.
extension TemplateList {
    /// The rows of a sheet below its first row, which names the fields. Streams the sheet on each use.
    public static func sheet(_ path: String, sheet selector: SheetInfo? = nil) throws -> TemplateList {
        let workbook = try WorkbookReader(path: path)
        let sheet = try selector ?? workbook.sheets.first { $0.kind == .worksheet } ?? workbook.sheet(at: 0)
        var fields: [String] = []
        var headerRow = 0
        try workbook.readRows(in: sheet) { row in
            guard row.count > 0 else { return true }
            headerRow = row.index
            var names = [String](repeating: "", count: (0..<row.count).map { row[$0].column }.max() ?? 0)
            for position in 0..<row.count { names[row[position].column - 1] = row[position].value.text.trimmingWhitespace }
            fields = names
            return false
        }
        let width = fields.count
        return TemplateList(fields: fields) { body in
            let reader = try WorkbookReader(path: path)
            try reader.forEachRow(in: sheet) { row in
                guard row.index > headerRow, row.count > 0 else { return }
                var record = [CellValue](repeating: .empty, count: width)
                for position in 0..<row.count where row[position].column <= width {
                    record[row[position].column - 1] = row[position].value
                }
                try body(record)
            }
        }
    }

    /// The rows of a CSV file below its header, typed as `convert` types them (codes stay text).
    public static func csv(_ path: String, encoding: TextEncoding? = nil) throws -> TemplateList {
        var header: [String] = []
        var sample: [[String]] = []
        let reader = try CSVReader(path: path, encoding: encoding)
        struct Enough: Error {}
        do {
            try reader.forEachRow { fields in
                if header.isEmpty { header = fields.map(\.trimmingWhitespace); return }
                sample.append(fields)
                if sample.count == TableConversion.sampleSize { throw Enough() }
            }
        } catch is Enough {}
        let typing = ColumnTyping(sample: sample)
        let fields = header
        return TemplateList(fields: fields) { body in
            var first = true
            try CSVReader(path: path, encoding: encoding).forEachRow { values in
                if first { first = false; return }
                guard !values.allSatisfy(\.isEmpty) else { return }
                try body(values.enumerated().map { typing.value($0.element, kind: typing.kind($0.offset)) })
            }
        }
    }
}

extension TemplateData {
    /// Lists from a workbook: its first worksheet is the default list (`{.field}`), and every
    /// worksheet is also the list named like it (`{附表5.field}` from sheet 附表5).
    public static func workbook(_ path: String) throws -> TemplateData {
        let workbook = try WorkbookReader(path: path)
        var data = TemplateData()
        for sheet in workbook.sheets where sheet.kind == .worksheet {
            let list = try TemplateList.sheet(path, sheet: sheet)
            if data.lists[""] == nil { data.lists[""] = list }
            data.lists[sheet.name] = list
        }
        return data
    }

    /// Data from JSON: an array of records fills `{.field}`; an object's scalar members fill
    /// `{name}`, its arrays of objects fill `{name.field}` (and `"" : […]` or `"records": […]` the default list).
    /// Strings shaped like dates (`2026-10-31`) become dates.
    public static func json(_ path: String) throws -> TemplateData {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw XLSXError(.invalidText, "JSON 文件无法解析：\(error.localizedDescription)", file: path)
        }
        var data = TemplateData()
        if let records = object as? [[String: Any]] {
            data.lists[""] = list(records)
        } else if let members = object as? [String: Any] {
            for (key, member) in members {
                if let records = member as? [[String: Any]] {
                    data.lists[key == "records" ? "" : key] = list(records)
                } else {
                    data.values[key] = value(member)
                }
            }
        }
        return data
    }

    private static func list(_ records: [[String: Any]]) -> TemplateList {
        var fields: [String] = []
        for record in records { for key in record.keys.sorted() where !fields.contains(key) { fields.append(key) } }
        return TemplateList(fields: fields, records: records.map { record in fields.map { value(record[$0] as Any) } })
    }

    private static func value(_ member: Any) -> CellValue {
        switch member {
        case let flag as Bool where type(of: member) == type(of: NSNumber(value: true)) || member is Bool: return .boolean(flag)
        case let number as NSNumber: return .number(number.doubleValue)
        case let text as String: return ColumnTyping.date(text).map(CellValue.date) ?? .string(text)
        default: return .empty
        }
    }
}
