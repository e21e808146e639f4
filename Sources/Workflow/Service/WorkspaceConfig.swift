import Foundation
import XLSXKit

/// A workspace's settings, in `sheetflow.yaml` at its root (written by `sheetflow init` with a
/// Chinese comment on every key; read with the same YAML reader as the profiles, so a mistake
/// names its line).
public struct WorkspaceConfig: Sendable, Equatable {
    /// The policy profile (`sheetflow profiles`).
    public var profile: String
    /// 填报单位 on every output; naming a county makes cross-county push lists.
    public var unit: String?
    /// Seconds a dropped file's size and time must stay unchanged before it is taken.
    public var settleSeconds: Double = 2
    /// Seconds between inbox scans (the only way to see files on a network share).
    public var pollSeconds: Double = 5
    /// Seconds a zip whose end is missing (still being copied?) may stay unchanged before it is
    /// taken and fails as incomplete; counted from its last change.
    public var incompleteTimeoutSeconds: Double = 60
    /// Inbox sub-folders created by `init`, one per sender.
    public var senders: [String] = []
    /// The group of the shared folder (those who drop and collect files): inbox/, outbox/,
    /// archive/ and failed/ are theirs too; nil for the user's own group only.
    public var group: String?

    public static let fileName = "sheetflow.yaml"

    public init(profile: String, unit: String? = nil, senders: [String] = []) {
        self.profile = profile
        self.unit = unit
        self.senders = senders
    }

    /// Reads `sheetflow.yaml` of the workspace; a missing file is an error saying to run init.
    public static func read(workspace: Workspace) throws -> WorkspaceConfig {
        let path = workspace.configPath
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ProfileError(file: path, line: nil, "找不到工作区配置。请先运行 sheetflow init \(workspace.root) 创建工作区。")
        }
        let node = try ProfileNode.parse(text, file: path)
        try node.checkKeys(allowed: ["profile", "unit", "settle_seconds", "poll_seconds", "incomplete_timeout_seconds", "senders", "group"])
        var config = WorkspaceConfig(profile: try node.text("profile"), unit: try node.member("unit")?.optionalText(),
                                     senders: try node.member("senders")?.texts() ?? [])
        config.group = try node.member("group")?.optionalText()
        if let value = try node.member("settle_seconds")?.optionalNumber(0...3600) { config.settleSeconds = value }
        if let value = try node.member("poll_seconds")?.optionalNumber(0.1...3600) { config.pollSeconds = value }
        if let value = try node.member("incomplete_timeout_seconds")?.optionalNumber(1...86_400) { config.incompleteTimeoutSeconds = value }
        return config
    }

    /// The file's text, each key explained.
    public var yaml: String {
        """
        # sheetflow 工作区配置。修改后重新启动 sheetflow watch 生效。

        # 政策配置：决定人员类别、年龄条件、代缴标准和输出的表格（sheetflow profiles 列出全部）。
        profile: \(profile)

        # 填报单位：填在各报表的“填报单位”处。写明县（市、区）时（如“武江区社保局”），
        # 户籍在本市其他县（市、区）的人员列入推送给户籍地的名单。
        unit: \(unit ?? "")

        # 文件放进收件箱后，大小和修改时间连续多少秒不变、且没有程序正在写它，才开始处理。
        settle_seconds: \(CellValue.shortestText(settleSeconds))

        # 每隔多少秒检查一次收件箱。放在网络共享盘上时收不到文件变化通知，全靠这个检查。
        poll_seconds: \(CellValue.shortestText(pollSeconds))

        # 看起来还没复制完（结尾不完整）的文件：连续多少秒没有任何变化后，不再等待，移入 failed/ 并说明原因。
        incomplete_timeout_seconds: \(CellValue.shortestText(incompleteTimeoutSeconds))

        # 收件箱中的子文件夹，每个报送单位一个：放进哪个文件夹，就记为哪个单位报送的。
        # 也可以直接放在 inbox/ 下，由表头判断类别和报送部门。
        senders: [\(senders.joined(separator: ", "))]

        # 共享文件夹的用户组（放文件、取结果的同事）：inbox/ outbox/ archive/ failed/ 对本用户和这个组开放，
        # 其他用户一律不能访问；.sheetflow/（登记册）只有本用户能访问。改后重新运行 sheetflow init 生效。
        group: \(group ?? "")

        """
    }
}
