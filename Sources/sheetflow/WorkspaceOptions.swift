import ArgumentParser
import Foundation
import Workflow

/// The options of the commands that work on a workspace's register (ingest, report, status).
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .long, help: "工作区文件夹（默认当前文件夹）。")
    var workspace: String = "."

    @Option(name: .long, help: "政策配置（默认 shaoguan-2018；见 sheetflow profiles）。")
    var profile: String = ProfileCatalog.defaultProfile

    var space: Workspace { Workspace(root: workspace) }

    /// Runs `body` with the profile; a broken profile or an unusable register is said in Chinese
    /// and ends with exit code 2.
    func run(_ body: (Profile) throws -> Void) throws {
        do {
            try body(try ProfileCatalog.shipped().profile(profile))
        } catch let error as ProfileError {
            printError(error.description)
            throw ExitStatus.unreadable
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
