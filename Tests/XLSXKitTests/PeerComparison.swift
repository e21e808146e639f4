import Foundation
import Testing
import TestSupport
@testable import XLSXKit

/// Reading a file beside programs nobody here wrote: python-calamine reading the same file,
/// openpyxl reading the .xlsx it was saved from; every cell compared as text.
enum PeerComparison {
    /// Every cell with a value as comparable text, by A1 reference (errors left out: calamine shows them empty).
    static func cells(of workbook: WorkbookReader, _ sheet: SheetInfo) throws -> [String: String] {
        var result: [String: String] = [:]
        try workbook.forEachRow(in: sheet) { row in
            for cell in row.cells {
                if let text = comparable(cell.value) { result[cell.reference.description] = text }
            }
        }
        return result
    }

    static func comparable(_ value: CellValue) -> String? {
        switch value {
        case .empty, .error: return nil
        case .string(let text): return text.isEmpty ? nil : text
        case .date(let date):
            let clock = String(format: "%02d:%02d:%02d", date.hour, date.minute, date.second)
            return date.hasDate ? String(format: "%04d-%02d-%02dT", date.year, date.month, date.day) + clock : clock
        default: return value.text
        }
    }

    /// The same normalisation in Python, shared by the calamine and openpyxl dumps.
    static let normalise = """
        import datetime, json, sys
        def norm(v):
            if v is None or v == '': return None
            if isinstance(v, bool): return 'TRUE' if v else 'FALSE'
            if isinstance(v, (int, float)):
                v = float(v)
                return str(int(v)) if v == int(v) and abs(v) < 1e15 else repr(v)
            if isinstance(v, datetime.datetime): return v.strftime('%Y-%m-%dT%H:%M:%S')
            if isinstance(v, datetime.date): return v.strftime('%Y-%m-%dT00:00:00')
            if isinstance(v, datetime.time): return v.strftime('%H:%M:%S')
            if isinstance(v, str) and v.startswith('#'): return None
            return str(v)
        def ref(r, c):
            s = ''
            c += 1
            while c:
                c, m = divmod(c - 1, 26)
                s = chr(65 + m) + s
            return f'{s}{r + 1}'

        """

    /// Expects every sheet python-calamine reads to hold exactly the cells we read (`except` the references named).
    static func expectSameAsCalamine(_ name: String, except: Set<String> = []) throws {
        let script = Self.normalise + """
            from python_calamine import CalamineWorkbook
            wb = CalamineWorkbook.from_path(sys.argv[1])
            out = {}
            for name in wb.sheet_names:
                cells = {}
                for r, row in enumerate(wb.get_sheet_by_name(name).to_python(skip_empty_area=False)):
                    for c, v in enumerate(row):
                        n = norm(v)
                        if n is not None: cells[ref(r, c)] = n
                out[name] = cells
            print(json.dumps(out))
            """
        let theirs = try ExternalTool.python(script, [Fixture.path(name)]) as? [String: [String: String]] ?? [:]
        let workbook = try WorkbookReader(path: Fixture.path(name))
        #expect(!theirs.isEmpty)
        for sheet in workbook.sheets where theirs[sheet.name] != nil {
            #expect(try cells(of: workbook, sheet).filter { !except.contains($0.key) } == theirs[sheet.name]?.filter { !except.contains($0.key) },
                    "\(name) sheet \(sheet.name) differs from python-calamine")
        }
    }

    static func openpyxlCells(_ name: String) throws -> [String: [String: String]] {
        let script = Self.normalise + """
            import openpyxl
            wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
            out = {}
            for ws in wb.worksheets:
                cells = {}
                for row in ws.iter_rows():
                    for cell in row:
                        n = norm(cell.value)
                        if n is not None: cells[cell.coordinate] = n
                out[ws.title] = cells
            print(json.dumps(out))
            """
        return try ExternalTool.python(script, [Fixture.path(name)]) as? [String: [String: String]] ?? [:]
    }
}
