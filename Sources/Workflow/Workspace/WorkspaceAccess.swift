import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Who may read a workspace: it holds every name, ID and disability grade of a county's lists.
/// `.sheetflow/` (register, journal, log, work folders) is the service user's alone (0700, files
/// 0600); inbox/, outbox/, archive/ and failed/ are the user's and one group's — the shared
/// folder's, named by `group:` in the config (set-group-ID, so what lands there keeps the group) —
/// and never anyone else's.
public enum WorkspaceAccess {
    /// Folder modes.
    static let privateFolder: mode_t = 0o700, sharedFolder: mode_t = 0o2770
    /// Files the service writes: group-readable where the group may read (outbox/), nothing for others.
    public static let fileMask: mode_t = 0o007

    /// What was set, for `init` to print.
    public struct Applied: Sendable {
        public var group: String?
        public var lines: [String]
    }

    /// Sets the workspace's folders to these modes (and `group` on the shared ones), and the
    /// process's file mask so what it writes is never readable by others.
    @discardableResult
    public static func apply(to space: Workspace, group: String?) throws -> Applied {
        restrictFileMask()
        var gid: gid_t?
        if let group, !group.isEmpty {
            guard let entry = getgrnam(group) else { throw ServiceError.unknownGroup(group) }
            gid = entry.pointee.gr_gid
        }
        for folder in [space.root + "/.sheetflow", space.work] {
            chmod(folder, privateFolder)
        }
        for path in [space.registerPath, space.logPath] where FileManager.default.fileExists(atPath: path) {
            chmod(path, 0o600)
        }
        for folder in [space.inbox, space.outbox, space.archive, space.failed] + subfolders(of: space.inbox) {
            if let gid { chown(folder, uid_t.max, gid) }
            chmod(folder, sharedFolder)
        }
        // The root: the shared group may pass through it to the four folders, nobody else.
        if let gid { chown(space.root, uid_t.max, gid) }
        chmod(space.root, 0o750)
        let who = group.map { "本用户和组「\($0)」" } ?? "本用户和本用户的组"
        return Applied(group: group, lines: [
            ".sheetflow/（登记册、处理日志、工作文件）：只有本用户可以访问（文件夹 0700，文件 0600）",
            "inbox/ outbox/ archive/ failed/：\(who)可以访问（2770），其他用户不能访问",
        ])
    }

    /// Gives something renamed into a shared folder (from the private work folder, or an original
    /// as it was dropped) the shared folders' access: the group, folders 2770, files 0640;
    /// recursively.
    public static func share(_ path: String, group: String?) {
        let gid = group.flatMap { getgrnam($0)?.pointee.gr_gid }
        var pending = [path]
        while let current = pending.popLast() {
            var info = stat()
            guard lstat(current, &info) == 0 else { continue }
            if let gid { lchown(current, uid_t.max, gid) }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                chmod(current, sharedFolder)
                pending += ((try? FileManager.default.contentsOfDirectory(atPath: current)) ?? []).map { current + "/" + $0 }
            case S_IFREG:
                chmod(current, 0o640)
            default:
                break
            }
        }
    }

    /// The process's file mask: what it creates is never readable or writable by others.
    public static func restrictFileMask() {
        umask(fileMask)
    }

    /// Why the workspace must not be served as it is, nil when it is private: the register or
    /// `.sheetflow/` readable by other users.
    public static func exposure(of space: Workspace) -> String? {
        for path in [space.registerPath, space.root + "/.sheetflow"] {
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            if info.st_mode & 0o007 != 0 {
                let mode = String(info.st_mode & 0o777, radix: 8)
                return "\(path) 的权限是 \(mode)，其他用户可以读取登记册中的个人信息。请运行 chmod -R go-rwx \(space.root)/.sheetflow 后再启动"
                    + "（或重新运行 sheetflow init \(space.root)，它会设好权限）。"
            }
        }
        return nil
    }

    private static func subfolders(of folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).map { folder + "/" + $0 }.filter { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
        }
    }
}
