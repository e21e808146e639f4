import ArgumentParser
import Foundation
import Workflow
import XLSXKit

/// `sheetflow validate`: check a list before sending it.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "检查名单：找到表头，规范每个值，按规则逐项检查，在原表上标出问题。",
        discussion: """
        在输出文件夹（默认与名单相同）中生成：
          名单-校验报告.xlsx   原表的副本：错误标红、警告标黄，批注说明问题和改法；第一个工作表“校验结果”汇总
          名单-规范化.xlsx     规范后的名单：统一的列名，身份证号为文本，日期为真正的日期，类别为标准名称
          名单-findings.json  全部问题（供程序使用，格式见 docs/rules.md）
        原文件不会被修改。在工作区中运行（或给出 --workspace）时按工作区配置的政策配置检查。
        退出码：0 没有错误；1 有错误；2 文件无法读取。

        示例：
          sheetflow validate 低保对象名单.xlsx
          sheetflow validate 名单.xlsx --profile kunming-2021 --as-of 2026-10-31 -o 校验结果
          sheetflow validate 名单.xlsx --json > findings.json
        """
    )

    @Argument(help: "要检查的名单（.xlsx、.xls、.ods 或 CSV，按内容识别）。")
    var file: String

    @OptionGroup var workspace: WorkspaceOptions

    @Option(name: .customLong("as-of"), help: "数据截至日期（名单标题中没有写明时使用），如 2026-10-31。")
    var asOf: String?

    @Option(name: .long, help: "文件类型：\(FileKind.allCases.map(\.rawValue).joined(separator: "、"))（默认自动判断）。")
    var kind: String?

    @Option(name: .shortAndLong, help: "输出文件夹（默认与名单相同）。")
    var output: String?

    @Flag(name: .long, help: "在标准输出打印 findings JSON，而不是一行回执。")
    var json = false

    func run() throws {
        var stated: FileKind?
        if let kind {
            guard let known = FileKind(rawValue: kind) else {
                throw usageError("不认识的文件类型「\(kind)」，可用：\(FileKind.allCases.map(\.rawValue).joined(separator: "、"))。")
            }
            stated = known
        }
        var date: ExcelDateTime?
        if let asOf {
            guard let parsed = DateText.parse(asOf) else { throw usageError("--as-of 应是日期，如 2026-10-31（收到：\(asOf)）。") }
            date = parsed
        }
        let settings = try workspace.settings()
        do {
            let policy = settings.profile
            let folder = output ?? URL(fileURLWithPath: file).deletingLastPathComponent().path
            let progress = ProgressLine(URL(fileURLWithPath: file).lastPathComponent)
            let report = try ValidationReport.write(input: file, options: ValidationOptions(profile: policy, asOf: date, kind: stated,
                                                                                            progress: progress.callback), folder: folder)
            progress.finish()
            let summary = report.summary
            if json {
                FileHandle.standardOutput.write(try Data(contentsOf: URL(fileURLWithPath: report.findingsJSON)))
            } else {
                print("\(ValidationReport.receipt(summary)) 政策配置：\(policy.id)（\(settings.profileSource)）。校验报告：\(report.annotatedCopy)")
            }
            if summary.errors > 0 { throw ExitCode(1) }
        } catch let error as XLSXError {
            throw report(error)
        }
    }
}
