import ArgumentParser
import Foundation
import Workflow
import XLSXKit

/// `sheetflow report`: a month's outputs from the register.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "从登记册生成某月的全部报表：基本信息表、台账、统计表、比对名单、跨地推送名单等。",
        discussion: """
        按政策配置中的模板生成，数据以该月最后一天为准，因此可以随时重新生成过去某月的报表，结果完全相同。
        比对名单（应参未参、应代缴未代缴、应发未发）按配置每月或每季度末生成，另附“比对排除名单”说明未列入比对的人员及原因。

        示例：
          sheetflow report --month 2026-10
          sheetflow report --month 2026-09 --profile kunming-2021 --workspace 昆明工作区 -o 九月报表
        """
    )

    @Option(name: .long, help: "月份，如 2026-10。")
    var month: String

    @OptionGroup var options: WorkspaceOptions

    @Option(name: .long, help: "填报单位（默认为配置的地区名称）。")
    var unit: String?

    @Option(name: .shortAndLong, help: "输出文件夹（默认 工作区/outbox/月份月报/）。")
    var output: String?

    func run() throws {
        let reportMonth = try parseMonth(month)
        do {
            try options.run { policy in
                let folder = output ?? options.space.reportFolder(for: reportMonth)
                let result = try MonthlyReport.write(register: try options.existingRegister(),
                                                     options: MonthlyReportOptions(profile: policy, month: reportMonth, folder: folder, unit: unit))
                print("\(reportMonth)报表（\(policy.id)，数据截至 \(reportMonth.referenceDate.iso8601)）：\(folder)")
                for path in result.outputs { print("  \(URL(fileURLWithPath: path).lastPathComponent)") }
                if !result.counts.isEmpty { print("  " + result.counts.map { "\($0.0) \($0.1) 人" }.joined(separator: "，")) }
            }
        } catch let error as XLSXError {
            throw report(error)
        }
    }
}
