import Foundation
#if canImport(Glibc)
import Glibc
#endif
import XLSXKit

/// A file found in the inbox, with what its sub-folders say about it.
public struct InboxFile: Sendable, Equatable {
    public var path: String
    /// The path under inbox/, e.g. `民政局/低保名单.xlsx`.
    public var relative: String
    /// The first sub-folder, unless it names a kind.
    public var sender: String?
    /// A sub-folder that names a kind (`名单`, `参保缴费信息`, …).
    public var kind: FileKind?
    public var size: Int64
    public var modified: Double
    public var inode: UInt64

    /// The file's name without folders.
    public var name: String { (relative as NSString).lastPathComponent }
}

/// Reading the inbox: which files are candidates, which are ignored.
public enum Inbox {
    /// Lock and temporary files of Excel, WPS and LibreOffice, browser downloads in progress, and
    /// hidden files: never taken, never moved.
    public static func isIgnored(_ name: String) -> Bool {
        let lower = name.lowercased()
        return name.hasPrefix("~$") || name.hasPrefix(".") || name.hasPrefix("~")
            || [".tmp", ".temp", ".part", ".crdownload", ".download", ".partial"].contains { lower.hasSuffix($0) }
            || (name.hasPrefix(".~lock.") && name.hasSuffix("#"))
    }

    /// Every candidate file under `inbox` (sub-folders included, hidden ones skipped), by path.
    /// Throws when the inbox itself cannot be read (a share that went away).
    public static func scan(_ inbox: String) throws -> [InboxFile] {
        var files: [InboxFile] = []
        func walk(_ folder: String, _ components: [String]) throws {
            let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            for name in names where !isIgnored(name) {
                let path = folder + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    try? walk(path, components + [name])
                } else if (info.st_mode & S_IFMT) == S_IFREG {
                    let kind = components.lazy.compactMap(FileKind.init(rawValue:)).first
                    let sender = components.first.flatMap { FileKind(rawValue: $0) == nil ? $0 : nil }
                    files.append(InboxFile(path: path, relative: (components + [name]).joined(separator: "/"), sender: sender, kind: kind,
                                           size: Int64(info.st_size),
                                           modified: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9,
                                           inode: UInt64(info.st_ino)))
                }
            }
        }
        try walk(inbox, [])
        return files
    }

    /// The files other processes have open (Linux: `/proc/*/fd`), among `paths`. A writer on
    /// another machine of a network share is not visible; the settle interval covers that.
    public static func openElsewhere(among paths: Set<String>) -> Set<String> {
        guard !paths.isEmpty else { return [] }
        let own = String(getpid())
        var open = Set<String>()
        guard let processes = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return open }
        for process in processes where process.first?.isNumber == true && process != own {
            let folder = "/proc/\(process)/fd"
            guard let descriptors = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for descriptor in descriptors {
                if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + descriptor), paths.contains(target) {
                    open.insert(target)
                }
            }
        }
        return open
    }

    /// What a settled file's content says about taking it now.
    public enum Probe: Equatable, Sendable {
        /// A workbook that opens whole: take it.
        case workbook
        /// It begins like a zip but its end is missing: still being copied, wait.
        case incomplete
        /// Anything else (another kind of file, a damaged or ambiguous package): take it now, it
        /// fails with the reader's reason.
        case refused(XLSXError.Code)
    }

    /// Opens the file as a workbook (its zip directory and workbook part) to tell which.
    public static func probe(_ path: String) -> Probe {
        do {
            _ = try WorkbookReader(path: path)
            return .workbook
        } catch let error as XLSXError {
            return error.code == .truncated ? .incomplete : .refused(error.code)
        } catch {
            return .refused(.unreadableFile)
        }
    }
}

/// Which inbox files are complete: unchanged (size, time and inode) for the settle interval and
/// held open by no other process. Then the content decides, whatever the file is called: a
/// workbook that opens whole is taken, and so is anything that is not a workbook (it fails at once
/// with its reason); only a zip whose end is missing waits — said in the log at once — until it has
/// been unchanged for the incomplete timeout, and is then taken (and fails as truncated). That wait
/// counts from the file's modification time when it is earlier than our first sight of it, so a
/// restarted service does not start it again.
final class ArrivalTracker {
    struct Seen {
        var file: InboxFile
        var firstSeen: Date
        var stableSince: Date
        var saidWaiting = false
    }

    private(set) var seen: [String: Seen] = [:]
    let settle: TimeInterval
    let incompleteTimeout: TimeInterval

    init(settle: TimeInterval, incompleteTimeout: TimeInterval) {
        self.settle = settle
        self.incompleteTimeout = incompleteTimeout
    }

    /// Records a scan: new files start their wait; changed ones start it again; gone ones are forgotten.
    func update(_ files: [InboxFile], now: Date) {
        var next: [String: Seen] = [:]
        for file in files {
            if var earlier = seen[file.path] {
                if (earlier.file.size, earlier.file.modified, earlier.file.inode) != (file.size, file.modified, file.inode) {
                    earlier.stableSince = now
                }
                earlier.file = file
                next[file.path] = earlier
            } else {
                next[file.path] = Seen(file: file, firstSeen: now, stableSince: now)
            }
        }
        seen = next
    }

    /// Files ready to take, in arrival order, and messages for files that keep waiting (said once).
    func ready(now: Date) -> (files: [InboxFile], waiting: [String]) {
        var ready: [Seen] = [], waiting: [String] = []
        let settled = seen.filter { now.timeIntervalSince($0.value.stableSince) >= settle }
        let held = Inbox.openElsewhere(among: Set(settled.keys))
        for (path, entry) in settled where !held.contains(path) {
            let unchangedSince = min(entry.stableSince, Date(timeIntervalSince1970: entry.file.modified))
            if Inbox.probe(path) == .incomplete, now.timeIntervalSince(unchangedSince) < incompleteTimeout {
                if !entry.saidWaiting {
                    seen[path]?.saidWaiting = true
                    let left = (incompleteTimeout - now.timeIntervalSince(unchangedSince)).rounded(.up)
                    waiting.append("正在等待复制完成：\(entry.file.relative)（文件还不完整；再过 \(CellValue.shortestText(left)) 秒仍没有变化就移入 failed/）")
                }
                continue
            }
            ready.append(entry)
        }
        ready.sort { ($0.firstSeen, $0.file.relative) < ($1.firstSeen, $1.file.relative) }
        return (ready.map(\.file), waiting)
    }

    /// Forgets a file once taken.
    func taken(_ path: String) { seen[path] = nil }

    /// Whether files are waiting to settle (and when the next one is due), for how long to sleep.
    func nextDue(now: Date) -> Date? {
        seen.values.map { $0.stableSince.addingTimeInterval(settle) }.filter { $0 > now }.min()
    }
}
