import Foundation
import XLSXKit

/// The sets of monthly reports a workspace has published (`outbox/<yyyy-mm>月报/`), and how many
/// people each set's lists name — read back from the lists themselves, so whoever shows them
/// (the web page) needs neither the register nor a second copy of the counts.
public enum PublishedReports {
    /// The lists whose people are counted, by the start of their file name.
    public static let countedLists = ["应参未参", "应代缴未代缴", "应发未发", "跨地推送"]

    /// Months with a published set, oldest first.
    public static func months(in workspace: Workspace) -> [ReportMonth] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: workspace.outbox)) ?? []
        return names.compactMap { name in name.hasSuffix("月报") ? ReportMonth(String(name.dropLast(2))) : nil }
            .sorted { ($0.year, $0.month) < ($1.year, $1.month) }
    }

    /// The files of a month's set, by name (no sub-folders, no hidden files).
    public static func files(of month: ReportMonth, in workspace: Workspace) -> [String] {
        let folder = workspace.reportFolder(for: month)
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { name in
            var isFolder: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder) && !isFolder.boolValue
        }.sorted()
    }

    /// People on each counted list of a month's set (跨地推送 summed over its destinations); a
    /// list the set lacks is left out.
    public static func counts(of month: ReportMonth, in workspace: Workspace) -> [String: Int] {
        var counts: [String: Int] = [:]
        for name in files(of: month, in: workspace) where name.hasSuffix(".xlsx") {
            guard let list = countedLists.first(where: { name.hasPrefix($0) }),
                  let people = try? people(in: workspace.reportFolder(for: month) + "/" + name) else { continue }
            counts[list, default: 0] += people
        }
        return counts
    }

    /// The rows of a list whose 序号 (column A) is a number, below its header.
    static func people(in path: String) throws -> Int {
        let workbook = try WorkbookReader(path: path)
        guard let sheet = workbook.sheets.first else { return 0 }
        var people = 0
        try workbook.forEachRow(in: sheet) { row in
            if case .number = row.value(atColumn: 1) { people += 1 }
        }
        return people
    }
}
