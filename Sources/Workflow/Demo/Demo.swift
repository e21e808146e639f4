import Foundation
import XLSXKit

/// The embedded default behind `sheetflow demo`: a workspace for a sample county, and three months
/// of synthetic lists from each sender (see `DemoScenario`) dropped into its inbox month by month
/// and processed by the folder service exactly as `sheetflow watch` would — each month's files
/// arriving on the 3rd of the next month, with no kind or date given beyond what the files say.
public struct Demo {
    /// One file the demo dropped, and what came of it.
    public struct Arrival: Sendable {
        public var month: ReportMonth
        /// Path under inbox/, e.g. `民政部门/低保特困人员名单-2026年8月.xlsx`.
        public var file: String
        /// The receipt (回执) lines.
        public var receipt: [String]
        /// Where its outputs are (under outbox/), nil when it failed.
        public var outputs: String?
    }

    /// What the demo produced, for the command to print.
    public struct Outcome: Sendable {
        public var workspace: URL
        public var profile: String
        public var arrivals: [Arrival]
        /// The last month's current reports (under outbox/).
        public var lastReport: String?
    }

    public let workspace: URL
    public let profile: String

    /// A demo writing into `workspace` under `profile`. An existing demo workspace is replaced.
    public init(workspace: URL, profile: String = ProfileCatalog.defaultProfile) {
        self.workspace = workspace
        self.profile = profile
    }

    public func run() throws -> Outcome {
        let space = Workspace(root: workspace.path)
        // Only a folder the demo made before is replaced, never anything else.
        if FileManager.default.fileExists(atPath: space.root + "/.sheetflow/demo") {
            try FileManager.default.removeItem(atPath: space.root)
        } else if let contents = try? FileManager.default.contentsOfDirectory(atPath: space.root), !contents.isEmpty {
            throw DemoError.folderInUse(space.root)
        }
        let scenario = DemoScenario()
        let firstFiles = scenario.files(month: 0)
        let config = WorkspaceConfig(profile: profile, unit: DemoScenario.unit, senders: firstFiles.map(\.sender).filter { !$0.isEmpty })
        try FolderService.create(space, config: config)
        _ = FileManager.default.createFile(atPath: space.root + "/.sheetflow/demo", contents: Data("sheetflow demo\n".utf8),
                                           attributes: [.posixPermissions: 0o600])
        var immediate = config
        immediate.settleSeconds = 0   // the demo's own files are complete when written

        var arrivals: [Arrival] = []
        for (index, month) in DemoScenario.months.enumerated() {
            let files = scenario.files(month: index)
            // The files arrive one after another at 09:00 on the 3rd of the next month (their 移交时间):
            // the pension system's export first, the senders' lists after it.
            let arrival = ChinaTime.date(String(format: "%04d-%02d-03 09:00:00", month.next.year, month.next.month))!
            for file in files {
                try DemoScenario.write(file, to: "\(space.inbox)/\(file.relative)")
                let service = try FolderService(workspace: space, log: ServiceLog(path: space.logPath, echo: false), config: immediate)
                service.clock = { arrival }
                _ = try service.run(once: true, pollOnly: true)
            }
            let tickets = try space.register().tickets()
            for file in files {
                guard let ticket = tickets.last(where: { $0.source == file.relative }) else { continue }
                let outputs = ticket.outbox.map { String($0.dropFirst(space.root.count + 1)) }
                arrivals.append(Arrival(month: month, file: ticket.source, receipt: ticket.failure.map { [$0] } ?? ticket.receipt, outputs: outputs))
            }
        }
        let last = DemoScenario.months.last!
        let lastReport = String(space.reportFolder(for: last).dropFirst(space.root.count + 1))
        return Outcome(workspace: workspace, profile: profile, arrivals: arrivals, lastReport: lastReport)
    }
}

/// Why the demo did not start.
public enum DemoError: Error, CustomStringConvertible {
    case folderInUse(String)

    public var description: String {
        switch self {
        case .folderInUse(let folder): "文件夹 \(folder) 已有内容，而且不是示例工作区；示例不会动它。请换一个文件夹，例如 sheetflow demo 示例县。"
        }
    }
}
