import ArgumentParser
import Foundation
import XLSXKit
import Workflow

/// `sheetflow status`: what arrived this month, and each sender against its own deadline.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "查看某月各报送单位送来了什么、是否按时，以及本单位的报送期限。",
        discussion: """
        每个报送名单的单位按配置中约束它的期限判断上月数据：按时、逾期几个工作日或未报。工作日按
        Templates/common/节假日安排.txt（法定节假日和调休上班日）计算。

        示例：
          sheetflow status
          sheetflow status --month 2026-11 --workspace 韶关工作区
        """
    )

    @Option(name: .long, help: "月份，如 2026-11（默认本月）：看这个月的报送期限和收到的文件。")
    var month: String?

    @OptionGroup var options: WorkspaceOptions

    @Option(name: .long, help: "以哪一天判断是否逾期（默认今天），如 2026-11-10。")
    var today: String?

    func run() throws {
        let now = ChinaTime.day(Date())
        let todayText = try today.map { text in
            guard let day = DateText.parse(text) else { throw usageError("--today 应是日期，如 2026-11-10（收到：\(text)）。") }
            return day.iso8601
        } ?? now.iso8601
        let reportMonth = try month.map(parseMonth) ?? ReportMonth(year: now.year, month: now.month)
        try options.run { settings in
            let calendar = settings.profile.calendar
            let status = try options.existingRegister().arrivals(in: reportMonth, profile: settings.profile, today: todayText)
            print(settings.line)
            print("\(reportMonth)（以 \(todayText) 判断）：\(reportMonth.previous)末在册 \(status.people) 人，\(status.statuses) 个类别身份。")
            if let deadline = status.senderDeadline {
                print("各单位报送\(reportMonth.previous)的名单（期限 \(deadline.describe(in: reportMonth, calendar: calendar))：\(deadline.what)）：")
                if status.senders.isEmpty { print("  还没有收到过名单，无从判断。") }
                for line in status.senders {
                    let arrival = line.delivery.map { "\($0.received.month)月\($0.received.day)日收到「\($0.file)」（数据截至 \($0.asOf)），" } ?? ""
                    print("  \(line.sender)：\(arrival)\(line.verdict)")
                }
            }
            for (deadline, due) in status.otherDeadlines {
                print("\(deadline.binds.rawValue)：\(deadline.what)，期限 \(due.month)月\(due.day)日\(deadline.workdays ? "（第\(deadline.day)个工作日）" : "")")
            }
            if status.lines.isEmpty { print("本月尚未收到文件。") } else { print("本月收到的文件：") }
            for line in status.lines {
                print("  \(line.sender)  \(line.kind)  \(line.files) 个文件，\(line.records) 条记录，最新数据截至 \(line.latestAsOf)")
            }
            if !calendar.years.contains(reportMonth.year) || calendar.pendingYears.contains(reportMonth.year) {
                print("注意：节假日安排中\(calendar.years.contains(reportMonth.year) ? "只有" : "没有") \(reportMonth.year) 年的法定假日\(calendar.years.contains(reportMonth.year) ? "，调休安排待补" : "")，"
                      + "工作日可能不准；请按国务院办公厅的通知补在 Templates/common/\(WorkCalendar.fileName) 中。")
            }
        }
    }
}
