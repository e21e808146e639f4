import ArgumentParser
import Foundation
import XLSXKit

/// `sheetflow fill`: fill any template with data from an xlsx, CSV or JSON file.
struct FillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fill",
        abstract: "用数据填写模板（.xlsx）：{名称} 填单个值，{.字段} 所在行按每条记录重复一行。",
        discussion: """
        模板是普通的 .xlsx，可以在 Excel 或 WPS 中修改。占位符写法：
          {数据截至}、{填报单位}、{地区}  单个值（可以写在文字中间，如“数据截至：{数据截至}”）
          {.姓名}、{.公民身份号码}   名单中的字段：这一行按每条记录重复，下面的内容（合计、签名栏）自动下移
          {名单名.字段}             一个工作表有多个名单时使用
          \\{                        表示字面上的大括号
        数据文件：.xlsx、.xls、.ods 或 .csv 的第一行是字段名，以下每行一条记录；.json 为记录数组，或对象（单个值 + 名单数组）。
        .xlsx 数据的第一个工作表填 {.字段}，每个工作表也按表名填同名的名单（{表名.字段}）；
        也可以用 --data 名单名=文件 为某个名单单独指定数据，可以重复。

        示例：
          sheetflow fill --template 台账.xlsx --data 名单.xlsx --set 填报单位=武江区社保局 --set 地区=武江区 --set 数据截至=2026-10-31 -o 台账-10月.xlsx
          sheetflow fill --template 名单模板.xlsx --data 数据.json -o 结果.xlsx
          sheetflow fill --template 附件2-台账.xlsx --data 建档立卡=扶贫办.csv --data 低保对象=民政局.xlsx \\
                         --data 特困人员=特困.csv --data 残疾人=残联.xlsx -o 台账.xlsx
        """
    )

    @Option(name: .long, help: "模板文件（.xlsx）。")
    var template: String

    @Option(name: .long, help: "数据文件（.xlsx、.xls、.ods、.csv 或 .json），或 名单名=文件；可重复。")
    var data: [String] = []

    @Option(name: .customLong("set"), help: "单个值，名称=值（可重复）；形如 2026-10-31 的值按日期填写。")
    var values: [String] = []

    @Option(name: .shortAndLong, help: "输出文件（.xlsx）。")
    var output: String

    func validate() throws {
        for pair in values where !pair.contains("=") {
            throw usageError("--set 的写法是 名称=值，例如 --set 数据截至=2026-10-31（收到：\(pair)）。")
        }
        guard URL(fileURLWithPath: template).standardizedFileURL != URL(fileURLWithPath: output).standardizedFileURL else {
            throw usageError("输出文件不能与模板相同：模板不会被修改。")
        }
    }

    func run() throws {
        do {
            var fillData = TemplateData()
            for source in data {
                if let (list, file) = Self.namedSource(source) {
                    fillData.lists[list] = try Self.list(from: file)
                    continue
                }
                let loaded: TemplateData
                switch URL(fileURLWithPath: source).pathExtension.lowercased() {
                case "json": loaded = try TemplateData.json(source)
                case "csv", "txt", "tsv": loaded = TemplateData(lists: ["": try TemplateList.csv(source)])
                default: loaded = try TemplateData.workbook(source)
                }
                fillData.values.merge(loaded.values) { old, _ in old }
                fillData.lists.merge(loaded.lists) { old, _ in old }
            }
            for pair in values {
                let name = String(pair[..<pair.firstIndex(of: "=")!])
                let text = String(pair[pair.index(after: pair.firstIndex(of: "=")!)...])
                fillData.values[name] = TemplateValue.parse(text)
            }
            let report = try TemplateFiller.fill(template: template, data: fillData, output: output)
            let records = report.records.values.reduce(0, +)
            print("已填写：\(output)（\(records) 条记录）")
            // "附表5!A11 {填表人}" notes, one line per placeholder with where it is.
            var places: [(name: String, cells: [String])] = []
            for note in report.unfilled {
                let parts = note.split(separator: " ", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                if let index = places.firstIndex(where: { $0.name == parts[1] }) { places[index].cells.append(parts[0]) } else { places.append((parts[1], [parts[0]])) }
            }
            for (name, cells) in places {
                let shown = cells.prefix(3).joined(separator: "、") + (cells.count > 3 ? " 等 \(cells.count) 处" : "")
                print("未填写的占位符 \(name)：\(shown)（数据中没有这个值，已留空；可用 --set 填写）")
            }
            if let cut = report.cut.summary { print("超过 Excel 每格 32767 个字符上限、已截断的单元格：\(cut)") }
            if report.uncomputedFormulas > 0 {
                print("有 \(report.uncomputedFormulas) 个公式的结果需要在 Excel/WPS 打开时计算（已设置打开时自动重算）。")
            }
        } catch let error as XLSXError {
            throw report(error)
        }
    }
}

extension FillCommand {
    /// `名单=文件`: a list's own data file (a path that exists as given is a file, not a pair).
    static func namedSource(_ source: String) -> (String, String)? {
        guard let equals = source.firstIndex(of: "="), !FileManager.default.fileExists(atPath: source) else { return nil }
        let name = String(source[..<equals])
        guard !name.isEmpty, !name.contains("/") else { return nil }
        return (name, String(source[source.index(after: equals)...]))
    }

    /// One list from a file: the first worksheet of a workbook, or a CSV.
    static func list(from file: String) throws -> TemplateList {
        switch URL(fileURLWithPath: file).pathExtension.lowercased() {
        case "csv", "txt", "tsv": try TemplateList.csv(file)
        default: try TemplateList.sheet(file)
        }
    }
}

/// How `--set` text becomes a value: dates and plain numbers are typed, everything else is text.
enum TemplateValue {
    static func parse(_ text: String) -> CellValue {
        if let date = DateText.parse(text) { return .date(date) }
        if let number = Double(text), !text.hasPrefix("0") || text == "0" || text.hasPrefix("0.") { return .number(number) }
        return .string(text)
    }
}
