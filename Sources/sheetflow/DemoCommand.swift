import ArgumentParser
import Foundation
import Workflow
import XLSXKit

/// `sheetflow demo`: the embedded default — a sample workspace, processed, with a summary.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "生成示例工作区（合成数据，不含真实个人信息）并演示读取名单。",
        discussion: """
        示例：
          sheetflow demo                 在 ./sheetflow-demo 生成示例工作区
          sheetflow demo /tmp/示例县      在指定目录生成
        """
    )

    @Argument(help: "示例工作区目录。")
    var directory: String = "sheetflow-demo"

    func run() throws {
        let workspace = URL(fileURLWithPath: directory).standardizedFileURL
        do {
            let outcome = try Demo(workspace: workspace).run()
            print("示例工作区：\(outcome.workspace.path)")
            print("示例名单：\(outcome.roster.path)")
            for sheet in outcome.sheets {
                print("  工作表「\(sheet.name)」：\(sheet.rows) 行，\(sheet.cells) 个单元格")
            }
            print("前几行内容：")
            for row in outcome.preview { print("  " + row.joined(separator: "  ")) }
            print("下一步：sheetflow inspect \"\(outcome.roster.path)\" 查看完整内容；")
            print("      sheetflow validate \"\(outcome.roster.path)\" 检查名单并生成校验报告。")
        } catch let error as XLSXError {
            throw report(error)
        }
    }
}
