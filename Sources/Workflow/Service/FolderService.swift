import Foundation
import XLSXKit
#if canImport(Glibc)
import Glibc
#endif

/// Set by SIGTERM / SIGINT: the service finishes the file in hand and stops.
nonisolated(unsafe) private var stopRequested: sig_atomic_t = 0

/// The folder service (DESIGN §8): files dropped into inbox/ are taken when complete, validated,
/// registered, answered with outputs in outbox/ and moved to archive/ or failed/ — each exactly
/// once, even across crashes (see `IntakeProcessor`). `sheetflow watch` runs it until stopped,
/// `sheetflow run` once over what is in the inbox.
public final class FolderService {
    /// What a run did.
    public struct Summary: Sendable, Equatable {
        public var archived = 0
        public var failed = 0
        public var recovered = 0
        /// Files left in the inbox (still being written, or unreadable within the timeout).
        public var waiting = 0
    }

    public let space: Workspace
    public let config: WorkspaceConfig
    private let processor: IntakeProcessor
    private let log: ServiceLog
    private let lockDescriptor: Int32

    /// When files arrive (their 移交时间); the demo sets it to simulate months.
    public var clock: @Sendable () -> Date = { Date() }

    /// Opens a workspace made by `create`; only one service may work on it at a time. `config`
    /// replaces the workspace's `sheetflow.yaml` (the demo uses no settle interval).
    public init(workspace: Workspace, log: ServiceLog, config: WorkspaceConfig? = nil) throws {
        space = workspace
        let config = try config ?? WorkspaceConfig.read(workspace: workspace)
        self.config = config
        WorkspaceAccess.restrictFileMask()
        if let exposure = WorkspaceAccess.exposure(of: workspace) { throw ServiceError.exposed(exposure) }
        let profile = try ProfileCatalog.shipped().profile(config.profile)
        try FileManager.default.createDirectory(atPath: workspace.work, withIntermediateDirectories: true)
        lockDescriptor = open(workspace.root + "/.sheetflow/service.lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard lockDescriptor >= 0, flock(lockDescriptor, LOCK_EX | LOCK_NB) == 0 else {
            throw ServiceError.busy(workspace: workspace.root)
        }
        self.log = log
        processor = IntakeProcessor(space: workspace, config: config, profile: profile, register: try workspace.register(), log: log)
    }

    deinit {
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
    }

    /// Creates a workspace: its folders (an inbox sub-folder per sender), the commented config file
    /// and the register, private to the user and the config's group (`WorkspaceAccess`). An existing
    /// config is kept (its group is used unless `config` names one). Returns whether the config was
    /// written, and what access was set.
    @discardableResult
    public static func create(_ workspace: Workspace, config: WorkspaceConfig) throws -> (created: Bool, access: WorkspaceAccess.Applied) {
        let manager = FileManager.default
        WorkspaceAccess.restrictFileMask()
        for folder in [workspace.inbox, workspace.outbox, workspace.archive, workspace.failed, workspace.work] + config.senders.map({ "\(workspace.inbox)/\($0)" }) {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        _ = try workspace.register()
        let created = !manager.fileExists(atPath: workspace.configPath)
        if created { try Data(config.yaml.utf8).write(to: URL(fileURLWithPath: workspace.configPath)) }
        let group = config.group ?? (created ? nil : (try? WorkspaceConfig.read(workspace: workspace))?.group)
        return (created, try WorkspaceAccess.apply(to: workspace, group: group))
    }

    /// SIGTERM and SIGINT ask the service to stop after the current file.
    /// The signals are unblocked too: a parent may have started us with them blocked.
    public static func stopOnSignals() {
        signal(SIGTERM) { _ in stopRequested = 1 }
        signal(SIGINT) { _ in stopRequested = 1 }
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }

    /// Finishes what a crash interrupted: every unfinished ticket is completed or redone.
    public func recover() throws -> Int {
        var count = 0
        for ticket in try processor.register.unfinishedTickets() {
            log.line("继续处理上次中断的文件 \(ticket.source)（中断时：\(ticket.state.description)）")
            if let done = try processor.finish(ticket) { count += done.state == .done ? 1 : 0 }
        }
        // Work folders the journal does not know (a crash before the journal entry) hold nothing taken.
        let known = Set(try processor.register.unfinishedTickets().map(\.id))
        for folder in (try? FileManager.default.contentsOfDirectory(atPath: space.work)) ?? [] where !known.contains(folder) {
            try? FileManager.default.removeItem(atPath: "\(space.work)/\(folder)")
        }
        return count
    }

    /// Processes the inbox: with `once`, until every file seen has been taken (one still being
    /// written is waited for, an unreadable one up to the incomplete timeout), else until a stop
    /// signal. `pollOnly` uses no inotify (for shares; also what happens when inotify is missing).
    public func run(once: Bool, pollOnly: Bool = false, pollSeconds: Double? = nil) throws -> Summary {
        var summary = Summary()
        summary.recovered = try recover()
        let poll = pollSeconds ?? config.pollSeconds
        let tracker = ArrivalTracker(settle: config.settleSeconds, incompleteTimeout: config.incompleteTimeoutSeconds)
        let watcher = pollOnly ? nil : InotifyWatcher()
        if !once {
            log.line("开始监视 \(space.inbox)（\(watcher == nil ? "每 \(CellValue.shortestText(poll)) 秒检查一次" : "文件变化即处理，并每 \(CellValue.shortestText(poll)) 秒复查")）")
        }
        var inboxReachable = true
        while stopRequested == 0 {
            let files: [InboxFile]
            do {
                files = try Inbox.scan(space.inbox)
                if !inboxReachable {
                    log.line("收件箱已恢复：\(space.inbox)")
                    inboxReachable = true
                    watcher?.reset()
                }
            } catch {
                if inboxReachable {
                    log.line("收件箱无法访问：\(space.inbox)（共享盘断开或文件夹被移走？），每 \(CellValue.shortestText(poll)) 秒重试")
                    inboxReachable = false
                }
                if once { break }
                usleep(UInt32(poll * 1_000_000))
                continue
            }
            watcher?.watch(Inbox.folders(space.inbox))
            tracker.update(files, now: clock())
            let (ready, waiting) = tracker.ready(now: clock())
            for message in waiting { log.line(message) }
            for file in ready where stopRequested == 0 {
                tracker.taken(file.path)
                do {
                    let ticket = try processor.claim(file, now: clock())
                    log.line("收到 \(file.relative)（\(file.size) 字节）")
                    if let done = try processor.finish(ticket) {
                        if done.failure != nil { summary.failed += 1 } else { summary.archived += 1 }
                    }
                } catch {
                    log.line("处理 \(file.relative) 时出错，稍后重试：\(error)")
                }
            }
            // Once: until every file seen has been taken (incomplete ones wait up to the timeout).
            if once, ready.isEmpty, tracker.seen.isEmpty { break }
            let untilDue = tracker.nextDue(now: Date())?.timeIntervalSinceNow ?? poll
            let timeout = ready.isEmpty ? max(0.05, min(poll, untilDue)) : 0
            if let watcher { _ = watcher.wait(timeout: timeout) } else if timeout > 0 { usleep(UInt32(timeout * 1_000_000)) }
        }
        summary.waiting = tracker.seen.count
        if !once { log.line("已停止监视 \(space.inbox)") }
        return summary
    }
}

extension Inbox {
    /// The inbox and its sub-folders (hidden ones skipped), for watching.
    static func folders(_ inbox: String) -> [String] {
        var folders = [inbox]
        var index = 0
        while index < folders.count {
            let folder = folders[index]
            index += 1
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where !name.hasPrefix(".") {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder), isFolder.boolValue {
                    folders.append(folder + "/" + name)
                }
            }
        }
        return folders
    }
}

/// The service cannot start.
public enum ServiceError: Error, CustomStringConvertible {
    case busy(workspace: String)
    /// The register can be read by other users.
    case exposed(String)
    /// The config names a group the system does not have.
    case unknownGroup(String)

    public var description: String {
        switch self {
        case .busy(let workspace): "另一个 sheetflow watch 或 run 正在处理工作区 \(workspace)。同一工作区同时只能运行一个；如确认没有在运行，稍后重试。"
        case .exposed(let reason): "为保护个人信息，未启动：\(reason)"
        case .unknownGroup(let group): "系统中没有名为「\(group)」的用户组。请先建立该组（如 groupadd \(group)），或改正工作区配置中的 group。"
        }
    }
}
