import Foundation
import XLSXKit

/// Takes one dropped file through its steps (see `Ticket.State`): claim it into a work folder,
/// validate and register it, write its outputs aside and rename them into outbox/ whole, then
/// move the original to archive/ (or to failed/ with a reason). Every step can be run again after
/// a crash: the journal says where the file was, and each step checks what is already done.
struct IntakeProcessor {
    let space: Workspace
    let config: WorkspaceConfig
    let profile: Profile
    let register: Register
    let log: ServiceLog

    private var fileManager: FileManager { .default }

    func workFolder(_ ticket: Ticket) -> String { "\(space.work)/\(ticket.id)" }
    func input(_ ticket: Ticket) -> String { "\(workFolder(ticket))/input/\(ticket.name)" }
    func outputs(_ ticket: Ticket) -> String { "\(workFolder(ticket))/out" }

    /// Moves an inbox file into a new work folder, recorded first in the journal.
    func claim(_ file: InboxFile, now: Date) throws -> Ticket {
        let stamp = ChinaTime.timestamp(now)
        let id = stamp.filter(\.isNumber) + "-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        var ticket = Ticket(id: id, name: file.name, source: file.relative, sender: file.sender, kind: file.kind?.rawValue, arrivedAt: stamp)
        try register.record(ticket)
        try fileManager.createDirectory(atPath: "\(workFolder(ticket))/input", withIntermediateDirectories: true)
        do {
            try fileManager.moveItem(atPath: file.path, toPath: input(ticket))
        } catch {
            // Gone or locked in the meantime: forget it; the next scan sees what is there.
            try? fileManager.removeItem(atPath: workFolder(ticket))
            try register.forget(ticket)
            throw error
        }
        ticket.state = .claimed
        return ticket
    }

    /// Runs the ticket's remaining steps; returns it done.
    @discardableResult
    func finish(_ start: Ticket) throws -> Ticket? {
        var ticket = start
        while ticket.state != .done {
            switch ticket.state {
            case .claimed:
                guard fileManager.fileExists(atPath: input(ticket)) else {
                    // The crash came between the journal entry and the move: the file is still in the inbox.
                    try? fileManager.removeItem(atPath: workFolder(ticket))
                    try register.forget(ticket)
                    return nil
                }
                ticket = try take(ticket)
            case .registered:
                ticket = try publish(ticket)
            case .published:
                ticket = try place(ticket, under: "\(space.archive)/\(ticket.arrivedAt.prefix(7))")
            case .failing:
                ticket = try place(ticket, under: space.failed)
            case .done:
                break
            }
        }
        try? fileManager.removeItem(atPath: workFolder(ticket))
        return ticket
    }

    /// Validates and registers the file; its receipt and the journal's new state are written in
    /// the register's transaction.
    private func take(_ ticket: Ticket) throws -> Ticket {
        try? fileManager.removeItem(atPath: outputs(ticket))   // a half-written report of an interrupted try
        // The content decides, not the name: the reader's reason says what a file that is not a workbook is.
        // The register's 移交时间 is the file's own arrival (its modification time, which moving keeps),
        // not when the service got to it; the outbox and archive folders are dated by the latter.
        let options = IngestOptions(profile: profile, sender: ticket.sender, kind: ticket.kind.flatMap(FileKind.init(rawValue:)),
                                    receivedAt: IngestOptions.arrival(of: input(ticket), now: ChinaTime.date(ticket.arrivedAt) ?? Date()),
                                    reportFolder: outputs(ticket))
        do {
            var registered = ticket
            let receipt = try register.ingest(input(ticket), options: options) { db, receipt in
                registered.state = .registered
                registered.receipt = receipt.lines
                // Dropped in the inbox root: the senders the register took it as say whose it is.
                if registered.sender == nil, !receipt.senders.isEmpty { registered.sender = receipt.senders.joined(separator: "、") }
                registered.asOf = receipt.asOf
                registered.kind = receipt.kind?.rawValue
                try register.record(registered, in: db)
            }
            if receipt.duplicateOf != nil {
                registered.state = .registered
                registered.receipt = receipt.lines
                try register.record(registered)
            }
            return registered
        } catch let error as XLSXError {
            return try failing(ticket, error.message)
        } catch let error as IngestError {
            return try failing(ticket, error.description)
        } catch let error as RegisterError {
            throw error   // the register itself is unusable: not this file's fault, retried after a restart
        } catch {
            // Anything else this file triggers must not block the ones behind it.
            return try failing(ticket, "处理时出错（\(error)）。请把此文件和工作区中的 .sheetflow/sheetflow.log 交给技术人员。")
        }
    }

    private func failing(_ claimed: Ticket, _ reason: String) throws -> Ticket {
        var ticket = claimed
        ticket.state = .failing
        ticket.failure = reason
        try register.record(ticket)
        return ticket
    }

    /// Writes the receipt and validation report into the work folder and renames it into outbox/;
    /// then makes the month's reports anew and publishes them whole in `outbox/<yyyy-mm>月报/`.
    private func publish(_ registered: Ticket) throws -> Ticket {
        // The month the file reports on, unless it changed nothing (a duplicate) or is a statistics table.
        let month = registered.asOf.flatMap { ReportMonth(String($0.prefix(7))) }.flatMap { month in
            registered.receipt.contains(where: { $0.contains("已处理过") }) || registered.kind == FileKind.statistics.rawValue ? nil : month
        }
        var ticket = try deliver(registered) { target in
            var lines = registered.receipt.map { $0.replacingOccurrences(of: outputs(registered), with: target) }
            if let month {
                lines.append("已按登记册更新\(month)的全部报表：\(relative(space.reportFolder(for: month)))/（总是该月最新的一套；被替换的旧版本在 \(relative(space.reportHistory))/）")
            }
            lines.append("原件归档：archive/\(registered.arrivedAt.prefix(7))/")
            return lines
        }
        let target = ticket.outbox!
        if let month {
            let draft = "\(workFolder(ticket))/月报"
            try? fileManager.removeItem(atPath: draft)   // what an interrupted try left
            _ = try MonthlyReport.write(register: register, options: MonthlyReportOptions(profile: profile, month: month, folder: draft, unit: config.unit))
            try space.publishReports(draft, for: month, group: config.group)
        }
        ticket.state = .published
        try register.record(ticket)
        log.line("已处理 \(ticket.source)：\(ticket.receipt.dropFirst().first ?? ticket.receipt.first ?? "")  输出：\(relative(target))")
        return ticket
    }

    /// Gives the ticket its outbox folder (chosen once and recorded, so a retry after a crash uses
    /// the same), writes `receipt`'s lines as 回执.txt beside the work folder's outputs and renames
    /// them into that folder whole.
    private func deliver(_ current: Ticket, receipt: (_ target: String) -> [String]) throws -> Ticket {
        var ticket = current
        if ticket.outbox == nil {
            ticket.outbox = unusedPath("\(space.outbox)/\(ticket.arrivedAt.prefix(10))/\((ticket.name as NSString).deletingPathExtension)")
            try register.record(ticket)
        }
        let target = ticket.outbox!
        let folder = outputs(ticket)
        if !fileManager.fileExists(atPath: target) || fileManager.fileExists(atPath: folder) {
            try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try writeWhole(receipt(target).joined(separator: "\n") + "\n", to: "\(folder)/回执.txt")
            try fileManager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            WorkspaceAccess.share(folder, group: config.group)
            try fileManager.moveItem(atPath: folder, toPath: target)
        }
        return ticket
    }

    /// Moves the original to archive/ or failed/ (a failed one with its reason beside it; a
    /// validation report made before it failed goes to its outbox folder, which the reason names).
    private func place(_ current: Ticket, under folder: String) throws -> Ticket {
        var ticket = current
        if ticket.destination == nil {
            ticket.destination = unusedPath("\(folder)/\(ticket.name)")
            try register.record(ticket)
        }
        let destination = ticket.destination!
        var failure = ticket.failure ?? ""
        let made = (try? fileManager.contentsOfDirectory(atPath: outputs(ticket))) ?? []
        if ticket.state == .failing, ticket.outbox != nil || !made.isEmpty {
            ticket = try deliver(ticket) { target in
                ["文件：\(ticket.source)", "未能处理：" + failure.replacingOccurrences(of: outputs(ticket), with: relative(target)),
                 "原件已移入 \(relative(destination))"]
            }
            failure = failure.replacingOccurrences(of: outputs(ticket), with: relative(ticket.outbox!))
        }
        if fileManager.fileExists(atPath: input(ticket)) {
            try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            if ticket.state == .failing {
                try writeWhole("文件：\(ticket.source)\n收到时间：\(ticket.arrivedAt)\n未能处理：\(failure)\n", to: destination + ".原因.txt")
                WorkspaceAccess.share(destination + ".原因.txt", group: config.group)
            }
            // The original as dropped may be readable by anyone; in archive/ and failed/ it is not.
            WorkspaceAccess.share(input(ticket), group: config.group)
            try fileManager.moveItem(atPath: input(ticket), toPath: destination)
        }
        if ticket.state == .failing { log.line("未能处理 \(ticket.source)，已移入 \(relative(destination))：\(failure)") }
        ticket.state = .done
        try register.record(ticket)
        return ticket
    }

    /// `path`, or `name-2.ext`, `name-3.ext`, … when taken.
    private func unusedPath(_ path: String) -> String {
        guard fileManager.fileExists(atPath: path) || fileManager.fileExists(atPath: path + ".原因.txt") else { return path }
        let base = (path as NSString).deletingPathExtension, ext = (path as NSString).pathExtension
        var number = 2
        while true {
            let candidate = base + "-\(number)" + (ext.isEmpty ? "" : "." + ext)
            if !fileManager.fileExists(atPath: candidate) { return candidate }
            number += 1
        }
    }

    /// Writes a text file aside and renames it into place.
    private func writeWhole(_ text: String, to path: String) throws {
        let aside = path + ".part"
        try Data(text.utf8).write(to: URL(fileURLWithPath: aside))
        _ = try? fileManager.removeItem(atPath: path)
        try fileManager.moveItem(atPath: aside, toPath: path)
    }

    private func relative(_ path: String) -> String {
        path.hasPrefix(space.root + "/") ? String(path.dropFirst(space.root.count + 1)) : path
    }
}
