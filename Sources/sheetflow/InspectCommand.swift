import ArgumentParser
import Foundation
import XLSXKit

/// `sheetflow inspect`: what sheetflow sees in any xlsx.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "查看工作簿：工作表、状态、范围、合并单元格和前几行内容。",
        discussion: """
        示例：
          sheetflow inspect 名单.xlsx
          sheetflow inspect 名单.xlsx --sheet 花名册 --limit 50
          sheetflow inspect 名单.xlsx --sheet 2 --json
          sheetflow inspect 名单.xlsx --count      统计每个工作表的行数和单元格数
        """
    )

    @Argument(help: "要查看的工作簿（.xlsx、.xls、.ods 或 CSV，按内容识别）。")
    var file: String

    @Option(name: .long, help: "只看这个工作表（名称，或从 1 开始的序号）。")
    var sheet: String?

    @Option(name: .long, help: "每个工作表显示的行数。")
    var limit: Int = 20

    @Flag(name: .long, help: "以 JSON 输出。")
    var json = false

    @Flag(name: .long, help: "读取全部单元格，每个工作表输出一行：名称 rows=行数 cells=单元格数。")
    var count = false

    func validate() throws {
        guard limit >= 0 else { throw usageError("--limit 不能为负数。") }
    }

    func run() throws {
        do {
            let workbook = try WorkbookReader(path: file)
            let selected = try sheet.map { try select($0, in: workbook) }
            if count {
                for info in workbook.sheets where selected == nil || selected == info {
                    let summary = try workbook.forEachRow(in: info) { _ in }
                    print("\(info.name) rows=\(summary.rowCount) cells=\(summary.cellCount)")
                }
                return
            }
            let inspection = try WorkbookInspection(workbook, only: selected, limit: limit)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(inspection), as: UTF8.self))
            } else {
                print(InspectionText.render(inspection, file: file))
            }
        } catch let error as XLSXError {
            throw report(error)
        }
    }

    /// A sheet by exact name, else by 1-based position.
    private func select(_ selector: String, in workbook: WorkbookReader) throws -> SheetInfo {
        if let named = try? workbook.sheet(named: selector) { return named }
        if let position = Int(selector) { return try workbook.sheet(at: position - 1) }
        return try workbook.sheet(named: selector)
    }
}

/// The human-readable form of an inspection, in Chinese.
enum InspectionText {
    static func render(_ inspection: WorkbookInspection, file: String) -> String {
        var lines = ["文件：\(file)（日期系统 \(inspection.dateSystem)）"]
        let stateNames = ["visible": "可见", "hidden": "隐藏", "veryHidden": "深度隐藏"]
        for sheet in inspection.sheets {
            var head = "工作表 \(sheet.index)「\(sheet.name)」 \(stateNames[sheet.state] ?? sheet.state)"
            if sheet.kind == "chartsheet" { head += "，图表工作表" }
            head += "，数据范围 \(sheet.dimension ?? "（空）")，\(sheet.rowCount) 行、\(sheet.cellCount) 个单元格"
            if let claimed = sheet.claimedDimension, claimed != sheet.dimension { head += "（文件声明范围 \(claimed)）" }
            lines.append(head)
            if !sheet.merged.isEmpty { lines.append("  合并单元格：" + sheet.merged.joined(separator: "、")) }
            if !sheet.hiddenColumns.isEmpty { lines.append("  隐藏列：" + sheet.hiddenColumns.joined(separator: "、")) }
            for row in sheet.rows {
                let cells = row.cells.map { cell -> String in
                    var text = "\(cell.ref)=\(cell.value)"
                    if let formula = cell.formula { text += "（公式 =\(formula)）" }
                    if cell.type == "date" { text += "［日期］" }
                    return text
                }
                lines.append("  第 \(row.row) 行\(row.hidden == true ? "（隐藏）" : "")：" + cells.joined(separator: "  "))
            }
            if sheet.rowCount > sheet.rows.count {
                lines.append("  ……共 \(sheet.rowCount) 行，仅显示前 \(sheet.rows.count) 行（用 --limit 调整）")
            }
        }
        return lines.joined(separator: "\n")
    }
}
