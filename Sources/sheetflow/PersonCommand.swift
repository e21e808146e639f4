import ArgumentParser
import Foundation
import Workflow
import XLSXKit

/// `sheetflow person`: one person in the register, and why they are on this month's lists.
struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person",
        abstract: "查人：某人在登记册中的类别、参保、代缴情况，本月在哪些名单上、为什么，以及依据的每条记录（文件、工作表、行）。",
        discussion: """
        按身份证号或姓名查找；同名的多个人时列出他们（身份证号只显示前六位和后四位），再用身份证号查。

        示例：
          sheetflow person 440203199001011231
          sheetflow person 张三 --month 2026-10 --workspace 武江区工作区
        """
    )

    @Argument(help: "身份证号或姓名。")
    var query: String

    @Option(name: .long, help: "月份，如 2026-10（默认本月）。")
    var month: String?

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let now = ChinaTime.day(Date())
        let reportMonth = try month.map(parseMonth) ?? ReportMonth(year: now.year, month: now.month)
        try options.run { settings in
            let register = try options.existingRegister()
            let found = try register.findPeople(query)
            guard !found.isEmpty else {
                printError("登记册中没有「\(PersonReport.shown(query: query))」：请核对身份证号或姓名（姓名须与名单上写的一致）。")
                throw ExitStatus.unreadable
            }
            guard found.count == 1 else {
                print("有 \(found.count) 人叫「\(PersonReport.shown(query: query))」，请用身份证号查：")
                for person in found { print("  \(ResidentID.mask(person.id))  \(person.name ?? "")") }
                return
            }
            guard let explained = try register.explain(found[0].id, month: reportMonth, profile: settings.profile, unit: settings.unit) else {
                printError("登记册中有这个身份证号的参保或比对记录，但还没有名单列出此人。")
                throw ExitStatus.unreadable
            }
            for line in PersonReport.lines(explained) { print(line) }
        }
    }
}
