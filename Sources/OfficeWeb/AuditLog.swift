import Foundation
import Workflow

/// What the web page's users did that the office must be able to account for — logins, every
/// view of a full ID number and every download — one JSON object per line in the workspace's
/// `.sheetflow/web/audit.log` (readable by the service's user only). ID numbers are written masked.
final class AuditLog: @unchecked Sendable {
    let path: String
    private let lock = NSLock()

    init(workspace: Workspace) {
        path = workspace.root + "/.sheetflow/web/audit.log"
    }

    /// Appends one entry: who (`user`, nil before login or without accounts), what, on what, from
    /// where. False when it could not be written: what it would record is then not done.
    @discardableResult
    func write(user: String?, action: String, object: String, address: String?, now: Date = Date()) -> Bool {
        var entry: [String: String] = ["time": ChinaTime.timestamp(now), "user": user ?? "（未设账户，本机）", "action": action, "object": object]
        if let address { entry["address"] = address }
        guard var line = try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys, .withoutEscapingSlashes]) else { return false }
        line.append(0x0A)
        return lock.withLock {
            if !FileManager.default.fileExists(atPath: path) {
                try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            guard let handle = FileHandle(forWritingAtPath: path) else { return false }
            defer { try? handle.close() }
            do {
                try handle.seekToEnd()
                try handle.write(contentsOf: line)
                return true
            } catch {
                return false
            }
        }
    }

    /// Why a download or a full ID is refused when its entry cannot be written.
    var unwritable: String { "审计日志 \(path) 无法写入（磁盘已满或没有权限？），为此未提供。请通知管理员检查后再试。" }
}

extension AuditLog {
    /// A name typed at login, as logged: at most 32 characters, no control characters, masked if it looks like an ID number.
    static func shown(_ typed: String) -> String {
        PersonReport.shown(query: String(String(typed.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init)).prefix(32)))
    }
}
