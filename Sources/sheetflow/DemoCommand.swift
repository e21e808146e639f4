import ArgumentParser
import Foundation
import Workflow
import XLSXKit

/// `sheetflow demo`: the embedded default — a sample county's workspace, three months processed.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "演示：生成一个示例县的工作区和三个月的名单（合成数据，不含真实个人信息），按文件夹服务的流程全部处理一遍。",
        discussion: """
        民政、乡村振兴（扶贫）、残联每月各送一份名单，社保经办机构的参保缴费信息导出（没有“数据截至”，直接放在收件箱里）
        先到；8 月的名单里有常见错误（身份证号存成数字、全角数字、“低保户”、文字日期、重复的人、外市户籍）。
        处理结果在工作区的 outbox/ 中，和 sheetflow watch 的结果完全一样。

        示例：
          sheetflow demo                          在 ./sheetflow-demo 生成
          sheetflow demo /tmp/示例县 --profile shaoguan-2018
        """
    )

    @Argument(help: "示例工作区文件夹（再次运行会重新生成）。")
    var directory: String = "sheetflow-demo"

    @Option(name: .long, help: "政策配置（默认 shaoguan-2018）。")
    var profile: String = ProfileCatalog.defaultProfile

    func run() throws {
        let workspace = URL(fileURLWithPath: directory).standardizedFileURL
        let outcome: Demo.Outcome
        do {
            outcome = try Demo(workspace: workspace, profile: profile).run()
        } catch let error as XLSXError {
            throw report(error)
        } catch let error as DemoError {
            printError(error.description)
            throw ExitStatus.unreadable
        } catch let error as ProfileError {
            printError(error.description)
            throw ExitStatus.unreadable
        }
        print("示例工作区：\(outcome.workspace.path)（政策配置 \(outcome.profile)）")
        var month: ReportMonth?
        for arrival in outcome.arrivals {
            if arrival.month != month {
                month = arrival.month
                print("\n\(arrival.month)的名单（次月 3 日送达）：")
            }
            print("  \(arrival.file)")
            // The receipt's register and validation lines say what arrived and what was wrong.
            for line in arrival.receipt where ["登记册", "校验", "未计入", "此前已收到"].contains(where: line.hasPrefix) {
                print("    " + (line.components(separatedBy: " 校验报告：").first ?? line))
            }
            if arrival.outputs == nil { print("    未能处理：\(arrival.receipt.first ?? "")") }
        }
        print("\n结果都在 outbox/ 中：每个文件一个文件夹（回执.txt、校验报告——问题标红标黄并加批注）；每月一个“月报”文件夹，总是该月最新的一套报表。")
        if let report = outcome.lastReport {
            print("十月的全部报表：\(outcome.workspace.path)/\(report)/")
        }
        print("原件在 archive/，处理日志在 .sheetflow/sheetflow.log。")
        print("\n下一步：把自己的名单放进 inbox/ 下对应的文件夹，运行 sheetflow run \(directory)；")
        print("      或 sheetflow init 新工作区 --unit 本单位名称 建立正式的工作区。")
    }
}
