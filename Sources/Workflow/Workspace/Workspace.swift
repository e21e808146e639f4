import Foundation

/// The folders of a workspace (DESIGN §8): inbox/, outbox/, archive/, failed/ and .sheetflow/
/// holding the register.
public struct Workspace: Sendable {
    public let root: String

    public init(root: String) {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
    }

    public var registerPath: String { "\(root)/.sheetflow/register.sqlite" }
    public var configPath: String { "\(root)/\(WorkspaceConfig.fileName)" }
    public var inbox: String { "\(root)/inbox" }
    public var outbox: String { "\(root)/outbox" }
    public var archive: String { "\(root)/archive" }
    public var failed: String { "\(root)/failed" }
    /// Files being worked on, one folder per taken file (never shown to users).
    public var work: String { "\(root)/.sheetflow/work" }
    public var logPath: String { "\(root)/.sheetflow/sheetflow.log" }

    /// Opens the workspace's register (created on first use).
    public func register() throws -> Register { try Register(path: registerPath) }

    /// Where the outputs for an input file taken in on `date` go: `outbox/<date>/<file name>/`.
    public func outputFolder(for file: String, on date: Date) -> String {
        "\(outbox)/\(ChinaTime.timestamp(date).prefix(10))/\(URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent)"
    }

    /// Where a month's report goes: `outbox/<yyyy-mm>月报/`.
    public func reportFolder(for month: ReportMonth) -> String { "\(outbox)/\(month.key)月报" }
}
