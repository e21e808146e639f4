import Foundation
import Workflow

/// Where uploaded files and their reports live: one folder per upload under the workspace's
/// `.sheetflow/web/uploads/`, named by a random token. The sender's file name is shown, never
/// used as a path: the file is stored as `upload.<extension>` (the extension only if it is a
/// plain one), and old uploads are removed after a day. An upload is its uploader's alone: the
/// account that made it (`owner.txt`) is the only one that may download its report or submit it.
struct UploadStore {
    let folder: String
    static let keptSeconds: TimeInterval = 24 * 3600

    init(workspace: Workspace) {
        folder = workspace.root + "/.sheetflow/web/uploads"
    }

    /// A new upload's folder, `owner`'s, and the path to store its bytes at.
    func create(originalName: String, owner: Visitor) throws -> (token: String, input: String) {
        removeOld()
        let token = FormToken.newToken()
        let directory = folder + "/" + token
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Self.owner(owner).write(toFile: directory + "/owner.txt", atomically: true, encoding: .utf8)
        let ext = URL(fileURLWithPath: originalName).pathExtension.lowercased()
        let plain = !ext.isEmpty && ext.count <= 5 && ext.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        return (token, directory + "/upload" + (plain ? "." + ext : ""))
    }

    /// The folder of an earlier upload, if `token` names one that `owner` made.
    func directory(of token: String, owner: Visitor) -> String? {
        guard FormToken.isWellFormed(token) else { return nil }
        let directory = folder + "/" + token
        guard let made = try? String(contentsOfFile: directory + "/owner.txt", encoding: .utf8), made == Self.owner(owner) else { return nil }
        return directory
    }

    private static func owner(_ visitor: Visitor) -> String { visitor.account.map { "account:" + $0 } ?? "local" }

    /// Removes uploads older than `keptSeconds`.
    func removeOld(now: Date = Date()) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where FormToken.isWellFormed(name) {
            let path = folder + "/" + name
            if let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
               now.timeIntervalSince(modified) > UploadStore.keptSeconds {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }

    /// A sender's file name as shown: its last path component, without control characters, at most 100 characters.
    static func displayName(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { !$0.properties.isNoncharacterCodePoint && $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        let name = clean.trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? "上传的文件" : String(name.prefix(100))
    }
}
