import ArgumentParser
import Foundation
import Workflow
import XLSXKit

/// `sheetflow ingest`: take files into the workspace's register.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "把名单、参保缴费信息、比对用名单（死亡、在校生、职工养老）登记入册。",
        discussion: """
        每个文件先校验（校验报告写入 工作区/outbox/日期/文件名/），再计入登记册 工作区/.sheetflow/register.sqlite。
        文件类型（名单、参保缴费信息、死亡人员名单、在校生名单、职工养老保险参保名单、资金划转名单、统计表）按表头、标题和文件名判断；
        判断不出的文件不登记（退出码 2），请用 --kind 指定。文件到达的先后不影响结果：
          全量名单：该报送单位该类别的全部人员，名单中已没有的人按数据截至日期记为退出（回执中列出，不会删除）；
          增量名单（有“变动类型”列，或标题写明新增、变动）：新增和修改，变动类型为“退出”的记为退出；
          参保缴费信息、死亡等名单中尚不在任何名单上的人：记录保存，收到名单后自动计入；
          内容相同的文件再次登记会被识别出来，不会重复计入。收到时间（移交时间）为文件的修改时间（不晚于现在）。

        示例：
          sheetflow ingest 低保对象名单.xlsx --sender 武江区民政局
          sheetflow ingest 名单1.xlsx 名单2.xlsx --workspace 韶关工作区
          sheetflow ingest 参保缴费信息.xlsx --kind 参保缴费信息
        """
    )

    @Argument(help: "要登记的文件（.xlsx、.xls、.ods 或 CSV，按内容识别）。")
    var files: [String]

    @OptionGroup var options: WorkspaceOptions

    @Option(name: .long, help: "报送单位（默认按人员类别：民政部门、乡村振兴（扶贫）部门、残联）。")
    var sender: String?

    @Option(name: .long, help: "文件类型：\(FileKind.allCases.map(\.rawValue).joined(separator: "、"))（默认自动判断）。")
    var kind: String?

    @Option(name: .long, help: "名单方式：全量 或 增量（默认自动判断）。")
    var mode: String?

    @Option(name: .customLong("as-of"), help: "数据截至日期（名单标题中没有写明时使用），如 2026-10-31。")
    var asOf: String?

    func run() throws {
        let stated = try kind.map { text in
            guard let known = FileKind(rawValue: text) else { throw usageError("不认识的文件类型「\(text)」，可用：\(FileKind.allCases.map(\.rawValue).joined(separator: "、"))。") }
            return known
        }
        let listMode = try mode.map { text in
            guard let known = ListMode(rawValue: text) else { throw usageError("--mode 应是 全量 或 增量（收到：\(text)）。") }
            return known
        }
        let date = try asOf.map { text in
            guard let parsed = DateText.parse(text) else { throw usageError("--as-of 应是日期，如 2026-10-31（收到：\(text)）。") }
            return parsed
        }
        var failed = false
        try options.run { settings in
            print(settings.line)
            let register = try options.space.register()
            for file in files {
                let now = Date()
                var ingest = IngestOptions(profile: settings.profile, sender: sender, kind: stated, mode: listMode, asOf: date,
                                           receivedAt: IngestOptions.arrival(of: file, now: now),
                                           reportFolder: options.space.outputFolder(for: file, on: now))
                let progress = ProgressLine(URL(fileURLWithPath: file).lastPathComponent)
                ingest.progress = progress.callback
                do {
                    let receipt = try register.ingest(file, options: ingest)
                    progress.finish()
                    receipt.lines.forEach { print($0) }
                } catch let error as XLSXError {
                    progress.finish()
                    printError(error.message)
                    failed = true
                } catch let error as IngestError {
                    progress.finish()
                    printError(error.description)
                    failed = true
                }
            }
        }
        if failed { throw ExitStatus.unreadable }
    }
}
