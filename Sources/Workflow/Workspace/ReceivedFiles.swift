import Foundation

/// The files a workspace has received, as its outbox and failed/ folders hold them: per taken
/// file its folder `outbox/<date>/<name>/` with the receipt, the validation report and the
/// findings JSON; per refused file `failed/<name>` and its `<name>.原因.txt`. Newest first. Who
/// sent each is the intake journal's word (the inbox sub-folder, or the senders the register took
/// the file as), nil for a file the journal does not know or dropped in the inbox root unread.
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
        /// The sender, or several joined by 、.
        public var sender: String?
    }

    /// One refused file and why.
    public struct Refused: Sendable, Equatable {
        public var name: String
        public var reason: String
        public var modified: Date
        public var sender: String?
    }

    /// Every taken file, newest first.
    public static func taken(in workspace: Workspace) -> [Taken] {
        let manager = FileManager.default
        var files: [Taken] = []
        let senders = sendersByPlace(in: workspace)
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
                                   findingsJSON: contents.first { $0.hasSuffix("-findings.json") }.map { folder + "/" + $0 }, modified: modified,
                                   sender: senders["outbox/\(day)/\(name)"]))
            }
        }
        return files.sorted { ($0.day, $0.modified, $0.name) > ($1.day, $1.modified, $1.name) }
    }

    /// Every refused file, newest first.
    public static func refused(in workspace: Workspace) -> [Refused] {
        let manager = FileManager.default
        let names = (try? manager.contentsOfDirectory(atPath: workspace.failed)) ?? []
        let senders = sendersByPlace(in: workspace)
        return names.filter { $0.hasSuffix(".原因.txt") }.map { reasonFile in
            let path = workspace.failed + "/" + reasonFile
            let name = String(reasonFile.dropLast(".原因.txt".count))
            return Refused(name: name, reason: (try? String(contentsOfFile: path, encoding: .utf8)) ?? "",
                           modified: (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date ?? .distantPast,
                           sender: senders["failed/" + name])
        }.sorted { ($0.modified, $0.name) > ($1.modified, $1.name) }
    }

    /// The journal's sender of each file, by its outbox folder (`outbox/<day>/<name>`) and by where a
    /// refused original went (`failed/<name>`): the journal's paths are as the service was given the
    /// workspace, which need not be how this process names it.
    private static func sendersByPlace(in workspace: Workspace) -> [String: String] {
        guard FileManager.default.fileExists(atPath: workspace.registerPath),
              let tickets = try? Register(readingAt: workspace.registerPath).tickets() else { return [:] }
        var senders: [String: String] = [:]
        for ticket in tickets {
            guard let sender = ticket.sender else { continue }
            if let outbox = ticket.outbox {
                senders["outbox/" + URL(fileURLWithPath: outbox).pathComponents.suffix(2).joined(separator: "/")] = sender
            }
            if let destination = ticket.destination, ticket.failure != nil { senders["failed/" + (destination as NSString).lastPathComponent] = sender }
        }
        return senders
    }

    private static func isDay(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return bytes.count == 10 && bytes[4] == 0x2D && bytes[7] == 0x2D
            && bytes.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 || (0x30...0x39).contains($0.element) }
    }
}
