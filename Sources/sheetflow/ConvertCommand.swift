import ArgumentParser
import Foundation
import XLSXKit

/// `sheetflow convert`: CSV → xlsx, a workbook (.xlsx, .xls, .ods) → CSV, and .xls/.ods → .xlsx.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "CSV 与 Excel 工作簿（.xlsx）互相转换，.xls/.ods 转为 .xlsx，身份证号、电话号码等不会被变成科学计数法。",
        discussion: """
        方向由扩展名决定：.csv/.txt → .xlsx，工作簿（.xlsx/.xls/.ods）→ .csv，.xls/.ods → .xlsx（保留全部工作表、合并单元格、列宽和日期格式）。
        读取 CSV 时自动识别编码（UTF-8、GB18030/GBK、Excel 的 Unicode 文本）和分隔符。
        写出的 CSV 默认为带 BOM 的 UTF-8（Excel 可直接打开），也可用 --encoding gb18030。

        示例：
          sheetflow convert 名单.csv -o 名单.xlsx
          sheetflow convert 名单.xlsx -o 名单.csv
          sheetflow convert 名单.xlsx -o 名单.csv --encoding gb18030 --sheet 花名册
          sheetflow convert 旧名单.xls -o 名单.xlsx
        """
    )

    enum Encoding: String, ExpressibleByArgument, CaseIterable {
        case utf8, gb18030
    }

    @Argument(help: "输入文件（.csv、.txt、.xlsx、.xls 或 .ods）。")
    var input: String

    @Option(name: .shortAndLong, help: "输出文件（.xlsx 或 .csv）。")
    var output: String

    @Option(name: .long, help: "CSV 的编码：写出时为 utf8（默认，带 BOM）或 gb18030；读取时不填则自动识别。")
    var encoding: Encoding?

    @Option(name: .long, help: "从 .xlsx 转出时使用的工作表（名称或从 1 开始的序号），默认第一个。")
    var sheet: String?

    private var direction: (fromCSV: Bool, toCSV: Bool) {
        let from = URL(fileURLWithPath: input).pathExtension.lowercased()
        let to = URL(fileURLWithPath: output).pathExtension.lowercased()
        return (["csv", "txt", "tsv"].contains(from), to == "csv" || to == "txt")
    }

    func validate() throws {
        guard URL(fileURLWithPath: input).standardizedFileURL != URL(fileURLWithPath: output).standardizedFileURL else {
            throw usageError("输出文件不能与输入文件相同：输入文件不会被修改。")
        }
        let (fromCSV, toCSV) = direction
        let toXLSX = URL(fileURLWithPath: output).pathExtension.lowercased() == "xlsx"
        guard (fromCSV && toXLSX) || (!fromCSV && (toCSV || toXLSX)) else {
            throw usageError("只支持 CSV → .xlsx、工作簿（.xlsx/.xls/.ods）→ CSV 或 .xls/.ods → .xlsx，请检查输入和输出文件的扩展名。")
        }
    }

    func run() throws {
        do {
            if direction.fromCSV {
                let textEncoding = encoding.map { $0 == .gb18030 ? TextEncoding.gb18030 : .utf8 }
                let sheetName = URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent
                let report = try TableConversion.csvToWorkbook(csv: input, xlsx: output, encoding: textEncoding,
                                                               sheetName: ExcelLimits.sheetName(from: sheetName))
                let delimiter = [UInt8(ascii: ","): "逗号", UInt8(ascii: "\t"): "制表符", UInt8(ascii: ";"): "分号", UInt8(ascii: "|"): "竖线"][report.delimiter] ?? "逗号"
                print("已转换：\(output)，\(report.rows) 行 × \(report.columns) 列（CSV 编码 \(report.encoding.rawValue)，分隔符\(delimiter)）")
                if !report.codeColumns.isEmpty { print("按文本写入（不会变成科学计数法）的列：" + report.codeColumns.joined(separator: "、")) }
                if !report.dateColumns.isEmpty { print("按日期写入的列：" + report.dateColumns.joined(separator: "、")) }
                if let cut = report.cut.summary { print("超过 Excel 每格 32767 个字符上限、已截断的单元格：\(cut)") }
            } else if !direction.toCSV {
                let workbook = try WorkbookReader(path: input)
                try WorkbookCopy.write(workbook, to: output)
                print("已转换：\(output)，\(workbook.sheets.filter { $0.kind == .worksheet }.count) 个工作表（原文件为 \(workbook.format.displayName)，未改动）")
            } else {
                let workbook = try WorkbookReader(path: input)
                let selected = try sheet.map { selector -> SheetInfo in
                    if let named = try? workbook.sheet(named: selector) { return named }
                    if let position = Int(selector) { return try workbook.sheet(at: position - 1) }
                    return try workbook.sheet(named: selector)
                }
                let report = try TableConversion.workbookToCSV(xlsx: input, csv: output, sheet: selected,
                                                               encoding: encoding == .gb18030 ? .gb18030 : .utf8)
                print("已转换：\(output)，\(report.rows) 行 × \(report.columns) 列（编码 \(report.encoding == .utf8 ? "UTF-8，带 BOM" : "GB18030")）")
            }
        } catch let error as XLSXError {
            throw report(error)
        }
    }
}
