import ArgumentParser
import Foundation
import Workflow

/// `sheetflow init`: creates a workspace for the folder service.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "创建工作区：收件箱（每个报送单位一个子文件夹）、输出、归档、失败文件夹、配置文件和登记册。",
        discussion: """
        示例：
          sheetflow init 武江区工作区 --unit 武江区社保局
          sheetflow init /srv/昆明 --profile kunming-2021 --sender 五华区民政局 --sender 五华区乡村振兴局
          sheetflow init /srv/武江区 --unit 武江区社保局 --group 社保共享
        """
    )

    @Argument(help: "工作区文件夹（不存在时创建）。")
    var directory: String

    @Option(name: .long, help: "政策配置（默认 shaoguan-2018；见 sheetflow profiles）。")
    var profile: String = ProfileCatalog.defaultProfile

    @Option(name: .long, help: "填报单位，如“武江区社保局”（写明县区时可生成跨县推送名单）。")
    var unit: String?

    @Option(name: .long, help: "报送单位（收件箱子文件夹），可重复；默认按配置的人员类别取民政、乡村振兴、残联等部门。")
    var sender: [String] = []

    @Option(name: .long, help: "共享文件夹的用户组（放文件、取结果的同事）：收件箱、输出等文件夹对本用户和这个组开放，其他用户不能访问。")
    var group: String?

    func run() throws {
        let policy = try shippedProfile(profile)
        var senders = sender
        if senders.isEmpty {
            for category in policy.categories + policy.screening where !senders.contains(category.department) { senders.append(category.department) }
            senders.append("社保经办机构")
        }
        let space = Workspace(root: directory)
        var config = WorkspaceConfig(profile: policy.id, unit: unit, senders: senders)
        config.group = group
        let made: (created: Bool, access: WorkspaceAccess.Applied)
        do {
            made = try FolderService.create(space, config: config)
        } catch let error as ServiceError {
            printError(error.description)
            throw ExitStatus.unreadable
        }
        print("工作区：\(space.root)（政策配置 \(policy.id)）")
        print(made.created ? "  已写入配置文件 \(WorkspaceConfig.fileName)（可修改填报单位、等待时间等）" : "  配置文件 \(WorkspaceConfig.fileName) 已存在，未改动")
        print("  收件箱：inbox/（文件直接放进来即可；子文件夹：\(senders.joined(separator: "、"))）")
        print("  输出：outbox/<日期>/<文件名>/  每个文件的回执和校验报告")
        print("        outbox/<年-月>月报/      该月最新的一套全部报表（每来一个文件整套更新；旧的一套移到 outbox/历史月报/）")
        print("  归档：archive/   未能处理：failed/（旁边的 .原因.txt 说明原因）")
        print("  权限：")
        for line in made.access.lines { print("    " + line) }
        print("下一步：把名单放进收件箱，然后运行")
        print("  sheetflow watch \(directory)    持续监视收件箱（作为服务运行，见 docs/sheetflow.service）")
        print("  sheetflow run \(directory)      只处理一次当前的文件（适合定时任务）")
    }
}

/// `sheetflow watch`: the folder service.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "持续监视工作区的收件箱：文件放进来、复制完整后即校验、登记、生成报表并归档。",
        discussion: """
        收到文件时立即处理（Linux inotify）；放在网络共享盘上时收不到变化通知，用 --poll 定时检查。
        按 Ctrl+C 或 systemctl stop 会处理完手头的文件再退出。日志写在 工作区/.sheetflow/sheetflow.log。

        示例：
          sheetflow watch 武江区工作区
          sheetflow watch /mnt/共享盘/社保 --poll 10
        """
    )

    @Argument(help: "工作区文件夹（由 sheetflow init 创建）。")
    var directory: String

    @Option(name: .long, help: "只用定时检查，每隔多少秒一次（网络共享盘用）。")
    var poll: Double?

    func run() throws {
        FolderService.stopOnSignals()
        _ = try runService(directory, once: false, pollOnly: poll != nil, pollSeconds: poll)
    }
}

/// `sheetflow run`: processes the inbox once.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "处理一次收件箱中的文件后退出（适合定时任务）。",
        discussion: """
        还在复制中的文件会等它复制完；结尾不完整的文件连续 incomplete_timeout_seconds 秒没有变化后移入 failed/。
        示例：
          sheetflow run 武江区工作区
        """
    )

    @Argument(help: "工作区文件夹（由 sheetflow init 创建）。")
    var directory: String

    func run() throws {
        FolderService.stopOnSignals()
        let summary = try runService(directory, once: true, pollOnly: true, pollSeconds: nil)
        print("处理完成：归档 \(summary.archived) 个，未能处理 \(summary.failed) 个" +
              (summary.recovered > 0 ? "，续完上次中断的 \(summary.recovered) 个" : "") +
              (summary.waiting > 0 ? "，\(summary.waiting) 个文件未处理（已中止）" : "") + "。")
    }
}

/// Opens the workspace's service and runs it; configuration problems are said in Chinese (exit 2).
private func runService(_ directory: String, once: Bool, pollOnly: Bool, pollSeconds: Double?) throws -> FolderService.Summary {
    let space = Workspace(root: directory)
    do {
        let service = try FolderService(workspace: space, log: ServiceLog(path: space.logPath))
        return try service.run(once: once, pollOnly: pollOnly, pollSeconds: pollSeconds)
    } catch let error as ProfileError {
        printError(error.description)
    } catch let error as ServiceError {
        printError(error.description)
    } catch let error as RegisterError {
        printError(error.description)
    }
    throw ExitStatus.unreadable
}
