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
          {数据截至}、{填报单位}     单个值（可以写在文字中间，如“数据截至：{数据截至}”）
          {.姓名}、{.公民身份号码}   名单中的字段：这一行按每条记录重复，下面的内容（合计、签名栏）自动下移
          {名单名.字段}             一个工作表有多个名单时使用
          \\{                        表示字面上的大括号
        数据文件：.xlsx 或 .csv 的第一行是字段名，以下每行一条记录；.json 为记录数组，或对象（单个值 + 名单数组）。

        示例：
          sheetflow fill --template 台账.xlsx --data 名单.xlsx --set 填报单位=武江区社保局 --set 数据截至=2026-10-31 -o 台账-10月.xlsx
          sheetflow fill --template 名单模板.xlsx --data 数据.json -o 结果.xlsx
        """
    )

    @Option(name: .long, help: "模板文件（.xlsx）。")
    var template: String

    @Option(name: .long, help: "数据文件（.xlsx、.csv 或 .json）。")
    var data: String?

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
            if let data {
                switch URL(fileURLWithPath: data).pathExtension.lowercased() {
                case "json": fillData = try TemplateData.json(data)
                case "csv", "txt", "tsv": fillData.lists[""] = try TemplateList.csv(data)
                default: fillData.lists[""] = try TemplateList.sheet(data)
                }
            }
            for pair in values {
                let name = String(pair[..<pair.firstIndex(of: "=")!])
                let text = String(pair[pair.index(after: pair.firstIndex(of: "=")!)...])
                fillData.values[name] = TemplateValue.parse(text)
            }
            let report = try TemplateFiller.fill(template: template, data: fillData, output: output)
            let records = report.records.values.reduce(0, +)
            print("已填写：\(output)（\(records) 条记录）")
            for note in report.unfilled { print("未填写的占位符：\(note)（数据中没有这个值，已留空）") }
            if report.uncomputedFormulas > 0 {
                print("有 \(report.uncomputedFormulas) 个公式的结果需要在 Excel/WPS 打开时计算（已设置打开时自动重算）。")
            }
        } catch let error as XLSXError {
            throw report(error)
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
