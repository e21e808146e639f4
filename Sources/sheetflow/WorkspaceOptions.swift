import ArgumentParser
import Foundation
import Workflow

/// The options every command that reads the workspace's settings shares: which workspace, and a
/// profile that overrides the workspace's. Run inside a workspace (or with `--workspace`), a
/// command uses its `sheetflow.yaml`: the profile and the unit.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .long, help: "工作区文件夹（默认当前文件夹）。工作区的配置（政策配置、填报单位）对所有命令有效。")
    var workspace: String = "."

    @Option(name: .long, help: "政策配置，覆盖工作区的配置（默认：工作区配置，没有工作区时为 \(ProfileCatalog.defaultProfile)；见 sheetflow profiles）。")
    var profile: String?

    var space: Workspace { Workspace(root: workspace) }

    /// What a command runs with, and where each setting came from (said to the user).
    struct Settings {
        var profile: Profile
        var profileSource: String
        /// 填报单位, nil when neither the command line nor the workspace names one.
        var unit: String?
        var unitSource: String

        /// `政策配置：kunming-2021（工作区配置）；填报单位：五华区人社局（命令行 --unit）`.
        var line: String {
            "政策配置：\(profile.id)（\(profileSource)）；填报单位：\(unit ?? "未设置，用配置的地区名称")\(unit == nil ? "" : "（\(unitSource)）")"
        }
    }

    /// The settings: a flag wins over the workspace's `sheetflow.yaml`, which wins over the default.
    /// A broken profile or config is said in Chinese and ends with exit code 2.
    func settings(unit flag: String? = nil) throws -> Settings {
        do {
            let config = FileManager.default.fileExists(atPath: space.configPath) ? try WorkspaceConfig.read(workspace: space) : nil
            let (id, profileSource) = profile.map { ($0, "命令行 --profile") }
                ?? config.map { ($0.profile, "工作区配置 \(WorkspaceConfig.fileName)") } ?? (ProfileCatalog.defaultProfile, "默认")
            let configUnit = config?.unit.flatMap { $0.isEmpty ? nil : $0 }
            return Settings(profile: try ProfileCatalog.shipped().profile(id), profileSource: profileSource, unit: flag ?? configUnit,
                            unitSource: flag != nil ? "命令行 --unit" : "工作区配置 \(WorkspaceConfig.fileName)")
        } catch let error as ProfileError {
            printError(error.description)
            throw ExitStatus.unreadable
        }
    }

    /// Runs `body` with the settings; a broken profile or an unusable register is said in Chinese
    /// and ends with exit code 2.
    func run(unit: String? = nil, _ body: (Settings) throws -> Void) throws {
        let settings = try settings(unit: unit)
        WorkspaceAccess.restrictFileMask()   // what lands in the workspace is never readable by others
        do {
            try body(settings)
        } catch let error as RegisterError {
            printError(error.description)
            throw ExitStatus.unreadable
        }
    }

    /// The register, when the workspace already has one.
    func existingRegister() throws -> Register {
        guard FileManager.default.fileExists(atPath: space.registerPath) else {
            printError("工作区 \(space.root) 中还没有登记册：请先用 sheetflow ingest 登记名单。")
            throw ExitStatus.unreadable
        }
        return try space.register()
    }
}
