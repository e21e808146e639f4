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
        按政策配置中的模板生成，以该月最后一天为准（比对名单按配置的比对日）。每条记录按它自己的日期判断
        （参保时间、代缴时间、到账时间、待遇开始时间、死亡日期、入学时间、名单的数据截至），用到目前为止收到的
        全部文件：次月初才收到的参保缴费信息也计入该月。文件到达的先后不影响结果，同样的文件生成的报表逐字节相同。
        要重现某月在某一天所知的样子（例如当时已报出的报表），用 --known-on 只使用那天以前收到的文件。
        比对名单（应参未参、应代缴未代缴、应发未发）按配置每月或每季度末生成，另附“比对排除名单”说明未列入比对的人员及原因。
        在工作区中运行时，政策配置和填报单位取自工作区配置（sheetflow.yaml），命令行参数优先。

        示例：
          sheetflow report --month 2026-10
          sheetflow report --month 2026-09 --known-on 2026-10-05
          sheetflow report --month 2026-09 --profile kunming-2021 --workspace 昆明工作区 -o 九月报表
        """
    )

    @Option(name: .long, help: "月份，如 2026-10。")
    var month: String

    @OptionGroup var options: WorkspaceOptions

    @Option(name: .long, help: "填报单位（默认取工作区配置，没有时为配置的地区名称）。")
    var unit: String?

    @Option(name: .customLong("known-on"), help: "只用这一天以前（含当天）收到的文件，重现当时的报表，如 2026-10-05。")
    var knownOn: String?

    @Option(name: .shortAndLong, help: "输出文件夹（默认 工作区/outbox/月份月报/：该月最新的一套，整套替换，旧的移到 outbox/历史月报/）。")
    var output: String?

    func run() throws {
        let reportMonth = try parseMonth(month)
        let known = try knownOn.map { text in
            guard let day = DateText.parse(text) else { throw usageError("--known-on 应是日期，如 2026-10-05（收到：\(text)）。") }
            return day.iso8601
        }
        do {
            try options.run(unit: unit) { settings in
                // Into the workspace: written aside, then published whole as the month's current set.
                let space = options.space
                let register = try options.existingRegister()
                let draft = output ?? space.reportDraft(for: reportMonth)
                var result = try MonthlyReport.write(register: register, options: MonthlyReportOptions(profile: settings.profile, month: reportMonth,
                                                                                                        folder: draft, unit: settings.unit, knownOn: known))
                var folder = draft
                if output == nil {
                    let group = (try? WorkspaceConfig.read(workspace: space))?.group
                    folder = try space.publishReports(draft, for: reportMonth, group: group)
                    result.outputs = result.outputs.map { folder + "/" + URL(fileURLWithPath: $0).lastPathComponent }
                }
                print("\(reportMonth)报表（\(settings.profile.id)，数据截至 \(reportMonth.referenceDate.iso8601)）：\(folder)")
                print("  " + settings.line + (known.map { "；只用 \($0) 以前收到的文件" } ?? "；用到目前为止收到的全部文件"))
                for path in result.outputs { print("  \(URL(fileURLWithPath: path).lastPathComponent)") }
                if !result.counts.isEmpty { print("  " + result.counts.map { "\($0.0) \($0.1) 人" }.joined(separator: "，")) }
            }
        } catch let error as XLSXError {
            throw report(error)
        }
    }
}
