import ArgumentParser
import Foundation
import Workflow
import XLSXKit

/// The `sheetflow` command tree.
@main
struct SheetflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheetflow",
        abstract: "城乡居保困难群体代缴业务的 Excel 表格处理工具（校验、登记、填报）。",
        discussion: """
        示例：
          sheetflow demo                      生成示例工作区并查看示例名单
          sheetflow init 工作区 --unit 武江区社保局  创建工作区（收件箱、输出、归档文件夹和登记册）
          sheetflow watch 工作区               持续监视收件箱，放入即处理
          sheetflow run 工作区                 处理一次收件箱后退出（定时任务用）
          sheetflow validate 名单.xlsx         检查名单，生成标注了问题的校验报告
          sheetflow ingest 名单.xlsx           校验后登记入册（工作区为当前文件夹）
          sheetflow report --month 2026-10    从登记册生成该月的全部报表
          sheetflow status                    查看本月各单位报送情况
          sheetflow serve 工作区               办公室网页：本月情况、文件、上传校验（默认只在本机 127.0.0.1:8080）
          sheetflow account add 工作区 王科长 --role 科室负责人  网页账户（有账户后网页要登录，可在办公网上监听）
          sheetflow person 身份证号或姓名       查人：某人的类别、参保代缴，本月在哪些名单上、为什么
          sheetflow aggregate 各县统计表/*.xlsx  各县统计表汇总成全市统计表
          sheetflow inspect 名单.xlsx          查看工作簿中的工作表和前 20 行
          sheetflow inspect 名单.xlsx --json   以 JSON 输出，供程序使用
          sheetflow convert 名单.csv -o 名单.xlsx  CSV 转为 Excel 工作簿
          sheetflow profiles                  列出各地政策配置
        """,
        subcommands: [InitCommand.self, WatchCommand.self, RunCommand.self, ServeCommand.self, AccountCommand.self, PersonCommand.self, ValidateCommand.self, IngestCommand.self, ReportCommand.self, StatusCommand.self, AggregateCommand.self, RulesCommand.self, InspectCommand.self, ConvertCommand.self, FillCommand.self, ProfilesCommand.self, DemoCommand.self]
    )
}

/// Exit codes scripts can rely on.
enum ExitStatus {
    /// The input file could not be read (reason in Chinese on stderr).
    static let unreadable = ExitCode(2)
}

/// Prints a user-facing error to stderr and returns the exit code for it.
func report(_ error: XLSXError) -> ExitCode {
    printError(error.message)
    return ExitStatus.unreadable
}

/// Prints a usage problem in Chinese and returns the usage exit code (64), instead of the
/// argument parser's English "Error:" line.
func usageError(_ message: String) -> ExitCode {
    printError(message + "（用 --help 查看用法）")
    return ExitCode.validationFailure
}

/// Writes `错误：message` to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data(("错误：" + message + "\n").utf8))
}

/// A shipped profile by id; a broken or unknown one is said in Chinese and ends with exit code 2.
func shippedProfile(_ id: String) throws -> Profile {
    do {
        return try ProfileCatalog.shipped().profile(id)
    } catch let error as ProfileError {
        printError(error.description)
        throw ExitStatus.unreadable
    }
}

/// A `--month` value (`2026-10`, `2026年10月`); anything else is a usage error (exit 64).
func parseMonth(_ text: String) throws -> ReportMonth {
    guard let month = ReportMonth(text) else { throw usageError("--month 应是月份，如 2026-10（收到：\(text)）。") }
    return month
}
