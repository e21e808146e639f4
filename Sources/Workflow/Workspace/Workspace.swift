import Foundation

/// The folders of a workspace (DESIGN §8): inbox/, outbox/ (per input its receipt and
/// validation report; per month the current set of reports, earlier sets under 历史月报/),
/// archive/, failed/ and .sheetflow/ holding the register.
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

    /// Where a month's current reports are: `outbox/<yyyy-mm>月报/`, always one complete set.
    public func reportFolder(for month: ReportMonth) -> String { "\(outbox)/\(month.key)月报" }

    /// Where replaced sets of a month's reports are kept: `outbox/历史月报/`.
    public var reportHistory: String { "\(outbox)/历史月报" }

    /// A new folder under .sheetflow/work/ to write a month's reports in before they are published.
    public func reportDraft(for month: ReportMonth) -> String {
        "\(work)/月报-\(month.key)-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Makes the complete set in `draft` the month's current reports, as a whole: the set in place
    /// moves to 历史月报/ named by when it was made (`2026-10月报-20261103-090012生成`), then the
    /// draft is renamed in. A reader sees the old set, then the new one, never a mixture (between
    /// the two renames the folder is briefly absent). Returns the current folder.
    /// `group` is the shared folders' group (the workspace config's), given to what is published.
    @discardableResult
    public func publishReports(_ draft: String, for month: ReportMonth, group: String?) throws -> String {
        let manager = FileManager.default
        let current = reportFolder(for: month)
        if manager.fileExists(atPath: current) {
            let made = (try? manager.attributesOfItem(atPath: current)[.modificationDate] as? Date) ?? Date()
            let stamp = ChinaTime.timestamp(made).filter(\.isNumber)
            var name = "\(reportHistory)/\(month.key)月报-\(stamp.prefix(8))-\(stamp.suffix(6))生成"
            var number = 2
            while manager.fileExists(atPath: name) { name = "\(reportHistory)/\(month.key)月报-\(stamp.prefix(8))-\(stamp.suffix(6))生成-\(number)"; number += 1 }
            try manager.createDirectory(atPath: reportHistory, withIntermediateDirectories: true)
            try manager.moveItem(atPath: current, toPath: name)
        }
        try manager.createDirectory(atPath: outbox, withIntermediateDirectories: true)
        WorkspaceAccess.share(draft, group: group)
        try manager.moveItem(atPath: draft, toPath: current)
        return current
    }
}
