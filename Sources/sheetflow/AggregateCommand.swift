import ArgumentParser
import Foundation
import Workflow
import XLSXKit

/// `sheetflow aggregate`: the city's statistics table from the counties' statistics files.
struct AggregateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "把各县（市、区）报来的统计表汇总成全市统计表，并检查各县合计是否与明细相符。",
        discussion: """
        每个县的统计表按政策配置中的统计表模板读取，各县一行汇总；合计与各行之和不符、已参保（已代缴、已领取）人数
        大于应参保（应代缴、应领取）人数、不是数字、数据截至不是该月的，逐条列出，并按各行之和计入汇总。
        退出码：0 无问题，1 有问题需退回核对，2 文件无法读取。

        示例：
          sheetflow aggregate 武江区统计表.xlsx 浈江区统计表.xlsx 曲江区统计表.xlsx --month 2026-10
          sheetflow aggregate 各县统计表/*.xlsx --profile kunming-2021 --unit 昆明市人社局 -o 汇总
        """
    )

    @Argument(help: "各县的统计表（.xlsx、.xls 或 .ods）。")
    var files: [String]

    @OptionGroup var workspace: WorkspaceOptions

    @Option(name: .long, help: "统计月份，如 2026-10；给出时检查各县的数据截至日期。")
    var month: String?

    @Option(name: .long, help: "填报单位（默认取工作区配置，没有时为配置的地级市名称）。")
    var unit: String?

    @Option(name: .shortAndLong, help: "输出文件夹（默认当前文件夹）。")
    var output: String = "."

    func run() throws {
        let reportMonth = try month.map(parseMonth)
        let settings = try workspace.settings(unit: unit)
        print(settings.line)
        let result: CityAggregationResult
        do {
            result = try CityAggregation.write(options: CityAggregationOptions(profile: settings.profile, inputs: files, folder: output,
                                                                               month: reportMonth, unit: settings.unit))
        } catch let error as XLSXError {
            throw report(error)
        } catch let error as AggregationError {
            printError(error.description)
            throw ExitStatus.unreadable
        }
        print("汇总了 \(result.counties.count) 个县（市、区）：\(result.counties.map(\.name).joined(separator: "、"))")
        print("汇总表：\(result.output)")
        if result.findings.isEmpty {
            print("各县合计与明细相符，未发现问题。")
            return
        }
        print("发现 \(result.findings.count) 个问题（请退回相关县核对）：")
        for finding in result.findings { print("  \(finding)") }
        throw ExitCode(1)
    }
}
