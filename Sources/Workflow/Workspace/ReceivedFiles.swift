import Foundation

/// The files a workspace has received, as its outbox and failed/ folders hold them: per taken
/// file its folder `outbox/<date>/<name>/` with the receipt, the validation report and the
/// findings JSON; per refused file `failed/<name>` and its `<name>.原因.txt`. Newest first.
public enum ReceivedFiles {
    /// One taken file's outputs.
    public struct Taken: Sendable, Equatable {
        /// `2026-10-03`: the day it was taken in.
        public var day: String
        /// The folder's name: the file's name without its extension.
        public var name: String
        public var folder: String
        public var receipt: String
        public var report: String?
        public var findingsJSON: String?
        public var modified: Date
    }

    /// One refused file and why.
    public struct Refused: Sendable, Equatable {
        public var name: String
        public var reason: String
        public var modified: Date
    }

    /// Every taken file, newest first.
    public static func taken(in workspace: Workspace) -> [Taken] {
        let manager = FileManager.default
        var files: [Taken] = []
        let days = ((try? manager.contentsOfDirectory(atPath: workspace.outbox)) ?? []).filter { isDay($0) }
        for day in days {
            let dayFolder = workspace.outbox + "/" + day
            for name in (try? manager.contentsOfDirectory(atPath: dayFolder)) ?? [] where !name.hasPrefix(".") {
                let folder = dayFolder + "/" + name
                guard let receipt = try? String(contentsOfFile: folder + "/回执.txt", encoding: .utf8) else { continue }
                let contents = (try? manager.contentsOfDirectory(atPath: folder)) ?? []
                let modified = (try? manager.attributesOfItem(atPath: folder + "/回执.txt"))?[.modificationDate] as? Date ?? .distantPast
                files.append(Taken(day: day, name: name, folder: folder, receipt: receipt,
                                   report: contents.first { $0.hasSuffix("-校验报告.xlsx") }.map { folder + "/" + $0 },
                                   findingsJSON: contents.first { $0.hasSuffix("-findings.json") }.map { folder + "/" + $0 }, modified: modified))
            }
        }
        return files.sorted { ($0.day, $0.modified, $0.name) > ($1.day, $1.modified, $1.name) }
    }

    /// Every refused file, newest first.
    public static func refused(in workspace: Workspace) -> [Refused] {
        let manager = FileManager.default
        let names = (try? manager.contentsOfDirectory(atPath: workspace.failed)) ?? []
        return names.filter { $0.hasSuffix(".原因.txt") }.map { reasonFile in
            let path = workspace.failed + "/" + reasonFile
            return Refused(name: String(reasonFile.dropLast(".原因.txt".count)),
                           reason: (try? String(contentsOfFile: path, encoding: .utf8)) ?? "",
                           modified: (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date ?? .distantPast)
        }.sorted { ($0.modified, $0.name) > ($1.modified, $1.name) }
    }

    private static func isDay(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return bytes.count == 10 && bytes[4] == 0x2D && bytes[7] == 0x2D
            && bytes.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 || (0x30...0x39).contains($0.element) }
    }
}
