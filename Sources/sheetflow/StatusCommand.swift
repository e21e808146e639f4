import ArgumentParser
import Foundation
import Workflow

/// `sheetflow status`: what arrived this month and who is late.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "查看某月各报送单位送来了什么、谁已逾期未报。",
        discussion: """
        示例：
          sheetflow status
          sheetflow status --month 2026-10 --workspace 韶关工作区
        """
    )

    @Option(name: .long, help: "月份，如 2026-10（默认本月）。")
    var month: String?

    @OptionGroup var options: WorkspaceOptions

    @Option(name: .long, help: "以哪一天判断是否逾期（默认今天），如 2026-11-10。")
    var today: String?

    func run() throws {
        let now = ChinaTime.day(Date())
        let todayText = today ?? now.iso8601
        let reportMonth = try month.map(parseMonth) ?? ReportMonth(year: now.year, month: now.month)
        try options.run { policy in
            let status = try options.existingRegister().arrivals(in: reportMonth, profile: policy, today: todayText)
            print("\(reportMonth)：登记册中在册 \(status.people) 人，\(status.statuses) 个类别身份。")
            if status.lines.isEmpty { print("  本月尚未收到文件。") }
            for line in status.lines {
                print("  \(line.sender)  \(line.kind)  \(line.files) 个文件，\(line.records) 条记录，最新数据截至 \(line.latestAsOf)")
            }
            for late in status.late { print("  逾期：\(late.sender) 本月尚未报送名单（期限 \(late.deadline)）") }
        }
    }
}
