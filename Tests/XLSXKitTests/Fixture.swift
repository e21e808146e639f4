import Foundation
import Testing
@testable import XLSXKit

/// Access to the committed fixture files (see Fixtures/README.md for who wrote each).
enum Fixture {
    /// A fixture's path; an absolute path is returned as it is (for files a test wrote).
    static func path(_ name: String) -> String {
        if name.hasPrefix("/") { return name }
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            fatalError("fixture \(name) is missing: run scripts/make-fixtures.py")
        }
        return url.path
    }

    /// All rows of the first (or named) sheet, kept.
    static func rows(_ name: String, sheet: String? = nil) throws -> [Row] {
        let workbook = try WorkbookReader(path: path(name))
        let info = try sheet.map { try workbook.sheet(named: $0) } ?? workbook.sheets[0]
        return try workbook.rows(in: info)
    }

    /// The value at an A1 reference in a set of rows.
    /// All rows of the first sheet of a workbook at `path`.
    static func rowsAt(_ path: String) throws -> [Row] {
        let workbook = try WorkbookReader(path: path)
        return try workbook.rows(in: workbook.sheets[0])
    }

    static func value(_ rows: [Row], _ reference: String) -> CellValue {
        let ref = CellReference(reference)!
        return rows.first { $0.index == ref.row }?.value(atColumn: ref.column) ?? .empty
    }

    /// The error thrown while opening and fully reading a fixture.
    static func readError(_ name: String, limits: ZipLimits = .standard) -> XLSXError? {
        do {
            let workbook = try WorkbookReader(path: path(name), limits: limits)
            for sheet in workbook.sheets { try workbook.forEachRow(in: sheet) { _ in } }
            return nil
        } catch let error as XLSXError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }
}

func date(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> CellValue {
    .date(ExcelDateTime(year: y, month: m, day: d, hour: h, minute: mi, second: s))
}
