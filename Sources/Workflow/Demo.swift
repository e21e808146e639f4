import Foundation
import XLSXKit

/// The embedded default behind `sheetflow demo`: a sample workspace with a synthetic roster
/// (no real personal data), read back the way every later step will read a clerk's file.
///
/// Grows with the project: today it lays out the workspace and reads the sample list.
public struct Demo {
    /// What the demo produced, for the command to print.
    public struct Outcome: Sendable {
        /// The workspace folder.
        public var workspace: URL
        /// The sample roster placed in the inbox.
        public var roster: URL
        /// The sheets of the roster with their row counts.
        public var sheets: [(name: String, rows: Int, cells: Int)]
        /// The first rows of the first sheet, as text.
        public var preview: [[String]]
    }

    /// The workspace folder the demo writes into.
    public let workspace: URL

    /// A demo writing into `workspace` (created if needed).
    public init(workspace: URL) {
        self.workspace = workspace
    }

    /// Creates the workspace folders, places the sample roster in `inbox/民政局/`, and reads it.
    public func run() throws -> Outcome {
        let fileManager = FileManager.default
        for folder in ["inbox/民政局", "outbox", "archive", "failed"] {
            try fileManager.createDirectory(at: workspace.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        guard let sample = Bundle.module.url(forResource: "sample-roster", withExtension: "xlsx") else {
            throw CocoaError(.fileNoSuchFile)
        }
        let roster = workspace.appendingPathComponent("inbox/民政局/示例-低保对象名单.xlsx")
        if fileManager.fileExists(atPath: roster.path) { try fileManager.removeItem(at: roster) }
        try fileManager.copyItem(at: sample, to: roster)

        let workbook = try WorkbookReader(path: roster.path)
        var sheets: [(String, Int, Int)] = []
        var preview: [[String]] = []
        for sheet in workbook.sheets {
            let summary = try workbook.forEachRow(in: sheet) { row in
                if sheet.index == 0, preview.count < 8, row.count > 0 {
                    preview.append(row.cells.map { "\($0.reference)=\($0.value.text)" })
                }
            }
            sheets.append((sheet.name, summary.rowCount, summary.cellCount))
        }
        return Outcome(workspace: workspace, roster: roster, sheets: sheets, preview: preview)
    }
}
