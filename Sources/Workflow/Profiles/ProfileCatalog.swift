import Foundation

/// The profiles available: every `<id>/profile.yaml` under a templates folder.
public struct ProfileCatalog: Sendable {
    /// The folder holding one sub-folder per profile (and `common/`).
    public let folder: String

    /// The profile every command uses when none is named.
    public static let defaultProfile = "shaoguan-2018"

    /// A catalog over `folder`.
    public init(folder: String) {
        self.folder = folder
    }

    /// The shipped templates: `$SHEETFLOW_TEMPLATES`, else `Templates/` next to the executable or
    /// in `../share/sheetflow/`, else the source checkout's `Templates/` (for `swift run`).
    public static func shipped() throws -> ProfileCatalog {
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["SHEETFLOW_TEMPLATES"], !override.isEmpty {
            candidates.append(override)
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(executable.appendingPathComponent("Templates").path)
        candidates.append(executable.appendingPathComponent("../share/sheetflow/Templates").standardizedFileURL.path)
        candidates.append(URL(fileURLWithPath: #filePath).appendingPathComponent("../../../../Templates").standardizedFileURL.path)
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0 + "/" + defaultProfile + "/profile.yaml") }) else {
            throw ProfileError(file: candidates.first ?? "Templates", line: nil,
                               "找不到随程序提供的模板和配置（Templates 文件夹）。请设置环境变量 SHEETFLOW_TEMPLATES 指向它。")
        }
        return ProfileCatalog(folder: found)
    }

    /// The ids of the profiles in the folder, sorted.
    public func ids() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { FileManager.default.fileExists(atPath: "\(folder)/\($0)/profile.yaml") }
            .sorted()
    }

    /// Reads profile `id`, following `inherits`.
    public func profile(_ id: String) throws -> Profile {
        try profile(id, chain: [])
    }

    private func profile(_ id: String, chain: [String]) throws -> Profile {
        let file = "\(folder)/\(id)/profile.yaml"
        guard FileManager.default.fileExists(atPath: file) else {
            let known = (try? ids())?.joined(separator: "、") ?? ""
            throw ProfileError(file: file, line: nil, "没有名为「\(id)」的配置。现有的配置：\(known)。")
        }
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ProfileError(file: file, line: nil, "无法读取（文件应以 UTF-8 编码保存）。")
        }
        let node = try ProfileNode.parse(text, file: file)
        var parent: Profile?
        if let inherits = node.member("inherits"), let parentID = try inherits.optionalText() {
            guard !chain.contains(parentID), parentID != id else {
                throw inherits.error("继承形成了循环：\((chain + [id, parentID]).joined(separator: " → "))。")
            }
            guard FileManager.default.fileExists(atPath: "\(folder)/\(parentID)/profile.yaml") else {
                throw inherits.error("要继承的配置「\(parentID)」不存在。")
            }
            parent = try profile(parentID, chain: chain + [id])
        }
        return try ProfileReader.read(node, file: file, parent: parent)
    }
}
